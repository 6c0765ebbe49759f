"""Noticing who stays away: the run of meetings a member missed in a row, and the one signal to
the circle's volunteer and coach (outbox rows, in their channels) when it reaches the
methodology's ``MeetingPattern.alert_after_missed``, once per streak."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kring.circles import queries
from kring.circles.models import Circle
from kring.core import events
from kring.core.accounts import Role, RoleGrant, User
from kring.core.db import utcnow
from kring.core.methodology import MeetingPattern, Phrase, ReminderIntent
from kring.extensions import db
from kring.meetings.models import Attendance, AttendanceStatus, Meeting
from kring.notify import service as notify
from kring.people.models import Person


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
    "hear how things are.",
    nl="{name} was de laatste {count} bijeenkomsten van {circle} niet aanwezig. Neem "
    "misschien even contact op om te horen hoe het gaat.",
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


def signal_streak(
    meeting: Meeting, circle: Circle, person: Person, pattern: MeetingPattern, actor_id: int | None
) -> None:
    """After an absence is recorded: when the person's streak reaches the methodology's number,
    announce it and tell the circle's volunteer and coach, once per streak (the outbox key
    names the streak's first missed meeting)."""
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
    params: dict[str, str | int] = {
        "name": person.name,
        "count": found.length,
        "circle": circle.name,
    }
    for user in signalled(circle):
        if user.id == person.user_id:
            continue
        # The key names the streak by its first missed meeting: a longer streak is the same
        # signal, a new streak after a meeting attended is a new one.
        notify.remind(
            ReminderIntent(
                key=f"meetings-missed:{circle.id}:{person.id}:{found.first_missed_id}:{user.id}",
                kind="meetings_missed",
                title=MISSED_SUBJECT,
                body=MISSED_BODY,
                params=params,
                due_at=utcnow(),
                user_id=user.id,
                circle_id=circle.id,
                link=f"/circles/{circle.id}/meetings",
            )
        )
