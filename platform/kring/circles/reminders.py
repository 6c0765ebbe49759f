"""Reminders about a circle itself: screenings that run out (a VOG, a DBS check: the dates a
methodology asks to lie in the future, ``NotExpired``) and the first quality audit coming up.

A screening is brought to the member and to the circle's team (its coaches and project
leaders) 30 days before it runs out, and again 7 days before; the first audit to the team 30
days before it falls due (``phases.first_audit_due``, the date the circle page shows). Each
reminder is written once by its key, which names the date it is about: a renewed screening is
a new date, reminded anew.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from kring.circles import phases
from kring.circles.models import ENDED, Circle, CircleMember, PhaseTransition
from kring.core.methodology import Methodology, NotExpired, Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import team
from kring.notify.words import day_in_both, local_zone, morning, term_in_both
from kring.people.models import Person

SCREENING_DAYS = (30, 7)
"""How many days before a screening runs out it is reminded, first to last."""
AUDIT_DAYS = 30

SCREENING_TO_MEMBER = (
    Phrase(
        en="Renew in time: your {check_en} is {until_en}",
        nl="Op tijd vernieuwen: je {check_nl} is {until_nl}",
    ),
    Phrase(
        en="Your {check_en} as {role_en} of {circle} is {until_en}. Arrange the renewal in "
        "time; your coach or project leader can help.",
        nl="Je {check_nl} als {role_nl} van {circle} is {until_nl}. Regel de vernieuwing op "
        "tijd; je coach of projectleider helpt je daarbij.",
    ),
)
SCREENING_TO_TEAM = (
    Phrase(
        en="The {check_en} of {name} is {until_en}",
        nl="De {check_nl} van {name} is {until_nl}",
    ),
    Phrase(
        en="The {check_en} of {name} ({role_en} of {circle}) is {until_en}. Without a "
        "renewal the circle may not move on to a phase that asks for it.",
        nl="De {check_nl} van {name} ({role_nl} van {circle}) is {until_nl}. Zonder "
        "vernieuwing mag de groep niet door naar een fase die erom vraagt.",
    ),
)
AUDIT = (
    Phrase(
        en="The first quality audit of {circle} is due on {due_en}",
        nl="De eerste kwaliteitsaudit van {circle} staat gepland op {due_nl}",
    ),
    Phrase(
        en="{circle} has its first quality audit due on {due_en}, {months} months after it "
        "entered {phase_en}. Gather what the audit asks for in time.",
        nl="Voor {circle} staat de eerste kwaliteitsaudit op {due_nl}, {months} maanden na de "
        "start van {phase_nl}. Verzamel op tijd wat de audit vraagt.",
    ),
)


def _expiring(m: Methodology) -> dict[str, str]:
    """The methodology's screenings: attribute keys that must not have expired, by role."""
    keys = {r.attribute for r in m.requirements if isinstance(r, NotExpired)}
    return {a.key: a.role for a in m.attributes if a.key in keys}


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _which_reminder(until: date, today: date) -> int | None:
    """Which of ``SCREENING_DAYS`` is due on ``today`` for a screening valid ``until``: the
    closest one reached, so a date entered late is reminded once, not twice."""
    if until < today:
        return None
    reached = [d for d in SCREENING_DAYS if until - timedelta(days=d) <= today]
    return min(reached) if reached else None


def screenings_running_out(now: datetime) -> Iterator[ReminderIntent]:
    """The member and the circle's team hear 30 and 7 days before a screening runs out. Two
    queries (the members, the teams) whatever the number of circles and members."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    checks = {k: found for k, m in methodologies.items() if (found := _expiring(m))}
    if not checks:
        return
    tz = local_zone()
    today = now.astimezone(tz).date()
    rows = db.session.execute(
        select(CircleMember, Circle, Person.name)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .join(Person, Person.id == CircleMember.person_id)
        .where(Circle.methodology_key.in_(checks), CircleMember.status.not_in(ENDED))
        .order_by(CircleMember.id)
    ).all()
    due = []
    for member, circle, name in rows:
        for attribute, role in checks[circle.methodology_key].items():
            until = _day((member.attributes or {}).get(attribute))
            days = _which_reminder(until, today) if until and member.role == role else None
            if until is not None and days is not None:
                due.append((member, circle, name, attribute, until, days))
    teams = team.of({circle.id for _m, circle, *_ in due})
    for member, circle, name, attribute, until, days in due:
        m = methodologies[circle.methodology_key]
        params = {
            "name": name,
            "circle": circle.name,
            **term_in_both("check", m, attribute),
            **term_in_both("role", m, member.role),
            **day_in_both("until", until),
        }
        key = f"screening:{member.id}:{attribute}:{until.isoformat()}:{days}"
        due_at = max(morning(until - timedelta(days=days), tz), now)
        recipients = [(f"{key}:person", {"person_id": member.person_id}, SCREENING_TO_MEMBER)]
        recipients += [
            (f"{key}:user:{u}", {"user_id": u}, SCREENING_TO_TEAM) for u in teams.get(circle.id, [])
        ]
        for each_key, who, (title, body) in recipients:
            yield ReminderIntent(
                key=each_key,
                kind="screening_expiring",
                title=title,
                body=body,
                params=params,
                due_at=due_at,
                circle_id=circle.id,
                link=f"/circles/{circle.id}",
                **who,
            )


def audits_coming(now: datetime) -> Iterator[ReminderIntent]:
    """The circle's team hears 30 days before its first quality audit falls due. Two queries
    (the circles' phase histories, the teams) whatever the number of circles."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    scheduled = {k: m for k, m in methodologies.items() if m.first_audit is not None}
    if not scheduled:
        return
    tz = local_zone()
    today = now.astimezone(tz).date()
    audited = {m.first_audit.phase for m in scheduled.values() if m.first_audit is not None}
    history: dict[int, list[PhaseTransition]] = defaultdict(list)
    circles: dict[int, Circle] = {}
    for transition, circle in db.session.execute(
        select(PhaseTransition, Circle)
        .join(Circle, Circle.id == PhaseTransition.circle_id)
        .where(
            Circle.methodology_key.in_(scheduled),
            PhaseTransition.to_phase.in_(audited),
        )
        .order_by(PhaseTransition.id)
    ).all():
        history[circle.id].append(transition)
        circles[circle.id] = circle
    due = []
    for circle_id, transitions in history.items():
        circle = circles[circle_id]
        m = scheduled[circle.methodology_key]
        on = phases.first_audit_due(transitions, m)
        if on is not None and on - timedelta(days=AUDIT_DAYS) <= today <= on:
            due.append((circle, m, on))
    teams = team.of({circle.id for circle, _m, _on in due})
    for circle, m, on in due:
        assert m.first_audit is not None
        params = {
            "circle": circle.name,
            "months": m.first_audit.months,
            **term_in_both("phase", m, m.first_audit.phase),
            **day_in_both("due", on),
        }
        for user_id in teams.get(circle.id, []):
            yield ReminderIntent(
                key=f"audit-due:{circle.id}:{on.isoformat()}:{user_id}",
                kind="audit_due",
                title=AUDIT[0],
                body=AUDIT[1],
                params=params,
                due_at=max(morning(on - timedelta(days=AUDIT_DAYS), tz), now),
                user_id=user_id,
                circle_id=circle.id,
                link=f"/circles/{circle.id}",
            )
