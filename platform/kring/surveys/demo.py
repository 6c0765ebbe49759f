"""Invented measurements for the demo: every current member a demo circle surveys answers each
of its questionnaires when they joined and again each time it comes round, so a Buurtcirkel
shows its satisfaction average against 8.7 and a team its loneliness trend. A second run adds
nothing: people who answered a survey once are left alone for it."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.methodology import Survey
from kring.core.tenancy import current_tenant_id
from kring.extensions import db
from kring.people.models import Person
from kring.surveys import service, timing
from kring.surveys.models import AnsweredWith, SurveyResponse

MARKS = ("9", "8", "9", "7", "10", "8", "9", "8")
"""Invented marks around +Vijf's published average, so the demo shows a circle near 8.7."""


def _answers(survey: Survey, seed: int) -> dict[str, str]:
    if survey.scoring == "mark":
        return {survey.items[0].key: MARKS[seed % len(MARKS)]}
    return {
        item.key: item.answers[(seed + i) % len(item.answers)][0]
        for i, item in enumerate(survey.items)
    }


def measure(today: date) -> None:
    """Answers for the surveyed members of every circle in the tenant, first at joining (a
    week in), then whenever the survey opened again up to today."""
    if current_tenant_id() is None:
        return
    host = current_app.extensions["kring.plugins"]
    installed = host.methodologies()
    rows = db.session.execute(
        select(CircleMember, Circle, Person)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .join(Person, Person.id == CircleMember.person_id)
        .where(CircleMember.status.not_in(ENDED))
        .order_by(CircleMember.id)
    ).all()
    answered = set(
        db.session.execute(select(SurveyResponse.person_id, SurveyResponse.survey_key)).all()
    )
    for number, (member, circle, person) in enumerate(rows):
        if circle.methodology_key not in installed:
            continue
        hooks = host.for_methodology(circle.methodology_key)
        for survey in hooks.surveys():
            if not survey.items or member.role not in survey.for_roles:
                continue
            if (person.id, survey.key) in answered:
                continue
            day = min(member.joined_on + timedelta(days=7), today)
            stay = timing.Stay(circle.id, member.joined_on, None, circle.phase, circle.phase_since)
            for k in range(4):
                past = [
                    timing.Earlier(r.taken_on, r.occasion, r.circle_id)
                    for r in service.responses_of(person)
                    if r.survey_key == survey.key
                ]
                opens = day if k == 0 else timing.opens_on(survey, stay, past, day)
                if opens is None or opens > today:
                    break
                if timing.occasion(survey, stay, past, opens) is None:
                    break
                service.record(
                    person,
                    hooks,
                    survey.key,
                    _answers(survey, number + k),
                    opens,
                    None,
                    today,
                    circle=circle,
                    answered_with=AnsweredWith.coach if k == 0 else AnsweredWith.self,
                )
                day = opens
