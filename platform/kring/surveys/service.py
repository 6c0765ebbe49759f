"""Outcome measurements: a person's answers to a methodology's survey, and their scores.

The methodology describes the survey (its items and allowed answers); the core checks the
answers and keeps them; the methodology's plugin scores them (``kring_survey_score``), because
scoring rules (which answer counts towards loneliness, say) are what data cannot express.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.circles.queries import memberships_of_person
from kring.core import journal
from kring.core.methodology import Survey
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.surveys.models import SurveyResponse

if TYPE_CHECKING:
    from kring.plugins import MethodologyHooks, PluginHost


@dataclass(frozen=True)
class Due:
    """A survey a person may be given, because of a role they hold in a circle."""

    methodology_key: str
    survey: Survey


def surveys_for(
    person: Person,
    host: PluginHost,
    memberships: list[tuple[CircleMember, Circle]] | None = None,
) -> list[Due]:
    """Surveys with items for the roles this person actively holds, one entry per survey.
    Pass the person's memberships when they are loaded already."""
    found: dict[tuple[str, str], Due] = {}
    installed = host.methodologies()
    if memberships is None:
        memberships = memberships_of_person(person)
    for member, circle in memberships:
        if member.status is not MemberStatus.active or circle.methodology_key not in installed:
            continue
        for survey in host.for_methodology(circle.methodology_key).surveys():
            if survey.items and member.role in survey.for_roles:
                found[(circle.methodology_key, survey.key)] = Due(circle.methodology_key, survey)
    return list(found.values())


def record(
    person: Person,
    hooks: MethodologyHooks,
    survey_key: str,
    answers: Mapping[str, str],
    taken_on: date,
    actor_id: int | None,
    today: date,
) -> SurveyResponse:
    """Keep a completed survey with its scores, or refuse naming every item at fault."""
    survey = next((s for s in hooks.surveys() if s.key == survey_key and s.items), None)
    if survey is None:
        raise Refused(
            [
                refusal(
                    "survey.unknown",
                    "{survey} is not a survey of {methodology_term}",
                    "{survey} is geen vragenlijst van {methodology_term}",
                    is_input=True,
                    survey=survey_key,
                    methodology_term="methodology",
                )
            ]
        )
    unmet = []
    for item in survey.items:
        allowed = [value for value, _ in item.answers]
        if answers.get(item.key) not in allowed:
            unmet.append(
                refusal(
                    "survey.answer",
                    "Answer '{question_en}' with one of: {allowed_en}",
                    "Beantwoord '{question_nl}' met een van: {allowed_nl}",
                    is_input=True,
                    question_en=item.question.en,
                    question_nl=item.question.nl,
                    item=item.key,
                    allowed_en=", ".join(label.en for _, label in item.answers),
                    allowed_nl=", ".join(label.nl for _, label in item.answers),
                )
            )
    extra = set(answers) - {item.key for item in survey.items}
    if extra:
        unmet.append(
            refusal(
                "survey.unknown_item",
                "Not questions of this survey: {items}",
                "Geen vragen van deze vragenlijst: {items}",
                is_input=True,
                items=", ".join(sorted(extra)),
            )
        )
    if taken_on > today:
        unmet.append(
            refusal(
                "survey.date",
                "The date lies in the future",
                "De datum ligt in de toekomst",
                is_input=True,
            )
        )
    if unmet:
        raise Refused(unmet)
    clean = {item.key: answers[item.key] for item in survey.items}
    try:
        scores = hooks.score_survey(survey.key, clean)
    except ValueError as exc:
        raise Refused(
            [refusal("survey.score", "{reason}", "{reason}", is_input=True, reason=str(exc))]
        ) from None
    response = SurveyResponse(
        person_id=person.id,
        methodology_key=hooks.methodology.key,
        survey_key=survey.key,
        answers=clean,
        scores=scores,
        taken_on=taken_on,
        recorded_by_id=actor_id,
    )
    db.session.add(response)
    db.session.flush()
    journal.record("survey.recorded", person, actor_id, survey=survey.key)
    return response


def responses_of(person: Person) -> list[SurveyResponse]:
    """A person's measurements, oldest first."""
    return list(
        db.session.execute(
            select(SurveyResponse)
            .where(SurveyResponse.person_id == person.id)
            .order_by(SurveyResponse.taken_on, SurveyResponse.id)
        ).scalars()
    )


@dataclass(frozen=True)
class Bar:
    """One measurement's total score, as a bar of ``height`` percent of the highest."""

    day: date
    value: int
    height: int


@dataclass(frozen=True)
class Section:
    """One survey on a person's page: what may be asked, the earlier answers, their chart."""

    due: Due
    responses: list[SurveyResponse]
    chart: list[Bar]


def sections(
    person: Person, host: PluginHost, memberships: list[tuple[CircleMember, Circle]]
) -> list[Section]:
    """Each survey this person may be given, with their past responses (oldest first)."""
    responses = responses_of(person)
    found = []
    for due in surveys_for(person, host, memberships):
        past = [
            r
            for r in responses
            if r.survey_key == due.survey.key and r.methodology_key == due.methodology_key
        ]
        found.append(Section(due, past, chart(past)))
    return found


def chart(responses: list[SurveyResponse]) -> list[Bar]:
    """Bars of the total score per measurement, for a picture of how someone is doing."""
    totals = [(r.taken_on, r.scores.get("total")) for r in responses]
    points = [(day, value) for day, value in totals if isinstance(value, int)]
    highest = max((value for _, value in points), default=0) or 1
    return [Bar(day, value, round(100 * value / highest)) for day, value in points]


def answered_between(
    person_ids: Collection[int],
    methodology_key: str,
    survey_keys: Collection[str],
    start: date,
    end: date,
) -> set[int]:
    """Those of ``person_ids`` who answered one of the methodology's ``survey_keys`` from
    ``start`` to ``end`` (both included), in one query: whether the yearly measurement was
    taken, for an audit."""
    if not person_ids or not survey_keys:
        return set()
    return set(
        db.session.execute(
            select(SurveyResponse.person_id)
            .where(
                SurveyResponse.person_id.in_(person_ids),
                SurveyResponse.methodology_key == methodology_key,
                SurveyResponse.survey_key.in_(survey_keys),
                SurveyResponse.taken_on >= start,
                SurveyResponse.taken_on <= end,
            )
            .distinct()
        ).scalars()
    )
