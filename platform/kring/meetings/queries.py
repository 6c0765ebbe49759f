"""Meetings as pages and panels read them: a circle's meetings with their counts, the door
list, a member's history, the next meeting, and who is missing meetings; each in a fixed
number of queries whatever the number of meetings."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import contains_eager

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.meetings.models import Attendance, AttendanceStatus, Guest, Meeting
from kring.people.models import Person

MAX_SERIES = 52
"""The most meetings one series plans (a year of weekly evenings); the page lists as many
coming meetings as two series hold."""
HISTORY_SIZE = 52
"""How many past meetings the circle's page lists: a year of weekly evenings."""


def current_members(circle: Circle) -> list[CircleMember]:
    """The circle's current memberships (candidates and active), with their people."""
    return list(
        db.session.execute(
            select(CircleMember)
            .join(Person, Person.id == CircleMember.person_id)
            .options(contains_eager(CircleMember.person))
            .where(CircleMember.circle_id == circle.id, CircleMember.status.not_in(ENDED))
            .order_by(Person.name, CircleMember.id)
        ).scalars()
    )


@dataclass(frozen=True)
class Missing:
    """Someone who missed their circle's last meetings, as many as the methodology signals."""

    circle: Circle
    person_id: int
    name: str
    missed: int


def missing(
    circles: ColumnElement[bool], methodologies: Mapping[str, Methodology], limit: int = 50
) -> list[Missing]:
    """Current members of the circles meeting ``circles`` whose run of missed meetings (since
    the last one they came to) is at least their methodology's ``alert_after_missed``, most
    missed first, at most ``limit``: one query whatever the number of circles and meetings.

    The database reads the attendance of these circles' held meetings once: a window gives
    each row the last meeting that person came to in that circle, the rows after it that are
    not "present" are counted per person, and only those at their methodology's threshold
    come back."""
    alert = {
        key: m.meetings.alert_after_missed
        for key, m in methodologies.items()
        if m.meetings is not None
    }
    if not alert:
        return []
    present = Attendance.status == AttendanceStatus.present
    marked = (
        select(
            Meeting.circle_id,
            Attendance.person_id,
            Meeting.starts_at,
            present.label("came"),
            func.max(case((present, Meeting.starts_at)))
            .over(partition_by=(Meeting.circle_id, Attendance.person_id))
            .label("last_came"),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .join(Circle, Circle.id == Meeting.circle_id)
        .where(circles, Circle.methodology_key.in_(alert), Meeting.cancelled_at.is_(None))
        .subquery()
    )
    missed = func.count()
    member = exists().where(
        CircleMember.circle_id == Circle.id,
        CircleMember.person_id == Person.id,
        CircleMember.status.not_in(ENDED),
    )
    rows = db.session.execute(
        select(Circle, Person.id, Person.name, missed)
        .select_from(marked)
        .join(Circle, Circle.id == marked.c.circle_id)
        .join(Person, Person.id == marked.c.person_id)
        .where(
            ~marked.c.came,
            marked.c.last_came.is_(None) | (marked.c.starts_at > marked.c.last_came),
            member,
        )
        .group_by(Circle.id, Person.id, Person.name)
        .having(missed >= case(alert, value=Circle.methodology_key))
        .order_by(missed.desc(), Person.name, Circle.id, Person.id)
        .limit(limit)
    ).all()
    return [Missing(circle, person_id, name, int(count)) for circle, person_id, name, count in rows]


# --- read models ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as a list shows it, with how many came."""

    meeting: Meeting
    present: int = 0
    with_notice: int = 0
    absent: int = 0
    guests: int = 0


@dataclass(frozen=True)
class CircleMeetings:
    """A circle's meetings: those to come, soonest first, and those past, latest first."""

    upcoming: list[MeetingRow]
    past: list[MeetingRow]


def counted(meetings: list[Meeting]) -> list[MeetingRow]:
    """The meetings with how many came to each, in two queries whatever their number."""
    ids = [m.id for m in meetings]
    if not ids:
        return []
    counts = {
        meeting_id: (present, notice, absent)
        for meeting_id, present, notice, absent in db.session.execute(
            select(
                Attendance.meeting_id,
                func.sum(case((Attendance.status == AttendanceStatus.present, 1), else_=0)),
                func.sum(
                    case((Attendance.status == AttendanceStatus.absent_with_notice, 1), else_=0)
                ),
                func.sum(case((Attendance.status == AttendanceStatus.absent, 1), else_=0)),
            )
            .where(Attendance.meeting_id.in_(ids))
            .group_by(Attendance.meeting_id)
        ).all()
    }
    guest_counts = dict(
        db.session.execute(
            select(Guest.meeting_id, func.count(Guest.id))
            .where(Guest.meeting_id.in_(ids))
            .group_by(Guest.meeting_id)
        ).all()
    )
    rows = []
    for m in meetings:
        present, notice, absent = counts.get(m.id, (0, 0, 0))
        rows.append(
            MeetingRow(m, int(present), int(notice), int(absent), int(guest_counts.get(m.id, 0)))
        )
    return rows


def of_circle(circle: Circle, now: datetime, past_limit: int = HISTORY_SIZE) -> CircleMeetings:
    """The circle's meetings to come (all of them) and its last ``past_limit`` ones."""
    upcoming = list(
        db.session.execute(
            select(Meeting)
            .where(Meeting.circle_id == circle.id, Meeting.starts_at >= now)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(MAX_SERIES * 2)
        ).scalars()
    )
    past = list(
        db.session.execute(
            select(Meeting)
            .where(Meeting.circle_id == circle.id, Meeting.starts_at < now)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(past_limit)
        ).scalars()
    )
    return CircleMeetings(counted(upcoming), counted(past))


@dataclass(frozen=True)
class DoorRow:
    """One person on a meeting's door list, with what was recorded for them."""

    person_id: int
    name: str
    role: str
    status: AttendanceStatus | None


def door_list(meeting: Meeting, circle: Circle) -> list[DoorRow]:
    """The circle's current members as the door list shows them, by name, with their
    attendance at this meeting where it was recorded."""
    recorded = dict(
        db.session.execute(
            select(Attendance.person_id, Attendance.status).where(
                Attendance.meeting_id == meeting.id
            )
        ).all()
    )
    return [
        DoorRow(m.person_id, m.person.name, m.role, recorded.get(m.person_id))
        for m in current_members(circle)
    ]


@dataclass(frozen=True)
class HistoryRow:
    """One meeting in a person's history: where, when, and whether they came."""

    meeting: Meeting
    circle_id: int
    circle_name: str
    methodology_key: str
    status: AttendanceStatus


def history_of(person_id: int, limit: int = 100) -> list[HistoryRow]:
    """A person's recorded attendance, latest first."""
    rows = db.session.execute(
        select(Meeting, Circle.id, Circle.name, Circle.methodology_key, Attendance.status)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Circle, Circle.id == Meeting.circle_id)
        .where(Attendance.person_id == person_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    ).all()
    return [HistoryRow(*row) for row in rows]


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting of one of someone's circles."""

    meeting: Meeting
    circle: Circle


def coming_for(
    person_ids: frozenset[int], since: datetime, until: datetime | None, limit: int
) -> list[NextMeeting]:
    """The coming meetings, not cancelled, of circles these people currently take part in,
    from ``since`` (and before ``until``), soonest first, at most ``limit``."""
    if not person_ids:
        return []
    query = (
        select(Meeting, Circle)
        .join(Circle, Circle.id == Meeting.circle_id)
        .where(
            Meeting.circle_id.in_(
                select(CircleMember.circle_id).where(
                    CircleMember.person_id.in_(person_ids), CircleMember.status.not_in(ENDED)
                )
            ),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= since,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(limit)
    )
    if until is not None:
        query = query.where(Meeting.starts_at < until)
    return [NextMeeting(meeting, circle) for meeting, circle in db.session.execute(query).all()]


def next_for(person_ids: frozenset[int], now: datetime) -> NextMeeting | None:
    """The next meeting, not cancelled, of a circle these people currently take part in."""
    found = coming_for(person_ids, now, None, 1)
    return found[0] if found else None


def kind_words(methodology: Methodology | None, kind: str, locale: str) -> str:
    """A kind of meeting in the methodology's words."""
    return methodology.terms.term(kind, locale) if methodology is not None else kind


def held_on(
    circle_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, list[datetime]]:
    """Per circle, when each of its meetings from ``start`` up to ``end`` that was held (not
    cancelled) began, in one query: what an audit compares with the methodology's rhythm."""
    found: dict[int, list[datetime]] = {}
    if not circle_ids:
        return found
    for circle_id, starts_at in db.session.execute(
        select(Meeting.circle_id, Meeting.starts_at)
        .where(
            Meeting.circle_id.in_(circle_ids),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
        )
        .order_by(Meeting.starts_at)
    ).all():
        found.setdefault(circle_id, []).append(starts_at)
    return found
