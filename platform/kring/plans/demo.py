"""Invented plans for the demo: every current participant of a demo circle gets a plan with a
few goals, steps (some done, some helped by the circle's volunteer) and a note. A second run
adds nothing: people whose plan already has a step are left alone."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.tenancy import current_tenant_id
from kring.extensions import db
from kring.people.models import Person
from kring.plans import service as plans
from kring.plans.models import Domain, Goal, NoteKind, Plan, Step

GOALS = (
    (
        Domain.social,
        "Vaker met iemand afspreken",
        ("Een buurvrouw uitnodigen voor koffie", "Naar de open avond gaan"),
    ),
    (Domain.health, "Elke week een wandeling maken", ("Een wandelroute kiezen", "Samen lopen")),
    (Domain.living, "Mijn tuin bijhouden", ("Hulp vragen bij het snoeien",)),
    (Domain.finances, "Overzicht over mijn post", ("Een map maken voor brieven",)),
    (Domain.learning, "Leren videobellen", ("De app laten installeren", "Een keer oefenen")),
    (Domain.work_and_day, "Iets doen bij het buurthuis", ("Vragen wat er te doen is",)),
)


def give_plans(today: date) -> None:
    """Plans for the participants (the size rule's role) of every circle in the tenant."""
    if current_tenant_id() is None:
        return
    found = current_app.extensions["kring.plugins"].methodologies()
    rows = db.session.execute(
        select(CircleMember, Circle.methodology_key)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(CircleMember.status.not_in(ENDED))
        .order_by(CircleMember.id)
    ).all()
    planned = _with_steps(frozenset(m.person_id for m, _key in rows))
    for number, (member, key) in enumerate(rows):
        m = found.get(key)
        if m is None or member.role != m.size_rule.role or member.person_id in planned:
            continue
        person = db.session.get(Person, member.person_id)
        if person is None:
            continue
        give_plan(person, today, number)
        planned |= {person.id}


def _with_steps(person_ids: frozenset[int]) -> frozenset[int]:
    """People whose plan already has a step: the demo has been here (or they have been)."""
    if not person_ids:
        return frozenset()
    return frozenset(
        db.session.execute(
            select(Plan.person_id)
            .join(Goal, Goal.plan_id == Plan.id)
            .join(Step, Step.goal_id == Goal.id)
            .where(Plan.person_id.in_(person_ids))
        ).scalars()
    )


def give_plan(person: Person, today: date, number: int = 0) -> None:
    """Two goals with steps, a note and a review date, as if written over the past months."""
    by = plans.Editor(None)
    helpers = plans.supporters(person)
    volunteer = next((s for s in helpers if s.role == "volunteer"), None)
    for i in range(2):
        domain, title, steps = GOALS[(number + i) % len(GOALS)]
        goal = plans.add_goal(person, domain, title, by)
        plan = plans.ensure_plan(person, by)
        for j, step_title in enumerate(steps):
            helper = volunteer.person_id if volunteer and j == 0 else None
            step = plans.add_step(plan, goal, step_title, helper, helpers, by)
            if j == 0:
                plans.set_step_done(plan, step, True, by, today - timedelta(days=14))
    plans.add_note(person, NoteKind.progress, "Het gaat goed, de eerste stap is gezet.", None, by)
    plans.set_review(person, today + timedelta(days=7 + number % 21), by, today)
