"""The table of signals: a care worker reported a resident who may be lonely.

A signal holds only what the team needs to make contact: a name and an address (or only an
address), a postcode, a birth date when known, and what the signaller saw. When the resident
did not agree to be contacted, only the address, the postcode and what was seen are kept: the
team decides on an anonymous follow-up. The team's follow-up is kept on the same row: who
picked it up and when, the conversation, a loneliness score when the resident agreed to
answer, and how it ended.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class SignalStatus(enum.StrEnum):
    """How far the team got with a signal: waiting, someone is on it, spoken to, ended."""

    new = "new"
    assigned = "assigned"  # a volunteer of the team will make contact
    contacted = "contacted"  # the conversation took place
    closed = "closed"  # ended, with an outcome


class SignalOutcome(enum.StrEnum):
    """How a signal ended, as the neighbourhood team counts it."""

    joined_activity = "joined_activity"
    joined_circle = "joined_circle"  # a circle or the neighbourhood team itself
    no_help_wanted = "no_help_wanted"
    referred = "referred"  # to a professional
    not_reached = "not_reached"


class AnonymousFollowUp(enum.StrEnum):
    """What the team does about a resident who did not agree to be contacted (no name kept)."""

    card = "card"  # leave a card with the team's activities at the address
    ask_again = "ask_again"  # the signaller asks the resident again whether the team may call
    none = "none"  # nothing for now


class Signal(TenantScoped, Model):
    """One report about one resident, and how the team followed it up."""

    __tablename__ = "signal"

    organisation_id: Mapped[int] = tenant_key("organisation", ondelete="RESTRICT", index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    circle_id: Mapped[int | None] = tenant_key("circle", ondelete="RESTRICT", index=True)
    """The neighbourhood team the postcode led to; None when no team covers it (the
    organisation's project leaders then take it up)."""
    resident_name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[date | None]
    has_consent: Mapped[bool] = mapped_column(default=False)
    """The resident agreed to be contacted; without it no name or birth date is kept."""
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[SignalStatus] = mapped_column(
        Enum(SignalStatus, native_enum=False, length=20), default=SignalStatus.new
    )
    note: Mapped[str | None] = mapped_column(Text)
    """The team's notes: the conversation and how it ended. Never shown to the signaller."""
    signaled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_to_id: Mapped[int | None] = tenant_key("person", ondelete="RESTRICT", index=True)
    """The trained volunteer of the team who makes contact."""
    picked_up_at: Mapped[datetime | None]
    """When the team first acted on it (assigned someone or spoke to the resident): the
    response time counts to here, and the signaller sees that it was picked up."""
    anonymous_follow_up: Mapped[AnonymousFollowUp | None] = mapped_column(
        Enum(AnonymousFollowUp, native_enum=False, length=20)
    )
    """The team's decision for a resident who did not agree to be contacted."""
    contacted_on: Mapped[date | None]
    loneliness: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The methodology's scores of the loneliness scale, when the resident agreed to answer."""
    outcome: Mapped[SignalOutcome | None] = mapped_column(
        Enum(SignalOutcome, native_enum=False, length=20)
    )
    handled_at: Mapped[datetime | None]
