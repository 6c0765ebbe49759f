"""The tables of the safety net (vangnet): contacts a volunteer had with members, and the
escalations that went up the methodology's ladder when a question was too heavy.

Neither is ever deleted: a resolved escalation keeps who raised it, who answered, how far up it
went and how it ended, because that history is what a coach and an audit look back on.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class ContactKind(enum.StrEnum):
    """How the volunteer and the member were in touch."""

    visit = "visit"
    call = "call"
    message = "message"
    meeting = "meeting"


class Contact(TenantScoped, Model):
    """One contact with one member of a circle: when, how, and a short note."""

    __tablename__ = "circle_contact"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    contact_on: Mapped[date]
    kind: Mapped[ContactKind] = mapped_column(Enum(ContactKind, native_enum=False, length=20))
    note: Mapped[str | None] = mapped_column(Text)
    is_sensitive: Mapped[bool] = mapped_column(default=False)
    """The note is for the methodology's ``sensitive_roles`` (and its writer) only."""
    logged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)


class Escalation(TenantScoped, Model):
    """A question about a member, too heavy for whoever met it, on its way up the ladder."""

    __tablename__ = "escalation"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    severity: Mapped[str] = mapped_column(String(40))
    """A ``Severity`` key of the circle's methodology."""
    question: Mapped[str] = mapped_column(Text)
    is_sensitive: Mapped[bool] = mapped_column(default=False)
    step: Mapped[int] = mapped_column(default=1)
    """Where on the ladder it sits (an index into ``EscalationLadder.steps``)."""
    raised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_by: Mapped[datetime]
    """When the step it sits with should have answered: the severity's hours after it got there."""
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
