"""The tables of quality audits: an audit of one circle over a period, its findings per
criterion (automatic, or evidence from the coach), the trainer's follow-up actions, and the
history of the circle's fidelity score.

Nothing here is ever deleted: every audit is kept with what it found then, in words of both
languages, so a methodology that later changes its criteria does not rewrite an old audit.
Evidence is typed (``EvidenceField``), so what a central trainer reads across tenants cannot
carry a resident's name; the coach's ``remark`` is free text and stays inside the tenant.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class AuditStatus(enum.StrEnum):
    """Where an audit stands: open (the coach adds evidence), submitted (waiting for the
    central trainer), reviewed (scored, with follow-up actions)."""

    open = "open"
    submitted = "submitted"
    reviewed = "reviewed"


class Audit(TenantScoped, Model):
    """One circle's quality audit over ``period_start`` .. ``period_end`` (both included).

    Opened by the scheduler when the methodology's ``AuditSchedule`` says so, once per circle
    and period (the unique key makes a second opening a no-op). ``fidelity`` is the circle's
    score from the findings when it was last taken; ``score`` is the trainer's own judgement.
    """

    __tablename__ = "audit"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="RESTRICT", index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[date]
    period_end: Mapped[date]
    due_on: Mapped[date]
    """The day the coach's evidence is due to the trainer."""
    status: Mapped[AuditStatus] = mapped_column(
        Enum(AuditStatus, native_enum=False, length=12), default=AuditStatus.open
    )
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    fidelity: Mapped[int | None]
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    score: Mapped[int | None]
    """The central trainer's score, 0 to 100."""

    __table_args__ = (
        UniqueConstraint("tenant_id", "circle_id", "period_start"),
        CheckConstraint("period_start <= period_end", name="audit_period"),
        CheckConstraint("score IS NULL OR (score BETWEEN 0 AND 100)", name="audit_score"),
        CheckConstraint("fidelity IS NULL OR (fidelity BETWEEN 0 AND 100)", name="audit_fidelity"),
        Index("ix_audit_tenant_status", "tenant_id", "status", "due_on"),
    )


class AuditFinding(TenantScoped, Model):
    """What an audit found for one criterion: the automatic check's answer with its figures,
    or the coach's typed evidence, and the trainer's verdict when it differs."""

    __tablename__ = "audit_finding"

    audit_id: Mapped[int] = tenant_key("audit", ondelete="CASCADE", index=True)
    criterion_key: Mapped[str] = mapped_column(String(60))
    is_automatic: Mapped[bool] = mapped_column(default=False)
    is_met: Mapped[bool | None]
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The figures behind an automatic finding (counts and dates, never a name)."""
    explanation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    """The finding in words, ``{"nl": ..., "en": ...}``, as it read when it was found."""
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Typed evidence by ``EvidenceField`` key."""
    remark: Mapped[str | None] = mapped_column(Text)
    """The coach's own words; free text stays inside the tenant, never shown to a trainer."""
    trainer_met: Mapped[bool | None]
    """The trainer's verdict, when it overrules ``is_met``."""
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "audit_id", "criterion_key"),)


class FollowUpAction(TenantScoped, Model):
    """Something the circle is to do after an audit, by a date (a reminder falls due before)."""

    __tablename__ = "audit_action"

    audit_id: Mapped[int] = tenant_key("audit", ondelete="CASCADE", index=True)
    criterion_key: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(index=True)
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FidelityScore(TenantScoped, Model):
    """A circle's fidelity score (0 to 100) on one day, with the criteria it was taken from
    (``{criterion: True | False | None}``): the history the circle page draws."""

    __tablename__ = "fidelity_score"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    taken_on: Mapped[date]
    score: Mapped[int]
    criteria: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        UniqueConstraint("tenant_id", "circle_id", "taken_on"),
        CheckConstraint("score BETWEEN 0 AND 100", name="fidelity_score_range"),
    )
