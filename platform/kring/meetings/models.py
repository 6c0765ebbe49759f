"""The tables of meetings: a circle's meetings, who was there, its guests, and members' feeds.

A meeting is never deleted: cancelling keeps it with its reason, so a circle's history shows
what was planned as well as what was held. Attendance is one row per meeting and person.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped, tenant_key


class AttendanceStatus(enum.StrEnum):
    """Whether someone was at a meeting: present, away having said so, or away."""

    present = "present"
    absent_with_notice = "absent_with_notice"
    absent = "absent"


class Meeting(TenantScoped, Model):
    """One meeting of a circle; ``series_id`` ties together the meetings planned as a series."""

    __tablename__ = "meeting"

    circle_id: Mapped[int] = tenant_key("circle", ondelete="CASCADE")
    starts_at: Mapped[datetime]
    minutes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    """A term key of the methodology's ``MeetingPattern.kinds``."""
    place: Mapped[str | None] = mapped_column(String(200))
    series_id: Mapped[str | None] = mapped_column(String(36))
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_meeting_tenant_circle_start", "tenant_id", "circle_id", "starts_at"),
    )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Attendance(TenantScoped, Model):
    """Whether one person was at one meeting, as recorded at the door."""

    __tablename__ = "meeting_attendance"

    meeting_id: Mapped[int] = tenant_key("meeting", ondelete="CASCADE")
    person_id: Mapped[int] = tenant_key("person", ondelete="RESTRICT", index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        Enum(AttendanceStatus, native_enum=False, length=20)
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    __table_args__ = (UniqueConstraint("tenant_id", "meeting_id", "person_id"),)


class Guest(TenantScoped, Model):
    """A guest at a meeting that welcomes guests, by first name only."""

    __tablename__ = "meeting_guest"

    meeting_id: Mapped[int] = tenant_key("meeting", ondelete="CASCADE", index=True)
    first_name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MeetingFeed(TenantScoped, Model):
    """A member's secret calendar address; only a hash of its token is kept, and revoking it
    makes the address answer 404."""

    __tablename__ = "meeting_feed"

    person_id: Mapped[int] = tenant_key("person", ondelete="CASCADE", index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("tenant_id", "token_hash"),)
