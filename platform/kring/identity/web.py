"""The request side of sign-in sessions: which session a cookie names, noting each sign-in and
sign-out, and asking for the password again before an export (``requires_recent_sign_in``).

The cookie holds the session's random key (``session["sid"]``) next to Flask-Login's user id;
``load_user`` reads the login and its session row in one query, so checking a session costs
nothing beyond loading the user, and it names nobody once the row is revoked, timed out or
older than the login's ``session_version``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask_login import current_user, user_logged_in, user_logged_out
from flask_smorest import abort as api_abort

from kring.core.accounts import User
from kring.core.db import utcnow
from kring.extensions import db
from kring.http.access import PERMISSION_ATTR, wants_json
from kring.identity import service as factors
from kring.identity import sessions
from kring.identity.models import SignInSession

F = TypeVar("F", bound=Callable[..., Any])

SESSION_KEY = "sid"
RECENT_MINUTES = 10


def init(app: Flask) -> None:
    """Record every sign-in and sign-out, and keep sessions' last use (the area's ``init``)."""
    user_logged_in.connect(_signed_in, app)
    user_logged_out.connect(_signed_out, app)
    app.before_request(_touch)


def load_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the login the cookie names, while its session lives."""
    # "id:version" (User.get_id): a session from before the user's sessions were ended
    # carries an old version and names nobody.
    user_id, _, version = session_id.partition(":")
    key = session.get(SESSION_KEY)
    if not (user_id.isdigit() and version.isdigit()) or not isinstance(key, str):
        return None
    found = sessions.load(key)
    if found is None:
        return None
    user, record = found
    if (
        user.id != int(user_id)
        or not user.is_active
        or user.session_version != int(version)
        or record.session_version != user.session_version
        or not sessions.is_alive(record, current_app.extensions["kring.config"])
    ):
        return None
    g.sign_in_session = record
    return user


def current_session() -> SignInSession | None:
    """The session row of this request's sign-in, when the request came with one."""
    if not current_user.is_authenticated:
        return None
    record: SignInSession | None = g.get("sign_in_session")
    return record


def _signed_in(_app: Flask, user: User, **_extra: Any) -> None:
    kind = factors.session_kind(user)
    key = sessions.start(
        user,
        kind=kind,
        has_second_factor=bool(g.pop("second_factor_passed", False)),
        user_agent=request.user_agent.string,
        ip=request.remote_addr or "",
    )
    session[SESSION_KEY] = key
    # A participant's phone keeps its card sign-in across restarts (their time-outs are
    # long); everyone else's ends with the browser, and always at its time-outs.
    session.permanent = kind == "participant"


def _signed_out(_app: Flask, user: User, **_extra: Any) -> None:
    record = g.get("sign_in_session")
    if record is not None and record.revoked_at is None:
        record.revoked_at = utcnow()
        db.session.commit()
    session.pop(SESSION_KEY, None)


def _touch() -> None:
    # Before the view runs, so the write commits nothing of the view's.
    if request.endpoint == "static" or SESSION_KEY not in session:
        return
    record = current_session()
    if record is not None and sessions.touch(record):
        db.session.commit()


def requires_recent_sign_in(minutes: int = RECENT_MINUTES) -> Callable[[F], F]:
    """Let the view run only when the password (and code) were given at most ``minutes`` ago
    in this sign-in: exports and erasure ask again, so an unattended browser cannot take a
    copy of residents' data. A page is sent to ``identity.confirm`` and comes back; the API
    answers 401 naming ``POST /api/v1/account/confirm``. Put it under ``@requires``."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            # A bearer token is no browser left open: its owner made it, its scopes decide.
            if g.get("api_token") is not None or sessions.confirmed_within(
                current_session(), minutes
            ):
                return view(*args, **kwargs)
            if wants_json():
                api_abort(
                    401,
                    message="Confirm your password (and code) first: POST account/confirm.",
                    errors={"json": {"password": ["Confirm who you are first."]}},
                )
            return redirect(url_for("identity.confirm", next=request.full_path.rstrip("?")))

        permission = getattr(view, PERMISSION_ATTR, None)
        if permission is not None:
            setattr(guarded, PERMISSION_ATTR, permission)
        guarded.requires_recent_sign_in = minutes  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate
