"""The tables of circles: a circle, its memberships with their status history, its phases.

Memberships and phase moves are never deleted: ending or moving keeps the history, because a
circle's story (who joined when, how long Opstart took) is what audits and people look back on.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, relationship, tenant_key
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood, Person


class MemberStatus(enum.StrEnum):
    """Where a membership stands: waiting for an intake, active, alumni, or ended."""

    candidate = "candidate"  # waiting for an intake
    active = "active"
    alumni = "alumni"  # support no longer needed, stays connected
    left = "left"


ENDED = (MemberStatus.alumni, MemberStatus.left)


class Circle(TenantScoped, Model):
    """One small network (a Buurtcirkel, a KeyRing network) run by one methodology."""

    __tablename__ = "circle"

    name: Mapped[str] = mapped_column(String(200))
    methodology_key: Mapped[str] = mapped_column(String(40), index=True)
    organisation_id: Mapped[int] = tenant_key("organisation", ondelete="RESTRICT", index=True)
    neighbourhood_id: Mapped[int] = tenant_key("neighbourhood", ondelete="RESTRICT", index=True)
    phase: Mapped[str] = mapped_column(String(40))
    phase_since: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation = relationship(Organisation, foreign_keys=[organisation_id])
    neighbourhood = relationship(Neighbourhood, foreign_keys=[neighbourhood_id])

    # One name, one circle in a tenant: people tell circles apart by name on every page.
    __table_args__ = (UniqueConstraint("tenant_id", "name", name="uq_circle_tenant_name"),)


class CircleMember(TenantScoped, Model):
    """A person's part in a circle in one role. Never deleted: ending it keeps the history."""

    __tablename__ = "circle_member"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    role: Mapped[str] = mapped_column(String(40))
    status: Mapped[MemberStatus] = mapped_column(Enum(MemberStatus, native_enum=False, length=20))
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    leave_reason: Mapped[str | None] = mapped_column(String(60))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    intake_on: Mapped[date | None]
    intake_by_id: Mapped[int | None] = tenant_key("person", ondelete="RESTRICT")
    """Who held the intake: an active member of the same circle, so their person row is kept by
    their own membership anyway; RESTRICT says so rather than a composite SET NULL."""
    intake_note: Mapped[str | None] = mapped_column(Text)

    person = relationship(Person, foreign_keys=[person_id])


class MemberStatusChange(TenantScoped, Model):
    """Every status a membership had, when and why: the current status is never all we know."""

    __tablename__ = "member_status_change"

    member_id: Mapped[int] = tenant_key("circle_member", ondelete="CASCADE", index=True)
    status: Mapped[MemberStatus] = mapped_column(Enum(MemberStatus, native_enum=False, length=20))
    reason: Mapped[str | None] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class PhaseTransition(TenantScoped, Model):
    """A circle moved from one phase to the next: who, when and why."""

    __tablename__ = "phase_transition"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    from_phase: Mapped[str | None] = mapped_column(String(40))
    to_phase: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    moved_on: Mapped[date]
    """The day the circle counts as being in the new phase (audits are scheduled from it)."""
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
