"""The tables of trainings and screening: completed courses, background checks (VOG, DBS),
exceptions to a role's courses, and a tenant's own renewal period for a check.

Nothing is overwritten: a renewal is a later completion or a later check, so the history of
who was trained when stays, and the latest row says until when someone holds it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class TrainingRecord(TenantScoped, Model):
    """A person completed one of a methodology's courses on ``completed_on``.

    ``expires_on`` is the day it lapses (the course's ``valid_months`` after it; None: never),
    fixed when it is recorded so that a methodology changing its period later does not rewrite
    what was promised. A later completion of the same course renews it.
    """

    __tablename__ = "training_record"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    training_key: Mapped[str] = mapped_column(String(60))
    completed_on: Mapped[date]
    expires_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime | None] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "person_id", "training_key", "completed_on"),
        Index("ix_training_record_tenant_key", "tenant_id", "training_key"),
    )


class ScreeningRecord(TenantScoped, Model):
    """A background check (a VOG, a DBS check) issued to a person on ``issued_on``, valid until
    ``expires_on`` (issued plus the tenant's renewal period when it was recorded). A later
    check renews it."""

    __tablename__ = "screening_record"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    screening_key: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date]
    expires_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "person_id", "screening_key", "issued_on"),
        CheckConstraint("expires_on > issued_on", name="expires_after_issue"),
    )


class TrainingException(TenantScoped, Model):
    """A project leader lets a person hold a role without one of its courses, for a reason
    (trained elsewhere, the course is booked), until ``until`` or for good (None)."""

    __tablename__ = "training_exception"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    training_key: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    granted_on: Mapped[date]
    until: Mapped[date | None]
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScreeningPeriod(TenantScoped, Model):
    """The tenant's own renewal period for one background check, in months, set in its tenant
    file; without a row the methodology's ``Screening.renewal_months`` holds."""

    __tablename__ = "screening_period"

    screening_key: Mapped[str] = mapped_column(String(60))
    renewal_months: Mapped[int]

    __table_args__ = (
        UniqueConstraint("tenant_id", "screening_key"),
        CheckConstraint("renewal_months BETWEEN 1 AND 120", name="renewal_months_range"),
    )
