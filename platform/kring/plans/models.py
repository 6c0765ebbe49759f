"""The tables of development plans (ontwikkelplan): the participant's own plan, its goals per
life domain, the small steps towards each goal, notes and comments, and the plan's history.

A plan belongs to a person, not to a membership: it is the participant's own, it goes with
them when they move to another circle and it stays when a circle closes. One plan per person.
Nothing is ever deleted; ``PlanEvent`` keeps who changed what, and for whom.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class Domain(enum.StrEnum):
    """The life domains a goal belongs to."""

    living = "living"
    work_and_day = "work_and_day"
    learning = "learning"
    social = "social"
    health = "health"
    finances = "finances"


class GoalStatus(enum.StrEnum):
    """Where a goal stands: being worked on, reached, or stopped (no longer wanted)."""

    working = "working"
    reached = "reached"
    stopped = "stopped"


class NoteKind(enum.StrEnum):
    """A progress note (by the participant, or someone with them) or a comment (by the coach
    or the volunteer, beside the plan)."""

    progress = "progress"
    comment = "comment"


class Plan(TenantScoped, Model):
    """One person's development plan, with the day it will next be looked at together."""

    __tablename__ = "plan"

    person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    review_on: Mapped[date | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "person_id"),)


class Goal(TenantScoped, Model):
    """Something the participant wants to reach in one life domain, in their own words."""

    __tablename__ = "plan_goal"

    plan_id: Mapped[int] = tenant_key("plan", ondelete="CASCADE", index=True)
    domain: Mapped[Domain] = mapped_column(Enum(Domain, native_enum=False, length=20))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[GoalStatus] = mapped_column(
        Enum(GoalStatus, native_enum=False, length=20), default=GoalStatus.working
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Step(TenantScoped, Model):
    """A small step towards a goal, done or not, and who helps with it (a volunteer, the coach
    or another member of the circle)."""

    __tablename__ = "plan_step"

    goal_id: Mapped[int] = tenant_key("plan_goal", ondelete="CASCADE", index=True)
    title: Mapped[str] = mapped_column(String(200))
    supporter_id: Mapped[int | None] = tenant_key("person", ondelete="RESTRICT", index=True)
    is_done: Mapped[bool] = mapped_column(default=False)
    done_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanNote(TenantScoped, Model):
    """A progress note or a comment on a plan (optionally about one goal)."""

    __tablename__ = "plan_note"

    plan_id: Mapped[int] = tenant_key("plan", ondelete="CASCADE", index=True)
    goal_id: Mapped[int | None] = tenant_key("plan_goal", ondelete="CASCADE", index=True)
    kind: Mapped[NoteKind] = mapped_column(Enum(NoteKind, native_enum=False, length=20))
    text: Mapped[str] = mapped_column(Text)
    is_sensitive: Mapped[bool] = mapped_column(default=False)
    """Special personal data (health, faith, origin …): read in full only by the participant,
    its writer and the roles the methodology names; others see that it is there."""
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlanEvent(TenantScoped, Model):
    """One change to a plan, append-only: what, when, by whom (a login) and for whom (the
    participant, when someone else made the change with them)."""

    __tablename__ = "plan_event"

    plan_id: Mapped[int] = tenant_key("plan", ondelete="CASCADE", index=True)
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    on_behalf_of_id: Mapped[int | None]
    """The participant (a person id) the actor acted for; empty when they acted for themself."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
