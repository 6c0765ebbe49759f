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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import contains_eager

from kring.circles import queries
from kring.circles.models import ENDED, Circle, CircleMember
from kring.core import events, journal
from kring.core.access import first_name
from kring.core.accounts import Role, RoleGrant, User
from kring.core.db import utcnow
from kring.core.methodology import MeetingPattern, Methodology, Phrase
from kring.core.rules import Refused, refusal
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db
from kring.meetings.models import Attendance, AttendanceStatus, Guest, Meeting
from kring.notify import service as notify
from kring.people.models import Person

MAX_SERIES = 52
"""The most meetings one series plans: a year of weekly evenings."""
DOOR_OPENS = timedelta(hours=12)
"""How long before a meeting starts its attendance may be taken (at the door, or the
afternoon before)."""
HISTORY_SIZE = 52
"""How many past meetings the circle's page lists: a year of weekly evenings."""

ZONES = {"nl": "Europe/Amsterdam", "en": "Europe/London"}


def zone(locale: str) -> ZoneInfo:
    """The time zone a tenant's circles meet in, from the tenant's language (Kring's tenants
    are Dutch and British)."""
    return ZoneInfo(ZONES.get(locale, "Europe/Amsterdam"))


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
                _signal_streak(meeting, circle, members[person_id].person, pattern, actor_id)
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


@dataclass(frozen=True)
class Streak:
    """How many of a person's latest recorded meetings in a circle they missed, and the first
    of them (which names the streak, so it is signalled once)."""

    length: int
    first_missed_id: int | None


def streak(circle_id: int, person_id: int, limit: int = 100) -> Streak:
    """The person's current run of missed meetings in this circle: the latest meetings held
    (not cancelled) with their attendance recorded, back to the last one they came to. Away
    with notice counts as missed: the signal is about being away, not about manners."""
    rows = db.session.execute(
        select(Attendance.status, Meeting.id)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.circle_id == circle_id,
            Meeting.cancelled_at.is_(None),
            Attendance.person_id == person_id,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    ).all()
    length, first = 0, None
    for status, meeting_id in rows:
        if status == AttendanceStatus.present:
            break
        length, first = length + 1, meeting_id
    return Streak(length, first)


MISSED_SUBJECT = Phrase(
    en="{name} missed {count} meetings of {circle} in a row",
    nl="{name} was {count} keer achter elkaar niet bij {circle}",
)
MISSED_BODY = Phrase(
    en="{name} was not at the last {count} meetings of {circle}. Perhaps get in touch to "
    "hear how things are.\n\nKring",
    nl="{name} was de laatste {count} bijeenkomsten van {circle} niet aanwezig. Neem "
    "misschien even contact op om te horen hoe het gaat.\n\nKring",
)


def signalled(circle: Circle) -> list[User]:
    """Who hears that someone stays away: the circle's current members who are its volunteer
    or coach in the tenant (a login with that role)."""
    return queries.member_logins(
        circle,
        User.id.in_(
            select(RoleGrant.user_id).where(RoleGrant.role.in_([Role.volunteer, Role.coach]))
        ),
    )


def _signal_streak(
    meeting: Meeting, circle: Circle, person: Person, pattern: MeetingPattern, actor_id: int | None
) -> None:
    found = streak(circle.id, person.id)
    if found.length < pattern.alert_after_missed or found.first_missed_id is None:
        return
    if found.length == pattern.alert_after_missed:
        events.member_missing_meetings.send(
            meeting,
            actor_id=actor_id,
            circle_id=circle.id,
            person_id=person.id,
            missed=found.length,
        )
    tenant = db.session.get(Tenant, current_tenant_id())
    fallback = tenant.locale if tenant is not None else "nl"
    for user in signalled(circle):
        if user.id == person.user_id or not user.email:
            continue
        locale = user.locale or fallback
        params: dict[str, str | int] = {
            "name": person.name,
            "count": found.length,
            "circle": circle.name,
        }
        # The key names the streak by its first missed meeting: a longer streak is the same
        # signal, a new streak after a meeting attended is a new one.
        notify.queue_email(
            user.email,
            MISSED_SUBJECT.render(locale, params),
            MISSED_BODY.render(locale, params),
            f"meetings.missed:{circle.id}:{person.id}:{found.first_missed_id}:{user.id}",
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
    the last one they came to) is at least their methodology's ``alert_after_missed``, in a
    fixed number of queries whatever the number of circles."""
    held = Meeting.cancelled_at.is_(None)
    came = (
        select(
            Meeting.circle_id.label("circle_id"),
            Attendance.person_id.label("person_id"),
            func.max(Meeting.starts_at).label("last"),
        )
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(held, Attendance.status == AttendanceStatus.present)
        .group_by(Meeting.circle_id, Attendance.person_id)
        .subquery()
    )
    missed = func.count(Attendance.id)
    rows = db.session.execute(
        select(Circle, Person.id, Person.name, missed)
        .join(Meeting, Meeting.circle_id == Circle.id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Person, Person.id == Attendance.person_id)
        .join(
            CircleMember,
            (CircleMember.circle_id == Circle.id) & (CircleMember.person_id == Person.id),
        )
        .outerjoin(
            came, (came.c.circle_id == Circle.id) & (came.c.person_id == Attendance.person_id)
        )
        .where(
            circles,
            held,
            CircleMember.status.not_in(ENDED),
            Attendance.status != AttendanceStatus.present,
            (came.c.last.is_(None)) | (Meeting.starts_at > came.c.last),
        )
        .group_by(Circle.id, Person.id, Person.name)
        .order_by(missed.desc(), Person.name)
        .limit(limit * 4)
    ).all()
    found = []
    for circle, person_id, name, count in rows:
        m = methodologies.get(circle.methodology_key)
        if m is not None and m.meetings is not None and count >= m.meetings.alert_after_missed:
            found.append(Missing(circle, person_id, name, int(count)))
    return found[:limit]


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


def next_for(person_ids: frozenset[int], now: datetime) -> NextMeeting | None:
    """The next meeting, not cancelled, of a circle these people currently take part in."""
    if not person_ids:
        return None
    found = db.session.execute(
        select(Meeting, Circle)
        .join(Circle, Circle.id == Meeting.circle_id)
        .where(
            Meeting.circle_id.in_(
                select(CircleMember.circle_id).where(
                    CircleMember.person_id.in_(person_ids), CircleMember.status.not_in(ENDED)
                )
            ),
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at >= now,
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    ).first()
    return NextMeeting(*found) if found is not None else None


def kind_words(methodology: Methodology | None, kind: str, locale: str) -> str:
    """A kind of meeting in the methodology's words."""
    return methodology.terms.term(kind, locale) if methodology is not None else kind
