"""People who log in, the roles they hold per tenant, and what each role may do.

A ``User`` is global (one e-mail, one password); what they may do depends on the tenant they are
in, through ``RoleGrant`` rows that belong to that tenant. Platform admins and central trainers
are the two roles that cross tenants, and trainers never see residents' personal data.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Boolean, Enum, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.memo import once_per_page
from kring.core.tenancy import TenantScoped, current_tenant_id, relationship, tenant_key
from kring.extensions import db

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 10


class Role(enum.StrEnum):
    """The roles a user can hold in one tenant; what each may do is declared by the areas."""

    tenant_admin = "tenant_admin"
    project_leader = "project_leader"
    coach = "coach"
    volunteer = "volunteer"
    participant = "participant"
    signaler = "signaler"
    contributor = "contributor"
    """An organisation that only puts activities on the tenant's calendar (a church, a sports
    club): its grant names the organisation, and it reaches no resident."""


@dataclass(frozen=True)
class Permissions:
    """Which tenant roles hold which permission ("<area>.<verb>").

    Assembled at start-up from what each area's ``Module`` declares, so that an area adds its
    permissions where it defines the views that need them. Views declare the one they need.
    """

    roles_by_permission: Mapping[str, frozenset[Role]]

    @property
    def known(self) -> frozenset[str]:
        return frozenset(self.roles_by_permission)

    def granted(self, roles: Iterable[Role]) -> frozenset[str]:
        """The permissions that any of ``roles`` holds."""
        held = set(roles)
        return frozenset(p for p, allowed in self.roles_by_permission.items() if allowed & held)


class User(Model):
    """Anyone who can log in. Global: the same person may work for several tenants."""

    __tablename__ = "user_account"

    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    """None for a participant who signs in with a card only (``kring.signin``)."""
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(5))
    is_platform_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    """Part of every session's user id: raising it makes every saved session cookie stale."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    # Flask-Login's protocol, written out so that the model stays free of web imports.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign the user out everywhere: a cookie saved before this no longer names them."""
        self.session_version += 1

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class RoleGrant(TenantScoped, Model):
    """A role a user holds in one tenant, optionally limited to one partner organisation."""

    __tablename__ = "role_grant"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30))
    organisation_id: Mapped[int | None] = tenant_key("organisation", ondelete="CASCADE", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship(User)

    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "role", "organisation_id"),)


class TrainerGrant(Model):
    """A central trainer of one methodology: sees its audits across tenants, pseudonymised."""

    __tablename__ = "trainer_grant"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    methodology_key: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "methodology_key"),)


def is_trainer(user: User) -> bool:
    """Whether ``user`` is a central trainer of any methodology: the door to the trainer's
    pages, which hold no tenant role (and no tenant page lets a trainer in for being one)."""
    return (
        db.session.execute(
            select(TrainerGrant.id).where(TrainerGrant.user_id == user.id).limit(1)
        ).first()
        is not None
    )


def normalise_email(email: str) -> str:
    """Addresses compare without case or surrounding spaces, so one person is one account."""

    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this address, whatever its case (accounts are global, not per tenant)."""

    return db.session.execute(
        select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def grants_in_current_tenant(user_id: int) -> tuple[tuple[Role, int | None], ...]:
    """The user's grants in the tenant in scope, each a role and the organisation it covers
    (``None``: the whole tenant); the query is scoped by the tenancy listener. Read once a
    page: the permission check and the need-to-know policy both start from them."""

    def read() -> tuple[tuple[Role, int | None], ...]:
        rows = db.session.execute(
            select(RoleGrant.role, RoleGrant.organisation_id).where(RoleGrant.user_id == user_id)
        ).all()
        return tuple((role, organisation_id) for role, organisation_id in rows)

    return once_per_page(("accounts.grants", user_id, current_tenant_id()), read)


def roles_in_current_tenant(user: User) -> set[Role]:
    """The user's roles in the tenant in scope."""
    return {role for role, _organisation in grants_in_current_tenant(user.id)}


PLATFORM_ADMIN_PERMISSIONS = frozenset({"tenant.view", "identity.account"})
"""A platform admin may enter a tenant and keep their own account (second factor, sign-ins),
never read its residents (need-to-know)."""


def permissions_in_current_tenant(user: User, permissions: Permissions) -> frozenset[str]:
    """What ``user`` may do in the tenant in scope, from their roles there; a platform admin
    without a role here may only look at the tenant, not at its residents."""
    granted = permissions.granted(roles_in_current_tenant(user))
    return granted | PLATFORM_ADMIN_PERMISSIONS if user.is_platform_admin else granted


def authenticate(email: str, password: str) -> User | None:
    """The enabled user with this e-mail and password, or None.

    The timing does not reveal whether the address or the password was wrong.
    """
    user = find_user_by_email(email)
    if user is None:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    if not user.check_password(password) or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    return user
