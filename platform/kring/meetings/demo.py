"""The demo's invented meetings: months of a circle's evenings, who came, and a few guests."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from kring.circles.models import Circle, CircleMember
from kring.core.db import utcnow
from kring.core.methodology import Methodology
from kring.core.tenancy import Tenant, current_tenant_id, zone
from kring.extensions import db
from kring.meetings import queries as meeting_queries
from kring.meetings import service as meetings
from kring.meetings.models import Attendance, AttendanceStatus, Guest, Meeting

HISTORY_DAYS = 140
"""About five months of meetings behind each demo circle."""
AHEAD = 4
"""Meetings planned ahead of today, the first of them tomorrow evening."""
GUEST_NAMES = ("Ans", "Mehmet", "Joke", "Sanne", "Kees", "Fatma", "Ria", "Tom")


def give_life(today: date) -> None:
    """Give every circle of the current demo tenant that has members and no meetings yet its
    past months of meetings with attendance, and a few meetings ahead."""
    found: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    tenant = db.session.get(Tenant, current_tenant_id())
    local = zone(tenant.locale if tenant is not None else "nl")
    has_meetings = select(Meeting.id).where(Meeting.circle_id == Circle.id).exists()
    circles = db.session.execute(select(Circle).where(~has_meetings).order_by(Circle.id)).scalars()
    for circle in list(circles):
        m = found.get(circle.methodology_key)
        members = meeting_queries.current_members(circle)
        if m is None or m.meetings is None or not members:
            continue
        _meetings_of(circle, m, members, today, local)


def _meetings_of(
    circle: Circle, m: Methodology, members: list[CircleMember], today: date, zone: ZoneInfo
) -> None:
    pattern = m.meetings
    assert pattern is not None
    luck = random.Random(circle.id)  # the same demo on every run
    back = HISTORY_DAYS // pattern.every_days
    # The series runs through tomorrow, so the demo's outbox holds tomorrow's reminders.
    tomorrow = today + timedelta(days=1)
    first = datetime.combine(tomorrow - timedelta(days=back * pattern.every_days), time(19), zone)
    now = utcnow()
    for n in range(back + AHEAD):
        kind = pattern.kinds[n % len(pattern.kinds)] if pattern.kinds else "meeting"
        start = first + timedelta(days=n * pattern.every_days)
        (meeting,) = meetings.plan(circle, m, start, kind, pattern.min_minutes, None, None)
        if meeting.starts_at < now:
            _held(meeting, pattern.welcomes_guests(kind), members, luck)
    db.session.flush()


def _held(
    meeting: Meeting, welcomes_guests: bool, members: list[CircleMember], luck: random.Random
) -> None:
    """Who came to a past meeting: most people, some with notice, a few not."""
    if luck.random() < 0.05:
        meeting.cancelled_at = meeting.starts_at - timedelta(days=1)
        return
    for member in members:
        roll = luck.random()
        status = (
            AttendanceStatus.present
            if roll < 0.8
            else AttendanceStatus.absent_with_notice
            if roll < 0.92
            else AttendanceStatus.absent
        )
        db.session.add(
            Attendance(
                meeting_id=meeting.id,
                person_id=member.person_id,
                status=status,
                recorded_at=meeting.starts_at,
            )
        )
    if welcomes_guests and luck.random() < 0.6:
        db.session.add(Guest(meeting_id=meeting.id, first_name=luck.choice(GUEST_NAMES)))
