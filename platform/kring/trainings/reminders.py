"""Reminders before a background check (a VOG, a DBS check) or a course that must be renewed
(a yearly return day) lapses.

The person and the project leaders of each circle they take part in hear 30 days before, and
again 7 days before, for the checks and courses their role asks (``Screening.role``,
``Methodology.courses_for``). Only the latest completion counts: once it is renewed the new
date is reminded in its time, and the key, which names the date, makes each reminder a single
row however often the sweep runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.methodology import Methodology, Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import team
from kring.notify.words import day_in_both, local_zone, morning, term_in_both
from kring.people.models import Person
from kring.trainings import service
from kring.trainings.models import ScreeningRecord, TrainingRecord

DAYS_BEFORE = (30, 7)
"""How many days before a check or course lapses it is reminded, first to last."""

TO_PERSON = (
    Phrase(
        en="Renew in time: your {check_en} is valid until {until_en}",
        nl="Op tijd vernieuwen: je {check_nl} is geldig tot {until_nl}",
    ),
    Phrase(
        en="Your {check_en} as {role_en} of {circle} is valid until {until_en}. Arrange the "
        "renewal in time; your project leader can help.",
        nl="Je {check_nl} als {role_nl} van {circle} is geldig tot {until_nl}. Regel de "
        "vernieuwing op tijd; je projectleider helpt je daarbij.",
    ),
)
TO_LEADERS = (
    Phrase(
        en="The {check_en} of {name} is valid until {until_en}",
        nl="De {check_nl} van {name} is geldig tot {until_nl}",
    ),
    Phrase(
        en="The {check_en} of {name} ({role_en} of {circle}) is valid until {until_en}. "
        "Without a renewal it lapses, and the overview of trainings and screenings shows it "
        "as lapsed.",
        nl="De {check_nl} van {name} ({role_nl} van {circle}) is geldig tot {until_nl}. "
        "Zonder vernieuwing verloopt die, en het overzicht van trainingen en screenings toont "
        "dat.",
    ),
)


def which_reminder(until: date, today: date) -> int | None:
    """Which of ``DAYS_BEFORE`` is due on ``today`` for something valid ``until``: the closest
    one reached, so a date recorded late is reminded once, not twice; None once it lapsed."""
    if until < today:
        return None
    reached = [d for d in DAYS_BEFORE if until - timedelta(days=d) <= today]
    return min(reached) if reached else None


def _asked(m: Methodology, role: str) -> dict[str, tuple[str, Phrase]]:
    """What ``role`` must keep renewed: key -> (kind of reminder, title)."""
    found: dict[str, tuple[str, Phrase]] = {
        s.key: ("screening_expiring", s.title) for s in m.screenings_for(role)
    }
    for course in m.courses_for(role):
        if course.valid_months is not None:
            found[course.key] = ("training_expiring", course.title)
    return found


def lapsing(now: datetime) -> Iterator[ReminderIntent]:
    """The person and their circles' project leaders hear 30 and 7 days before a check or a
    course their role asks lapses. Four queries (memberships, checks, courses, leaders)
    whatever the number of circles and people."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    renewed = {
        k
        for k, m in methodologies.items()
        if m.screenings or any(t.valid_months for t in m.trainings)
    }
    if not renewed:
        return
    tz = local_zone()
    today = now.astimezone(tz).date()
    rows = db.session.execute(
        select(CircleMember, Circle, Person.name)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .join(Person, Person.id == CircleMember.person_id)
        .where(Circle.methodology_key.in_(renewed), CircleMember.status.not_in(ENDED))
        .order_by(CircleMember.id)
    ).all()
    if not rows:
        return
    people = {member.person_id for member, _c, _n in rows}
    latest = service.latest_expiry(
        [
            *db.session.execute(
                select(
                    ScreeningRecord.person_id,
                    ScreeningRecord.screening_key,
                    ScreeningRecord.issued_on,
                    ScreeningRecord.expires_on,
                ).where(ScreeningRecord.person_id.in_(people))
            ).all(),
            *db.session.execute(
                select(
                    TrainingRecord.person_id,
                    TrainingRecord.training_key,
                    TrainingRecord.completed_on,
                    TrainingRecord.expires_on,
                ).where(TrainingRecord.person_id.in_(people))
            ).all(),
        ]
    )
    until = {k: day for k, day in latest.items() if day is not None}
    due = []
    for member, circle, name in rows:
        m = methodologies[circle.methodology_key]
        for key, (kind, title) in _asked(m, member.role).items():
            day = until.get((member.person_id, key))
            days = which_reminder(day, today) if day is not None else None
            if day is not None and days is not None:
                due.append((member, circle, name, m, key, kind, title, day, days))
    leaders = team.project_leaders({d[1].id for d in due})
    written: set[str] = set()  # someone in two circles hears once, from the first
    for member, circle, name, m, key, kind, title, day, days in due:
        params = {
            "name": name,
            "circle": circle.name,
            "check_en": title.en,
            "check_nl": title.nl,
            **term_in_both("role", m, member.role),
            **day_in_both("until", day),
        }
        base = f"lapsing:{member.person_id}:{key}:{day.isoformat()}:{days}"
        due_at = max(morning(day - timedelta(days=days), tz), now)
        recipients = [(f"{base}:person", {"person_id": member.person_id}, TO_PERSON)]
        recipients += [
            (f"{base}:user:{u}", {"user_id": u}, TO_LEADERS)
            for u in sorted(leaders.get(circle.id, ()))
        ]
        for each_key, who, (subject, body) in recipients:
            if each_key in written:
                continue
            written.add(each_key)
            yield ReminderIntent(
                key=each_key,
                kind=kind,
                title=subject,
                body=body,
                params=params,
                due_at=due_at,
                circle_id=circle.id,
                link=f"/people/{member.person_id}",
                **who,
            )
