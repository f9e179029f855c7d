"""What every workflow function shares: the transaction and the refusal it raises."""
from __future__ import annotations

import functools
from contextlib import contextmanager

from ..extensions import db


class TransitionError(Exception):
    """A change the rules refuse, in words for the person who asked for it.

    ``messages`` are for the page (flashed), ``fields`` map a form field's name to
    the messages shown next to it, and ``data`` are values the form should show
    again (the version of a realisation someone else saved meanwhile). Messages
    are translated, or lazy strings that the view translates.
    """

    def __init__(self, messages=(), fields=None, data=None):
        self.messages = list(messages)
        self.fields = {name: list(errors) for name, errors in (fields or {}).items()}
        self.data = dict(data or {})
        super().__init__(self.messages or [m for errors in self.fields.values() for m in errors])

    def on(self, form) -> None:
        """Put the field errors and values on a WTForms form (after its ``validate()``)."""
        for name, errors in self.fields.items():
            field = getattr(form, name)
            if not isinstance(field.errors, list):
                field.errors = list(field.errors)
            field.errors.extend(errors)
        for name, value in self.data.items():
            getattr(form, name).data = value


class AlreadyDone(TransitionError):
    """The same change arrived twice (a form sent twice, a race with another tab); nothing is wrong."""


@contextmanager
def transaction():
    """Commit what the block changed, or roll all of it back when it raises."""
    try:
        yield db.session
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def transition(fn):
    """Run a workflow function as one transaction (see :func:`transaction`)."""
    @functools.wraps(fn)
    def run(*args, **kwargs):
        with transaction():
            return fn(*args, **kwargs)
    return run


def assign(row, values: dict, allowed) -> None:
    """Set parsed form values on a row; a name outside ``allowed`` is a programming error."""
    unknown = set(values) - set(allowed)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)} on {type(row).__name__}")
    for name, value in values.items():
        setattr(row, name, value)
