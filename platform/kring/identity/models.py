"""The tables of a person's second factor and of their sign-in sessions.

All three are global, like ``user_account``: one login works for several tenants, so their
second factor and their sessions belong to the login, not to a tenant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, event, update
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.accounts import Role, RoleGrant, TrainerGrant
from kring.core.db import Model, utcnow


class SecondFactor(Model):
    """A login's authenticator app (TOTP). Until ``confirmed_at`` is set it is only being
    enrolled: its secret was shown but no code from it has been seen yet, so it asks nothing."""

    __tablename__ = "second_factor"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    secret: Mapped[str] = mapped_column(String(300))
    """The TOTP secret, encrypted with a key derived from the app's secret key: a copy of the
    database alone cannot make codes."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_step: Mapped[int | None]
    """The time step of the last code accepted: a code is spent once, so a code seen over a
    shoulder cannot be used again in its half minute."""

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(Model):
    """One single-use recovery code, for when the phone is lost; kept as an argon2 hash only."""

    __tablename__ = "recovery_code"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None]


class SignInSession(Model):
    """One sign-in: a browser that entered with a password (and code) or a sign-in card.

    The browser's cookie names it by a random key kept here as a digest; every request checks
    that it is not revoked and not past its idle or absolute time-out (``sessions.py``)."""

    __tablename__ = "sign_in_session"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    key_digest: Mapped[str] = mapped_column(String(64), unique=True)
    session_version: Mapped[int] = mapped_column(default=0)
    """The login's ``session_version`` when it began: ``User.end_sessions`` ends it too."""
    kind: Mapped[str] = mapped_column(String(20))
    """``staff``, ``member`` or ``participant``: which time-outs apply (``sessions.KINDS``)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
    """When the person last gave their password (and code): exports and erasure ask for it
    again when this is too long ago (``requires_recent_sign_in``)."""
    has_second_factor: Mapped[bool] = mapped_column(default=False)
    """Whether this sign-in passed a second factor (or the identity provider's)."""
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    revoked_at: Mapped[datetime | None]


STAFF_ROLE_VALUES = frozenset({Role.tenant_admin, Role.project_leader, Role.coach})
"""Roles that must have a second factor (with platform admins and central trainers)."""


def _end_sign_ins_without_second_factor(_mapper: Any, connection: Any, target: Any) -> None:
    """A login that gains a role needing a second factor (a coach's grant, a trainer's) loses
    the sign-ins it made without one: its next sign-in sets one up. Written in the grant's own
    transaction, so a rolled-back grant ends nothing."""
    role = getattr(target, "role", None)
    if role is not None and role not in STAFF_ROLE_VALUES:
        return
    connection.execute(
        update(SignInSession)
        .where(
            SignInSession.user_id == target.user_id,
            SignInSession.revoked_at.is_(None),
            SignInSession.has_second_factor.is_(False),
        )
        .values(revoked_at=utcnow())
    )


event.listen(RoleGrant, "after_insert", _end_sign_ins_without_second_factor)
event.listen(TrainerGrant, "after_insert", _end_sign_ins_without_second_factor)
