"""The tables of exchange: what members can do and would like, help asked and given between
them, their contacts outside the circle, and when two of them met outside the meeting.

No points and no currency: a request is only asked, offered, done (or not) and thanked for, so
the circle sees who helped whom and nothing is owed.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key

CATEGORIES = (
    "household",
    "garden",
    "cooking",
    "shopping",
    "transport",
    "odd_jobs",
    "company",
    "paperwork",
    "technology",
    "pets",
    "other",
)
"""The small fixed list of kinds of help; a talent, wish or request may name one (or none)."""


class HelpStatus(enum.StrEnum):
    """Where a request for help stands."""

    open = "open"  # asked, nobody offered yet
    offered = "offered"  # someone said they will help
    done = "done"
    not_done = "not_done"  # it did not happen (any more); the request is closed


class ContactKind(enum.StrEnum):
    """Who someone knows outside the circle ("samenredzaamheid")."""

    family = "family"
    neighbour = "neighbour"
    church = "church"
    club = "club"
    other = "other"


class Talent(TenantScoped, Model):
    """Something a person can and likes to do for others, in their own words."""

    __tablename__ = "exchange_talent"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    words: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Wish(TenantScoped, Model):
    """Something a person would like help with, in their own words."""

    __tablename__ = "exchange_wish"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    words: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HelpRequest(TenantScoped, Model):
    """One member asks the circle for help; another offers; it is done or not; thanks."""

    __tablename__ = "help_request"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    asked_by_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    what: Mapped[str] = mapped_column(String(500))
    category: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[HelpStatus] = mapped_column(
        Enum(HelpStatus, native_enum=False, length=20), default=HelpStatus.open
    )
    offered_by_id: Mapped[int | None] = tenant_key("person", ondelete="RESTRICT", index=True)
    """RESTRICT: the helper's own membership keeps their person row anyway."""
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    offered_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    """When it was marked done or not done: the request closed."""
    thanks: Mapped[str | None] = mapped_column(String(500))
    thanked_at: Mapped[datetime | None]


class OutsideContact(TenantScoped, Model):
    """Someone a person knows outside the circle: a kind and a first name or description only."""

    __tablename__ = "outside_contact"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    kind: Mapped[ContactKind] = mapped_column(Enum(ContactKind, native_enum=False, length=20))
    description: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Encounter(TenantScoped, Model):
    """Two members of a circle met outside the circle's meeting, on a day: a line in the
    circle's network picture. Recorded by one of the two."""

    __tablename__ = "encounter"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    other_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    met_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
