"""The tables of the activity calendar: what the tenant's organisations put on it, the iCal
feeds they already keep elsewhere, and the activities a circle's team suggested to a member.

An activity is kept as its organisers think of it, in local wall-clock time with the time zone
it happens in, and a recurrence as an RFC 5545 RRULE with its EXDATEs: expanding it is left to
``recurring-ical-events`` when the calendar is read, so a weekly walk stays one row and a summer
time change never shifts it by an hour.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class Audience(enum.StrEnum):
    """For whom an activity is meant; Verbonden in de buurt starts with people aged 75 and over."""

    everyone = "everyone"
    seniors_75 = "seniors_75"
    seniors_65 = "seniors_65"
    adults = "adults"
    families = "families"
    youth = "youth"
    carers = "carers"


class Access(enum.StrEnum):
    """What makes an activity reachable for someone with a disability or frailty."""

    wheelchair = "wheelchair"
    hearing_loop = "hearing_loop"
    accessible_toilet = "accessible_toilet"
    transport = "transport"
    """The organiser can fetch people who cannot come on their own."""


class Activity(TenantScoped, Model):
    """One activity of one organisation on the tenant's calendar, one-off or recurring."""

    __tablename__ = "activity"

    organisation_id: Mapped[int] = tenant_key("organisation", ondelete="CASCADE", index=True)
    neighbourhood_id: Mapped[int | None] = tenant_key("neighbourhood", ondelete="RESTRICT")
    """None: the activity is for the whole tenant (a town-wide choir), or its place is unknown."""
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_local: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    """The first time it happens, on the wall clock of ``timezone`` (naive)."""
    minutes: Mapped[int] = mapped_column(default=60)
    timezone: Mapped[str] = mapped_column(String(60), default="Europe/Amsterdam")
    rrule: Mapped[str | None] = mapped_column(String(500))
    """An RFC 5545 recurrence rule without the ``RRULE:`` prefix (``FREQ=WEEKLY;BYDAY=TU``)."""
    exdates: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Local start times (ISO, no zone) on which a recurring activity does not take place."""
    address: Mapped[str] = mapped_column(String(300), default="")
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    access: Mapped[list[str]] = mapped_column(JSON, default=list)
    cost: Mapped[str] = mapped_column(String(100), default="")
    """In the organiser's words: "free", "€ 2,50 with coffee"."""
    contact: Mapped[str] = mapped_column(String(300), default="")
    """How to reach the organiser about this activity: a phone number or an office's e-mail."""
    source_uid: Mapped[str | None] = mapped_column(String(255))
    """The UID of the iCal event it was imported from: a second import updates this row."""
    feed_id: Mapped[int | None] = tenant_key("activity_feed", ondelete="CASCADE")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("tenant_id", "organisation_id", "source_uid"),
        Index("ix_activity_tenant_neighbourhood", "tenant_id", "neighbourhood_id"),
    )


class ActivityFeed(TenantScoped, Model):
    """An organisation's own iCal feed, read every night into the tenant's calendar."""

    __tablename__ = "activity_feed"

    organisation_id: Mapped[int] = tenant_key("organisation", ondelete="CASCADE", index=True)
    url: Mapped[str] = mapped_column(String(1000))
    neighbourhood_id: Mapped[int | None] = tenant_key("neighbourhood", ondelete="RESTRICT")
    """Where the feed's activities take place when the feed does not say (most feeds don't)."""
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_read_at: Mapped[datetime | None]
    last_count: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    """Why the last reading failed, in words an organiser can act on; None when it worked."""
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "organisation_id", "url"),)


class ActivitySuggestion(TenantScoped, Model):
    """A volunteer or coach suggested an activity to a member of their circle ("come along to
    the Tuesday walk"), and later whether the member went: going out is what the circle's
    network picture counts."""

    __tablename__ = "activity_suggestion"

    activity_id: Mapped[int] = tenant_key("activity", ondelete="CASCADE", index=True)
    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE", index=True)
    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    suggested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    suggested_on: Mapped[date]
    went_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
