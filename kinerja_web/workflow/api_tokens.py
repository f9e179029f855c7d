"""API tokens: the admin makes one (the secret shown once, only its hash kept) and revokes it; a use the
API refuses is audited too, so an admin sees a revoked token still being tried, or a token probing ids
outside its agency.

An agency admin makes tokens for their agency, the province admin for any agency or for the whole
province (``agency`` None). A token reads, it never writes (``access``: ``api.read``).
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from .. import access
from ..clock import today, utcnow
from ..extensions import db
from ..models import Agency, ApiToken
from ..models.api import NAME_MAX, digest, new_secret
from ..models.audit import record
from .base import AlreadyDone, TransitionError, transition

# Why the API refused a token; the audit entry's ``after["reason"]``.
DENIALS = ("unknown", "revoked", "expired", "agency_inactive", "outside_scope")


@transition
def create_token(agency: Agency | None, actor, name: str, expires_on: date | None = None) -> tuple[ApiToken, str]:
    """A new token reading ``agency`` (None: every agency); returns it with its secret, which is not kept."""
    token = ApiToken(agency_id=agency.id if agency is not None else None)
    access.require(actor, "api_token.manage", token)
    name = (name or "").strip()
    fields = {}
    if not name:
        fields["name"] = [_l("This field is required.")]
    elif len(name) > NAME_MAX:
        fields["name"] = [_l("At most %(max)d characters.", max=NAME_MAX)]
    if expires_on is not None and expires_on < today():
        fields["expires_on"] = [_l("The last day cannot be in the past.")]
    if fields:
        raise TransitionError(fields=fields)
    secret = new_secret()
    token.name, token.token_hash, token.hint = name, digest(secret), secret[:8]
    token.expires_on, token.created_by_id = expires_on, actor.id
    db.session.add(token)
    db.session.flush()
    record(actor, "api_token.create", token, after={"name": name, "agency_id": token.agency_id, "hint": token.hint,
                                                     "expires_on": expires_on.isoformat() if expires_on else None})
    return token, secret


@transition
def revoke_token(token: ApiToken, actor) -> ApiToken:
    """Stop a token at once, on every server (the API looks the token up on every request)."""
    access.require(actor, "api_token.manage", token)
    if token.revoked_at is not None:
        raise AlreadyDone([_l("This token is already revoked.")])
    token.revoked_at, token.revoked_by_id = utcnow(), actor.id
    record(actor, "api_token.revoke", token, before={"revoked": False}, after={"revoked": True, "name": token.name})
    return token


@transition
def deny_use(token: ApiToken | None, reason: str, path: str, address: str | None) -> None:
    """Audit a use of the API that was refused: an unknown, revoked or expired token, a token of a
    deactivated agency, or a token asking for a row outside its agency. A request without any token
    is refused without an entry (it presents nothing to audit)."""
    if reason not in DENIALS:
        raise ValueError(f"unknown denial {reason!r}")
    # an unknown secret has no row: the entry names the kind of object and no id
    subject = token if token is not None else ApiToken(name="")
    record(None, "api_token.denied", subject, after={"reason": reason, "path": path[:300], "address": address},
           note=token.name if token is not None else "")
