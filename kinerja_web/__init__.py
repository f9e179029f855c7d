"""kinerja_web: performance management for ASN (PermenPANRB 6/2022)."""
from .hookspecs import hookimpl

__all__ = ["hookimpl", "create_app"]


def create_app(config=None, plugins=None, web_only=False):
    """Build the Flask app; see :mod:`kinerja_web.app`."""
    from .app import create_app as _create

    return _create(config, plugins, web_only)
