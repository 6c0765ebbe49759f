"""A tenant's sign-up and its way out: global rows about tenants, read by the platform admin
across tenants (like ``tenant`` itself), never holding a resident's data.

``TenantSignup`` keeps what the organisation agreed to when it signed up (the data-processing
agreement's version and time, its DPIA status), whether its first admin proved the e-mail
address, and the platform admin's decision (approved, or refused with the reason that was
mailed). ``TenantDeletion`` marks a tenant to be deleted once its grace period has passed;
cancelling removes the mark (the journal keeps that it was there). ``Invitation`` is the one
tenant table: a tenant admin's invitation of a staff member.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.accounts import Role
from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class DpiaStatus(enum.StrEnum):
    """How far the organisation is with its data protection impact assessment."""

    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"


class TenantSignup(Model):
    """One organisation's self-service sign-up, from the form to the platform admin's decision."""

    __tablename__ = "tenant_signup"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), unique=True)
    admin_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    """The first admin, who signed up for the organisation."""
    admin_email: Mapped[str] = mapped_column(String(254))
    """The address as given, kept so a refusal reaches it even when the account is gone."""
    dpa_version: Mapped[str] = mapped_column(String(20))
    dpa_accepted_at: Mapped[datetime]
    dpia_status: Mapped[DpiaStatus] = mapped_column(Enum(DpiaStatus, native_enum=False, length=20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    email_verified_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    is_approved: Mapped[bool | None]
    """None while waiting, then True (approved) or False (refused)."""
    refusal_reason: Mapped[str | None] = mapped_column(Text)


class TenantDeletion(Model):
    """A tenant marked for deletion on ``due_at``; until then the mark can be cancelled."""

    __tablename__ = "tenant_deletion"

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), unique=True)
    due_at: Mapped[datetime] = mapped_column(index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )


class Invitation(TenantScoped, Model):
    """A tenant admin's invitation of a staff member to a role (and organisation), by e-mail.

    Only a hash of the link's secret is kept, so the table cannot be read for working links;
    the link works until ``expires_at``, once (``used_at``), and not after ``revoked_at``.
    Sending it again makes a new secret, so an earlier link stops working."""

    __tablename__ = "invitation"

    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=30))
    organisation_id: Mapped[int | None] = tenant_key("organisation", ondelete="CASCADE", index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    """The account that accepted it."""

    __table_args__ = (Index("ix_invitation_open", "tenant_id", "used_at", "revoked_at"),)

    def is_open(self, now: datetime) -> bool:
        """Whether the link still works: not used, not revoked, not expired."""
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
