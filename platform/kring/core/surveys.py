"""Outcome measurements: a person's answers to a methodology's survey, and their scores.

The methodology describes the survey (its items and allowed answers); the core checks the
answers and keeps them; the methodology's plugin scores them (``kring_survey_score``), because
scoring rules (which answer counts towards loneliness, say) are what data cannot express.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from kring.core import journal
from kring.core.circles import MemberStatus, Refused, memberships_of_person
from kring.core.db import Model, utcnow
from kring.core.methodology import Survey
from kring.core.people import Person
from kring.core.rules import refusal
from kring.core.tenancy import TenantScoped
from kring.extensions import db

if TYPE_CHECKING:
    from kring.plugins import MethodologyHooks, PluginHost


class SurveyResponse(TenantScoped, Model):
    __tablename__ = "survey_response"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    methodology_key: Mapped[str] = mapped_column(String(40))
    survey_key: Mapped[str] = mapped_column(String(60))
    answers: Mapped[dict[str, str]] = mapped_column(JSON)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    taken_on: Mapped[date]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Due:
    """A survey a person may be given, because of a role they hold in a circle."""

    methodology_key: str
    survey: Survey


def surveys_for(person: Person, host: PluginHost) -> list[Due]:
    """Surveys with items for the roles this person actively holds, one entry per survey."""
    found: dict[tuple[str, str], Due] = {}
    installed = host.methodologies()
    for member, circle in memberships_of_person(person):
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
                items=", ".join(sorted(extra)),
            )
        )
    if taken_on > today:
        unmet.append(
            refusal("survey.date", "The date lies in the future", "De datum ligt in de toekomst")
        )
    if unmet:
        raise Refused(unmet)
    clean = {item.key: answers[item.key] for item in survey.items}
    try:
        scores = hooks.score_survey(survey.key, clean)
    except ValueError as exc:
        raise Refused([refusal("survey.score", "{reason}", "{reason}", reason=str(exc))]) from None
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
    return list(
        db.session.execute(
            select(SurveyResponse)
            .where(SurveyResponse.person_id == person.id)
            .order_by(SurveyResponse.taken_on, SurveyResponse.id)
        ).scalars()
    )
