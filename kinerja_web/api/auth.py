"""Who calls the API: the token in ``Authorization: Bearer <token>``, nothing else.

The session cookie is never read here (a page's login is not an API login, and a site the person visits
cannot make their browser call the API for them), and no form is posted, so there is no CSRF token.
The principal a token gives is an :data:`access.API_READER`: the access policy lets it read its
agency (``api.read``) and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, request

from .. import access, workflow
from ..clock import today
from ..models.api import PREFIX, digest
from ..queries import api as q


@dataclass(frozen=True)
class TokenPrincipal:
    """An API token acting as a reader of its agency (``agency_id`` None: every agency)."""

    token_id: int
    agency_id: int | None
    name: str
    layout: dict = field(default_factory=dict)  # read with the token; access.agency_active asks it
    role: str = access.API_READER
    employee_id = None
    is_authenticated = True
    is_active = True
    is_anonymous = False

    @property
    def id(self):  # an audit entry's actor is a person; a token's entries name the token instead
        return None


class Refused(Exception):
    """The request's token is refused: 401, with a reason for the caller and, when audited, for the admin."""

    def __init__(self, reason: str, message: str, status: int = 401):
        super().__init__(message)
        self.reason, self.message, self.status = reason, message, status


MESSAGES = {
    "missing": "Send the API token as 'Authorization: Bearer <token>'.",
    "unknown": "The token is not valid.",
    "revoked": "The token has been revoked.",
    "expired": "The token has expired.",
    "agency_inactive": "The token's agency is deactivated.",
}


def _presented() -> str | None:
    scheme, _, secret = (request.headers.get("Authorization") or "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > 200:
        return None
    return secret


def authenticate() -> TokenPrincipal:
    """The principal of this request, kept in ``g.api_principal``; raises :class:`Refused`, audited
    except when no token was sent at all."""
    secret = _presented()
    if secret is None:
        raise Refused("missing", MESSAGES["missing"])
    found = q.token_by_hash(digest(secret)) if secret.startswith(PREFIX) else None
    if found is None:
        return _refuse(None, "unknown")
    token, agency_active = found
    if token.revoked_at is not None:
        return _refuse(token, "revoked")
    if token.expired(today()):
        return _refuse(token, "expired")
    if not agency_active:
        return _refuse(token, "agency_inactive", 403)
    g.api_principal = TokenPrincipal(token.id, token.agency_id, token.name, {"agency_active": agency_active})
    g.api_token = token
    return g.api_principal


def _refuse(token, reason: str, status: int = 401):
    workflow.api_tokens.deny_use(token, reason, request.path, request.remote_addr)
    raise Refused(reason, MESSAGES[reason], status)


def deny_outside_scope() -> None:
    """Audit a token asking for a row outside its agency (the caller answers 404)."""
    workflow.api_tokens.deny_use(g.get("api_token"), "outside_scope", request.full_path.rstrip("?"),
                                 request.remote_addr)


def rate_key() -> str:
    """Flask-Limiter's key: the token (its hash) when one is sent, else the address."""
    secret = _presented()
    return "api:" + digest(secret)[:32] if secret else "api-addr:" + (request.remote_addr or "")
