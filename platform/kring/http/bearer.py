"""Bearer tokens on the JSON API, and the cross-site check for everything else.

A request to a tenant's ``/api/`` with ``Authorization: Bearer …`` is signed in as the token's
user for that request alone: no session is made, the tenant in the URL must be the token's,
and every permission the view needs must also be in the token's scopes (``has_permission``
asks ``scopes_allow``). A token that is unknown, expired, revoked or from another tenant
answers 401, never a fallback to a cookie. Each token has its own rate limit.

The cross-site request check (Flask-WTF's CSRF token) runs here, after the bearer check,
because a request authenticated by a header cannot be forged by a foreign page: only cookies
ride along on their own.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NoReturn

from flask import Flask, abort, current_app, g, request
from flask_babel import gettext as _
from limits import parse
from werkzeug.exceptions import HTTPException

from kring.apiaccess import scopes
from kring.apiaccess.models import ApiToken
from kring.core.accounts import User
from kring.core.db import utcnow
from kring.extensions import csrf, db, limiter

LAST_USED_EVERY = timedelta(minutes=5)
"""How stale ``last_used_at`` may get: a write on every call would double an API call's cost."""


def init_bearer(app: Flask) -> None:
    @app.before_request
    def _bearer_then_csrf() -> None:
        header = request.headers.get("Authorization", "")
        if header[:7].lower() == "bearer " and "/api/" in request.path:
            _sign_in_for_this_request(header[7:].strip())
        elif app.config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)


def _sign_in_for_this_request(secret: str) -> None:
    from kring.apiaccess.service import token_for  # the area builds on this package

    now = utcnow()
    token = token_for(secret, now) if g.get("tenant") is not None and secret else None
    if token is None:
        _refuse(401, _("The token is unknown, expired or revoked, or not for this organisation."))
    limit = parse(current_app.extensions["kring.config"].api_token_rate_limit)
    if not limiter.limiter.hit(limit, "api-token", str(token.id)):
        _refuse(429, _("This token made too many requests. Wait a minute and try again."))
    user = db.session.get(User, token.user_id)
    if user is None or not user.is_active:
        _refuse(401, _("The person this token belongs to can no longer sign in."))
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        token.last_used_at = now
        db.session.commit()
    g.api_token = token
    g._login_user = user  # Flask-Login's user for this request; no session is written


def _refuse(status: int, message: str) -> NoReturn:
    try:
        abort(status)
    except HTTPException as error:
        error.data = {"message": message}  # type: ignore[attr-defined]
        error.headers = {"WWW-Authenticate": 'Bearer realm="kring"'}  # type: ignore[attr-defined]
        raise
    raise AssertionError("abort always raises")  # pragma: no cover


def scopes_allow(permission: str) -> bool:
    """Whether the request's token, if any, has a scope for ``permission``."""
    token: ApiToken | None = g.get("api_token")
    return token is None or scopes.allows(token.scope_list, permission, request.method)


def is_bearer_request() -> bool:
    """Whether the request was signed in by a token, not a session (session rules skip it)."""
    return g.get("api_token") is not None
