"""Meetings: planning a circle's meetings from its methodology's pattern, cancelling them,
recording who came, and noticing who stays away.

Times are kept in UTC; a series is planned in the circle's local time, so a weekly evening at
19:00 stays at 19:00 across daylight saving. Attendance is recorded only for the circle's
current members; guests only at kinds of meeting the methodology welcomes them at, and by
first name only. Someone who misses ``MeetingPattern.alert_after_missed`` meetings in a row is
signalled to the circle's volunteer and coach through the outbox, once per streak.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from kring.circles.models import Circle
from kring.core import events, journal
from kring.core.access import first_name
from kring.core.db import utcnow
from kring.core.methodology import MeetingPattern, Methodology
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.meetings.models import Attendance, AttendanceStatus, Guest, Meeting
from kring.meetings.queries import MAX_SERIES, current_members
from kring.meetings.streaks import signal_streak

DOOR_OPENS = timedelta(hours=12)
"""How long before a meeting starts its attendance may be taken (at the door, or the
afternoon before)."""


def pattern_of(methodology: Methodology) -> MeetingPattern:
    """The methodology's meeting pattern; one without it plans no meetings."""
    if methodology.meetings is None:
        raise Refused(
            [
                refusal(
                    "meetings.no_pattern",
                    "A {circle_term} plans no meetings in Kring",
                    "Een {circle_term} plant geen bijeenkomsten in Kring",
                    circle_term="circle",
                )
            ]
        )
    return methodology.meetings


# --- planning -------------------------------------------------------------------------------


def _check_plan(
    pattern: MeetingPattern, kind: str, minutes: int, count: int, place: str | None
) -> None:
    unmet = []
    if kind not in pattern.kinds:
        unmet.append(
            refusal(
                "meetings.kind",
                "Choose one of the kinds of meeting",
                "Kies een van de soorten bijeenkomst",
                is_input=True,
            )
        )
    if not pattern.min_minutes <= minutes <= pattern.max_minutes:
        unmet.append(
            refusal(
                "meetings.minutes",
                "A meeting lasts {low} to {high} minutes",
                "Een bijeenkomst duurt {low} tot {high} minuten",
                is_input=True,
                low=pattern.min_minutes,
                high=pattern.max_minutes,
            )
        )
    if not 1 <= count <= MAX_SERIES:
        unmet.append(
            refusal(
                "meetings.count",
                "A series has 1 to {most} meetings",
                "Een reeks heeft 1 tot {most} bijeenkomsten",
                is_input=True,
                most=MAX_SERIES,
            )
        )
    if place is not None and len(place) > 200:
        unmet.append(
            refusal(
                "meetings.place",
                "Name the place in at most 200 characters",
                "Noem de plek in hoogstens 200 tekens",
                is_input=True,
            )
        )
    if unmet:
        raise Refused(unmet)


def plan(
    circle: Circle,
    methodology: Methodology,
    first: datetime,
    kind: str,
    minutes: int,
    place: str | None,
    actor_id: int | None,
    count: int = 1,
) -> list[Meeting]:
    """Plan ``count`` meetings from ``first`` (an aware local time), one every
    ``pattern.every_days`` days at the same local time; more than one make a series."""
    if first.tzinfo is None:
        raise ValueError("plan meetings from an aware datetime")
    pattern = pattern_of(methodology)
    place = " ".join(place.split()) if place else None
    _check_plan(pattern, kind, minutes, count, place)
    series = str(uuid.uuid4()) if count > 1 else None
    planned = [
        Meeting(
            circle_id=circle.id,
            # Adding days to a local time keeps the hour on the wall clock across DST.
            starts_at=(first + timedelta(days=i * pattern.every_days)).astimezone(UTC),
            minutes=minutes,
            kind=kind,
            place=place,
            series_id=series,
            created_by_id=actor_id,
        )
        for i in range(count)
    ]
    db.session.add_all(planned)
    db.session.flush()
    journal.record("meeting.planned", planned[0], actor_id, count=count)
    return planned


def cancel(meeting: Meeting, reason: str | None, actor_id: int | None) -> Meeting:
    """Cancel a meeting that has not been held; it stays in the history with its reason."""
    if meeting.is_cancelled:
        raise Refused(
            [
                refusal(
                    "meetings.cancelled",
                    "This meeting is already cancelled",
                    "Deze bijeenkomst is al afgezegd",
                )
            ]
        )
    held = db.session.execute(
        select(Attendance.id).where(Attendance.meeting_id == meeting.id).limit(1)
    ).first()
    if held is not None:
        raise Refused(
            [
                refusal(
                    "meetings.held",
                    "This meeting was held: attendance is recorded",
                    "Deze bijeenkomst is gehouden: de aanwezigheid is vastgelegd",
                )
            ]
        )
    reason = " ".join(reason.split()) if reason else None
    if reason and len(reason) > 500:
        raise Refused(
            [
                refusal(
                    "meetings.reason",
                    "Give the reason in at most 500 characters",
                    "Geef de reden in hoogstens 500 tekens",
                    is_input=True,
                )
            ]
        )
    meeting.cancelled_at = utcnow()
    meeting.cancel_reason = reason
    events.meeting_cancelled.send(meeting, actor_id=actor_id, circle_id=meeting.circle_id)
    return meeting


# --- attendance -----------------------------------------------------------------------------


def _may_be_taken(meeting: Meeting, now: datetime) -> None:
    if meeting.is_cancelled:
        raise Refused(
            [
                refusal(
                    "meetings.cancelled",
                    "This meeting is cancelled",
                    "Deze bijeenkomst is afgezegd",
                )
            ]
        )
    if meeting.starts_at - now > DOOR_OPENS:
        raise Refused(
            [
                refusal(
                    "meetings.not_yet",
                    "Attendance is taken on the day of the meeting",
                    "De aanwezigheid wordt op de dag van de bijeenkomst vastgelegd",
                )
            ]
        )


def record_attendance(
    meeting: Meeting,
    circle: Circle,
    methodology: Methodology,
    marks: Mapping[int, AttendanceStatus],
    actor_id: int | None,
    now: datetime,
) -> list[Attendance]:
    """Record who was at a meeting (person id -> status), only for the circle's current
    members; then signal anyone whose absence makes a streak as long as the methodology's
    ``alert_after_missed``."""
    _may_be_taken(meeting, now)
    members = {m.person_id: m for m in current_members(circle)}
    strangers = sorted(p for p in marks if p not in members)
    if strangers:
        raise Refused(
            [
                refusal(
                    "meetings.not_a_member",
                    "Attendance is recorded only for the people of this {circle_term} "
                    "(not for number {person})",
                    "Aanwezigheid wordt alleen vastgelegd voor wie meedoet in deze "
                    "{circle_term} (niet voor nummer {person})",
                    is_input=True,
                    circle_term="circle",
                    person=person_id,
                )
                for person_id in strangers
            ]
        )
    existing = {
        a.person_id: a
        for a in db.session.execute(
            select(Attendance).where(Attendance.meeting_id == meeting.id)
        ).scalars()
    }
    recorded = []
    for person_id, status in marks.items():
        row = existing.get(person_id)
        if row is None:
            row = Attendance(meeting_id=meeting.id, person_id=person_id, status=status)
            db.session.add(row)
        row.status = status
        row.recorded_at = now
        row.recorded_by_id = actor_id
        recorded.append(row)
    db.session.flush()
    if not existing:
        events.meeting_held.send(meeting, actor_id=actor_id, circle_id=circle.id)
    pattern = methodology.meetings
    if pattern is not None:
        for person_id, status in marks.items():
            if status != AttendanceStatus.present:
                signal_streak(meeting, circle, members[person_id].person, pattern, actor_id)
    return recorded


def add_guest(meeting: Meeting, methodology: Methodology, name: str, now: datetime) -> Guest:
    """Welcome a guest by first name, at a kind of meeting the methodology opens to guests."""
    _may_be_taken(meeting, now)
    pattern = pattern_of(methodology)
    if not pattern.welcomes_guests(meeting.kind):
        raise Refused(
            [
                refusal(
                    "meetings.no_guests",
                    "A {kind_term} is only for its own people: guests are not welcome",
                    "Een {kind_term} is alleen voor de eigen mensen: gasten zijn niet welkom",
                    kind_term=meeting.kind,
                )
            ]
        )
    given = first_name(" ".join(name.split()))[:60]
    if not given:
        raise Refused(
            [
                refusal(
                    "meetings.guest_name",
                    "Give the guest's first name",
                    "Noem de voornaam van de gast",
                    is_input=True,
                )
            ]
        )
    guest = Guest(meeting_id=meeting.id, first_name=given)
    db.session.add(guest)
    db.session.flush()
    return guest


def guests(meeting: Meeting) -> list[Guest]:
    """A meeting's guests, in the order they came."""
    return list(
        db.session.execute(
            select(Guest).where(Guest.meeting_id == meeting.id).order_by(Guest.id)
        ).scalars()
    )


# --- missing in a row -----------------------------------------------------------------------
