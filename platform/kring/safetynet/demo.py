"""The safety net's demo life: months of contacts in every demo circle, one escalation resolved
a month ago and one open, so the volunteer's and the coach's home pages show real work.

Invented notes only; a circle that has any contact or escalation already is left as it is, so
``kring demo`` run twice adds nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.core.methodology import EscalationLadder
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db
from kring.http.methodology import methodologies
from kring.people.models import Person
from kring.safetynet.models import Contact, ContactKind, Escalation

MONTHS_BACK = 4
KINDS = (ContactKind.visit, ContactKind.call, ContactKind.meeting, ContactKind.message)
NOTES = {
    "nl": (
        "Koffie gedronken, het gaat goed.",
        "Even gebeld; de boodschappen zijn geregeld.",
        "Samen naar de bijeenkomst gelopen.",
        "Appje gestuurd, morgen weer langs.",
        "Wat somber vandaag, volgende week weer bellen.",
    ),
    "en": (
        "Had a coffee together, doing well.",
        "Quick call; the shopping is sorted.",
        "Walked to the meeting together.",
        "Sent a message, dropping by tomorrow.",
        "A bit low today, will call again next week.",
    ),
}
QUESTIONS = {
    "nl": (
        "Post stapelt zich op en er ligt een aanmaning; weet niet hoe ik kan helpen.",
        "Lijkt verward sinds vorige week en eet slecht. Kan de coach meekijken?",
    ),
    "en": (
        "Post is piling up and there is a final demand; not sure how to help.",
        "Seems confused since last week and is not eating well. Could someone look in?",
    ),
}
ANSWERS = {
    "nl": ("Samen met de schuldhulp een afspraak gemaakt.", "Opgelost: betalingsregeling loopt."),
    "en": (
        "Made an appointment with debt advice together.",
        "Resolved: a payment plan is in place.",
    ),
}


def give_life(today: date) -> None:
    """Give each circle of the current tenant with an escalation ladder months of contacts and
    its escalations; circles that have them already are left alone."""
    tenant = db.session.get(Tenant, current_tenant_id())
    language = tenant.locale if tenant is not None and tenant.locale in NOTES else "en"
    found = methodologies()
    for circle in db.session.execute(select(Circle).order_by(Circle.id)).scalars():
        m = found.get(circle.methodology_key)
        if m is None or m.escalation is None:
            continue
        members = db.session.execute(
            select(CircleMember.person_id, CircleMember.role, Person.user_id)
            .join(Person, Person.id == CircleMember.person_id)
            .where(CircleMember.circle_id == circle.id, CircleMember.status == MemberStatus.active)
            .order_by(CircleMember.id)
        ).all()
        helper = next((u for _p, role, u in members if role == m.escalation.steps[0] and u), None)
        participants = [p for p, role, _u in members if role == m.size_rule.role]
        if not participants:
            continue
        _contacts(circle, participants, m.escalation, helper, today, language)
        _escalations(circle, participants, m.escalation, helper, today, language)
    db.session.flush()


def _has(model: type[Contact] | type[Escalation], circle: Circle) -> bool:
    return (
        db.session.execute(select(model.id).where(model.circle_id == circle.id).limit(1)).first()
        is not None
    )


def _contacts(
    circle: Circle,
    participants: list[int],
    ladder: EscalationLadder,
    helper: int | None,
    today: date,
    language: str,
) -> None:
    if _has(Contact, circle):
        return
    start = today - timedelta(days=30 * MONTHS_BACK)
    for n, person_id in enumerate(participants):
        day = start + timedelta(days=n % ladder.contact_every_days)
        # Every third member has not been seen for a while: their contact is due.
        last = today - timedelta(days=ladder.contact_every_days * (2 if n % 3 == 2 else 0) + 1)
        visit = 0
        while day <= last:
            db.session.add(
                Contact(
                    circle_id=circle.id,
                    person_id=person_id,
                    contact_on=day,
                    kind=KINDS[(n + visit) % len(KINDS)],
                    note=NOTES[language][(n + visit) % len(NOTES[language])],
                    logged_by_id=helper,
                )
            )
            visit += 1
            day += timedelta(days=ladder.contact_every_days - 2 + (n + visit) % 4)


def _escalations(
    circle: Circle,
    participants: list[int],
    ladder: EscalationLadder,
    helper: int | None,
    today: date,
    language: str,
) -> None:
    if _has(Escalation, circle):
        return
    severity = ladder.severities[min(1, len(ladder.severities) - 1)]
    month_ago = datetime.combine(today - timedelta(days=30), time(10), UTC)
    resolved = Escalation(
        circle_id=circle.id,
        person_id=participants[0],
        severity=severity.key,
        question=QUESTIONS[language][0],
        step=1,
        raised_by_id=helper,
        raised_at=month_ago,
        due_by=month_ago + timedelta(hours=severity.respond_within_hours),
        answer=ANSWERS[language][0],
        answered_at=month_ago + timedelta(hours=20),
        resolution=ANSWERS[language][1],
        resolved_at=month_ago + timedelta(days=6),
    )
    raised = datetime.combine(today - timedelta(days=1), time(9), UTC)
    open_one = Escalation(
        circle_id=circle.id,
        person_id=participants[-1],
        severity=severity.key,
        question=QUESTIONS[language][1],
        is_sensitive=True,
        step=1,
        raised_by_id=helper,
        raised_at=raised,
        due_by=raised + timedelta(hours=severity.respond_within_hours),
    )
    db.session.add_all([resolved, open_one])
