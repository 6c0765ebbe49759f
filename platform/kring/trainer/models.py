"""The central trainer's own tables: facts about circles, pseudonymised when they are written.

A trainer works across every tenant that runs their methodology, so what they read cannot be
the tenants' tables: a query there would need a system scope and could reach a resident's
name. Instead a periodic job (``kring.trainer.jobs``) reads each tenant's data in that tenant's
scope and writes here only what a trainer may know of a circle: a neutral label (the
neighbourhood's name and a code, never the circle's own name, which people often give after a
resident or a street), its phase, its size, its fidelity, its audits' standing and findings,
outcome averages with how many answers they rest on, how many of its trained roles are trained,
and how many months it has been small. These tables are global (listed in
``tests/structure``): the trainer's pages read them without entering any tenant.

The numbers are kept as they are; hiding counts under five is the read layer's work
(``kring.trainer.read``), so the same rule holds on every page, API response and chart.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow


class CircleFact(Model):
    """What a central trainer may know of one circle, as of the last refresh."""

    __tablename__ = "trainer_circle_fact"

    methodology_key: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    circle_id: Mapped[int]
    """The circle's id inside its tenant; a trainer's pages name the fact's own id instead."""
    code: Mapped[str] = mapped_column(String(40))
    """A neutral code (``HOE-0012``) a trainer and the tenant's staff can both say aloud."""
    label: Mapped[str] = mapped_column(String(200))
    """The neighbourhood's name: where the circle is, never who is in it."""
    phase: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    """Active members holding the methodology's size role (the participants)."""
    fidelity: Mapped[int | None]
    fidelity_before: Mapped[int | None]
    """The score before the latest one, to see a fidelity that is dropping."""
    audit_id: Mapped[int | None]
    """The latest audit's id inside the tenant (for the review queue), if there is one."""
    audit_status: Mapped[str | None] = mapped_column(String(12))
    audit_due_on: Mapped[date | None]
    audit_period_end: Mapped[date | None]
    audit_score: Mapped[int | None]
    audit_submitted_at: Mapped[datetime | None]
    findings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The latest audit's verdict per criterion, ``{criterion: true | false | null}``, the
    trainer's own verdict where they overruled the finding."""
    months_small: Mapped[int] = mapped_column(default=0)
    """How many months in a row, up to now, the circle had fewer than five members."""
    is_outlier: Mapped[bool] = mapped_column(default=False)
    """Whether the circle stands out (``refresh.is_outlier``) as of the refresh's day: the
    outliers page reads this, never a condition over every circle."""
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "circle_id"),
        Index("ix_trainer_circle_fact_methodology", "methodology_key", "tenant_id", "code"),
        Index("ix_trainer_circle_fact_audit", "methodology_key", "audit_status", "audit_due_on"),
        Index("ix_trainer_circle_fact_outlier", "methodology_key", "is_outlier"),
        # the review queue: waiting audits, the longest waiting first
        Index(
            "ix_trainer_circle_fact_waiting",
            "methodology_key",
            "audit_status",
            "audit_submitted_at",
            "id",
        ),
    )


class CircleMonth(Model):
    """One circle's size and fidelity at the end of one month: the history trends are drawn
    from, written again for the last year on every refresh (members' join and leave dates and
    the fidelity history say what each month looked like)."""

    __tablename__ = "trainer_circle_month"

    methodology_key: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    circle_id: Mapped[int]
    month: Mapped[date]
    """The first day of the month."""
    size: Mapped[int]
    fidelity: Mapped[int | None]

    __table_args__ = (
        UniqueConstraint("tenant_id", "circle_id", "month"),
        Index("ix_trainer_circle_month_methodology", "methodology_key", "month"),
    )


class CircleOutcome(Model):
    """A circle's average score on one survey over the last year, and how many answers it rests
    on (a row of its own, so averages over tenants are one SQL aggregate)."""

    __tablename__ = "trainer_circle_outcome"

    methodology_key: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    circle_id: Mapped[int]
    survey_key: Mapped[str] = mapped_column(String(60))
    average: Mapped[float]
    answers: Mapped[int]

    __table_args__ = (
        UniqueConstraint("tenant_id", "circle_id", "survey_key"),
        Index("ix_trainer_circle_outcome_methodology", "methodology_key", "tenant_id"),
    )


class CircleTraining(Model):
    """For one circle and one role its methodology trains (coaches, project leaders): how many
    active members hold that role, and how many of them have completed its trainings."""

    __tablename__ = "trainer_circle_training"

    methodology_key: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    circle_id: Mapped[int]
    role: Mapped[str] = mapped_column(String(40))
    trained: Mapped[int]
    total: Mapped[int]

    __table_args__ = (
        UniqueConstraint("tenant_id", "circle_id", "role"),
        Index("ix_trainer_circle_training_methodology", "methodology_key", "tenant_id"),
    )


class TenantFact(Model):
    """One tenant's circles of one methodology added up at the last refresh: what the trainer's
    overview, the methodology-wide figures and a tenant's benchmark read, so those pages read a
    row per tenant instead of every circle (50,000 circles, 500 tenants: 500 rows).

    Sums and counts, kept raw like the circle facts; the read layer suppresses small counts.
    ``overdue`` and ``outliers`` are counted on the day of the refresh."""

    __tablename__ = "trainer_tenant_fact"

    methodology_key: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    circles: Mapped[int]
    members: Mapped[int]
    fidelity_sum: Mapped[int]
    fidelity_count: Mapped[int]
    """The fidelity average is ``fidelity_sum / fidelity_count`` (circles with a score)."""
    small: Mapped[int]
    overdue: Mapped[int]
    waiting: Mapped[int]
    outliers: Mapped[int]
    phases: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    outcomes: Mapped[dict[str, list[float]]] = mapped_column(JSON, default=dict)
    """Per survey ``[sum of scores, answers]``, so averages over tenants weigh every answer."""
    trained: Mapped[dict[str, list[int]]] = mapped_column(JSON, default=dict)
    """Per trained role ``[members trained, members in the role]``."""

    __table_args__ = (UniqueConstraint("methodology_key", "tenant_id"),)


class TenantMonth(Model):
    """One tenant's circles of one methodology at the end of one of the last twelve months:
    members and fidelity added up, for the trend lines."""

    __tablename__ = "trainer_tenant_month"

    methodology_key: Mapped[str] = mapped_column(String(40))
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    month: Mapped[date]
    members: Mapped[int]
    fidelity_sum: Mapped[int]
    fidelity_count: Mapped[int]

    __table_args__ = (UniqueConstraint("methodology_key", "tenant_id", "month"),)
