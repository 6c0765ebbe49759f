"""Sign-in sessions kept on the server: one row per sign-in, so a person sees where they are
signed in and ends any of it, and time-outs hold whatever the browser's cookie says.

The cookie carries a random key; only its digest is stored. A session ends when it is revoked,
when the login's ``session_version`` moved on (``User.end_sessions``: a password reset signs out
everywhere), when it has been idle too long or when it is simply too old; how long depends on
who signed in (``KINDS``, from the settings).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from kring.config import Config
from kring.core.accounts import User
from kring.core.db import utcnow
from kring.extensions import db
from kring.identity.models import SignInSession

KINDS = ("staff", "member", "participant")
MAX_ID = 2**31 - 1
"""The largest id a row has (the integer columns of SQLite and PostgreSQL alike)."""
TOUCH_EVERY = timedelta(minutes=1)
"""``last_seen_at`` is written at most this often, so a busy page does not write every time."""


@dataclass(frozen=True)
class Limits:
    """How long a kind of sign-in may sit idle, and how long it may last at all."""

    idle: timedelta
    absolute: timedelta


def limits(config: Config, kind: str) -> Limits:
    """The time-outs of ``kind`` from the settings (``KRING_SESSION_IDLE_MINUTES_<KIND>``,
    ``KRING_SESSION_ABSOLUTE_HOURS_<KIND>``)."""
    kind = kind if kind in KINDS else "staff"
    return Limits(
        idle=timedelta(minutes=getattr(config, f"session_idle_minutes_{kind}")),
        absolute=timedelta(hours=getattr(config, f"session_absolute_hours_{kind}")),
    )


def digest(key: str) -> str:
    """What is stored of a cookie's key: a copy of the database names no browser's session."""
    return hashlib.sha256(key.encode()).hexdigest()


def start(
    user: User,
    *,
    kind: str,
    has_second_factor: bool,
    user_agent: str = "",
    ip: str = "",
    now: datetime | None = None,
) -> str:
    """Record a new sign-in; returns the key its cookie carries (shown nowhere else)."""
    key = secrets.token_urlsafe(32)
    moment = now or utcnow()
    db.session.add(
        SignInSession(
            user_id=user.id,
            key_digest=digest(key),
            session_version=user.session_version,
            kind=kind,
            created_at=moment,
            last_seen_at=moment,
            confirmed_at=moment,
            has_second_factor=has_second_factor,
            user_agent=user_agent[:300],
            ip=ip[:45],
        )
    )
    db.session.flush()
    return key


def ends_at(record: SignInSession, config: Config) -> datetime:
    """When this sign-in ends unless the person does something before then."""
    limit = limits(config, record.kind)
    return min(record.last_seen_at + limit.idle, record.created_at + limit.absolute)


def is_alive(record: SignInSession, config: Config, now: datetime | None = None) -> bool:
    """Not revoked and within both its idle and its absolute time-out."""
    return record.revoked_at is None and (now or utcnow()) < ends_at(record, config)


def load(key: str) -> tuple[User, SignInSession] | None:
    """The login and the sign-in a cookie's key names, in one query; None when there is none."""
    row = db.session.execute(
        select(User, SignInSession)
        .join(SignInSession, SignInSession.user_id == User.id)
        .where(SignInSession.key_digest == digest(key))
    ).first()
    return (row[0], row[1]) if row is not None else None


def touch(record: SignInSession, now: datetime | None = None) -> bool:
    """Note that the sign-in was used; returns whether it wrote (at most once a minute)."""
    moment = now or utcnow()
    if moment - record.last_seen_at < TOUCH_EVERY:
        return False
    record.last_seen_at = moment
    return True


def confirm(record: SignInSession, now: datetime | None = None) -> None:
    """The person gave their password (and code) again: exports are open for a while."""
    record.confirmed_at = now or utcnow()


def confirmed_within(
    record: SignInSession | None, minutes: int, now: datetime | None = None
) -> bool:
    """Whether the password (and code) were given at most ``minutes`` ago in this sign-in."""
    if record is None:
        return False
    return (now or utcnow()) - record.confirmed_at <= timedelta(minutes=minutes)


def of_user(user: User, config: Config, now: datetime | None = None) -> list[SignInSession]:
    """The login's sign-ins that still work, newest first (for the account page and the API)."""
    rows = db.session.execute(
        select(SignInSession)
        .where(SignInSession.user_id == user.id, SignInSession.revoked_at.is_(None))
        .order_by(SignInSession.created_at.desc(), SignInSession.id.desc())
    ).scalars()
    moment = now or utcnow()
    return [r for r in rows if is_alive(r, config, moment) and _current_version(r, user)]


def _current_version(record: SignInSession, user: User) -> bool:
    # Rows started before User.end_sessions are dead even unrevoked; the cookie's version says
    # so, and the row records the version it began with.
    return record.session_version == user.session_version


def revoke(user: User, session_id: int, now: datetime | None = None) -> SignInSession | None:
    """End one of the login's own sign-ins; None when it is not theirs (the caller answers 404).
    The browser holding it is signed out at its next request."""
    if not 0 < session_id <= MAX_ID:
        return None  # a number no id can be (the database would refuse to compare it)
    record = db.session.execute(
        select(SignInSession).where(
            SignInSession.id == session_id, SignInSession.user_id == user.id
        )
    ).scalar_one_or_none()
    if record is None:
        return None
    if record.revoked_at is None:
        record.revoked_at = now or utcnow()
    return record


def revoke_all(user: User, now: datetime | None = None) -> None:
    """End every sign-in of the login (a reset of their second factor, signing out everywhere)."""
    db.session.execute(
        update(SignInSession)
        .where(SignInSession.user_id == user.id, SignInSession.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
    )


@dataclass(frozen=True)
class SessionView:
    """One working sign-in as the account page and the API show it."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    ends_at: datetime
    user_agent: str
    ip: str
    has_second_factor: bool
    is_current: bool


def listed(user: User, config: Config, current_id: int | None) -> list[SessionView]:
    """The login's working sign-ins, newest first, the one asking marked."""
    return [
        SessionView(
            id=r.id,
            created_at=r.created_at,
            last_seen_at=r.last_seen_at,
            ends_at=ends_at(r, config),
            user_agent=r.user_agent,
            ip=r.ip,
            has_second_factor=r.has_second_factor,
            is_current=r.id == current_id,
        )
        for r in of_user(user, config)
    ]
