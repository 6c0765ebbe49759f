"""Outcome measurements: a person's answers to a methodology's survey, and their scores.

The methodology describes the survey (its items and allowed answers); the core checks the
answers and keeps them; the methodology's plugin scores them (``kring_survey_score``), because
scoring rules (which answer counts towards loneliness, say) are what data cannot express.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.circles.queries import memberships as circle_memberships
from kring.circles.queries import memberships_of_person
from kring.core import journal
from kring.core.access import Viewer, acting_for
from kring.core.accounts import Role
from kring.core.db import today
from kring.core.methodology import Methodology, Phrase, Survey, Unmet
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.surveys import timing
from kring.surveys.models import AnsweredWith, Occasion, SurveyResponse

if TYPE_CHECKING:
    from kring.plugins import MethodologyHooks, PluginHost


@dataclass(frozen=True)
class Due:
    """A survey a person may be given, because of a role they hold in a circle: the moment it
    is open for today (None when it is not), or the day it opens next."""

    methodology_key: str
    survey: Survey
    circle_id: int | None = None
    occasion: Occasion | None = None
    opens_on: date | None = None


def _stay(member: CircleMember, circle: Circle) -> timing.Stay:
    return timing.Stay(
        circle.id, member.joined_on, member.left_on, circle.phase, circle.phase_since
    )


EarlierAnswers = dict[tuple[int, str], list[timing.Earlier]]


def _earlier(person_ids: list[int], methodology_key: str) -> EarlierAnswers:
    """Every earlier answer of these people to the methodology's surveys, by (person, survey)."""
    found: EarlierAnswers = {}
    if not person_ids:
        return found
    rows = db.session.execute(
        select(
            SurveyResponse.person_id,
            SurveyResponse.survey_key,
            SurveyResponse.taken_on,
            SurveyResponse.occasion,
            SurveyResponse.circle_id,
        ).where(
            SurveyResponse.person_id.in_(person_ids),
            SurveyResponse.methodology_key == methodology_key,
        )
    )
    for person_id, survey_key, taken_on, occasion, circle_id in rows:
        found.setdefault((person_id, survey_key), []).append(
            timing.Earlier(taken_on, occasion, circle_id)
        )
    return found


def surveys_for(
    person: Person,
    host: PluginHost,
    memberships: list[tuple[CircleMember, Circle]] | None = None,
) -> list[Due]:
    """Surveys with items for the roles this person holds now (a candidate too: the intake
    measurement may come before the intake is recorded), one entry per survey, with
    whether each is open today. Pass the person's memberships when they are loaded already."""
    found: dict[tuple[str, str], Due] = {}
    installed = host.methodologies()
    if memberships is None:
        memberships = memberships_of_person(person)
    day = today()
    earlier: dict[str, EarlierAnswers] = {}
    for member, circle in memberships:
        key = circle.methodology_key
        if member.status in ENDED or key not in installed:
            continue
        for survey in host.for_methodology(key).surveys():
            if not (survey.items and member.role in survey.for_roles):
                continue
            if key not in earlier:
                earlier[key] = _earlier([person.id], key)
            past = earlier[key].get((person.id, survey.key), [])
            stay = _stay(member, circle)
            found[(key, survey.key)] = Due(
                key,
                survey,
                circle.id,
                timing.occasion(survey, stay, past, day),
                timing.opens_on(survey, stay, past, day),
            )
    return list(found.values())


def record(
    person: Person,
    hooks: MethodologyHooks,
    survey_key: str,
    answers: Mapping[str, str],
    taken_on: date,
    actor_id: int | None,
    today: date,
    *,
    circle: Circle | None = None,
    answered_with: AnsweredWith = AnsweredWith.self,
) -> SurveyResponse:
    """Keep a completed survey with its scores, or refuse naming every item at fault, or
    because it is not its moment (``kring.surveys.timing``). The circle is the person's
    membership the survey is open in (``circle`` picks one); ``answered_with`` records
    whether a volunteer or coach sat with the participant."""
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
    circle_id, moment = _moment(person, hooks.methodology, survey, taken_on, circle)
    clean = {item.key: answers[item.key] for item in survey.items}
    try:
        scores = hooks.score_survey(survey.key, clean)
    except ValueError as exc:
        raise Refused(
            [refusal("survey.score", "{reason}", "{reason}", is_input=True, reason=str(exc))]
        ) from None
    total = scores.get("total")
    if not isinstance(total, int):
        total = survey.total(clean)
    if total is not None:
        scores["total"] = total
    response = SurveyResponse(
        person_id=person.id,
        circle_id=circle_id,
        methodology_key=hooks.methodology.key,
        survey_key=survey.key,
        answers=clean,
        scores=scores,
        total=total,
        occasion=moment,
        answered_with=answered_with,
        taken_on=taken_on,
        recorded_by_id=actor_id,
    )
    db.session.add(response)
    db.session.flush()
    journal.record(
        "survey.recorded", person, actor_id, survey=survey.key, answered_with=answered_with.value
    )
    return response


def survey_of(m: Methodology | None, key: str) -> Survey | None:
    """The methodology's survey of this key (None: the plugin is gone or dropped it)."""
    return next((s for s in m.surveys if s.key == key), None) if m else None


def result_words(survey: Survey | None, total: float | None, locale: str) -> str | None:
    """A total as its band's words ("moderately lonely"), never a raw key; None without one."""
    band = survey.band(total) if survey else None
    return band.words.render(locale) if band else None


def answered_with_default(who: Viewer) -> AnsweredWith:
    """Whom a measurement recorded by ``who`` was most likely answered with: the coach or
    volunteer who records it sat with the participant; anyone else typed in a paper form."""
    if who.has(Role.coach):
        return AnsweredWith.coach
    if who.has(Role.volunteer):
        return AnsweredWith.volunteer
    return AnsweredWith.self


def answering_with(who: Viewer) -> AnsweredWith:
    """Whom questionnaires filled in now are answered with: alone, unless ``who`` is a
    volunteer or coach acting on the participant's behalf."""
    return AnsweredWith.self if acting_for() is None else answered_with_default(who)


_WHEN = (
    Phrase(en="at intake", nl="bij de start"),
    Phrase(en="every {n} months", nl="elke {n} maanden"),
    Phrase(en="when leaving", nl="bij het afscheid"),
    Phrase(en="in the phase {phases}", nl="in de fase {phases}"),
    Phrase(en="any time", nl="altijd"),
)


def when_asked(survey: Survey, methodology: Methodology, locale: str) -> str:
    """The survey's moments in words ("at intake, every 6 months, when leaving")."""
    phases = ", ".join(methodology.terms.term(p, locale) for p in survey.at_phases)
    chosen = [
        phrase
        for phrase, wanted in zip(
            _WHEN,
            (survey.at_intake, survey.every_months, survey.at_exit, survey.at_phases),
            strict=False,
        )
        if wanted
    ] or [_WHEN[-1]]
    params: dict[str, str | int] = {"n": survey.every_months or 0, "phases": phases}
    return ", ".join(p.render(locale, params) for p in chosen)


def _moment(
    person: Person, m: Methodology, survey: Survey, day: date, circle: Circle | None
) -> tuple[int, Occasion]:
    """The circle and moment a survey taken on ``day`` belongs to, or a refusal saying when
    it may be given. Memberships in the survey's roles count, ended ones too (at leaving)."""
    stays = [
        (member, c)
        for member, c in memberships_of_person(person)
        if c.methodology_key == m.key
        and member.role in survey.for_roles
        and (circle is None or c.id == circle.id)
    ]
    if not stays:
        raise Refused(
            [
                refusal(
                    "survey.not_member",
                    "{person} takes part in no circle this survey is given in",
                    "{person} doet niet mee in een kring waar deze vragenlijst voor is",
                    person=person.name,
                )
            ]
        )
    past = _earlier([person.id], m.key).get((person.id, survey.key), [])
    for member, c in stays:
        moment = timing.occasion(survey, _stay(member, c), past, day)
        if moment is not None:
            return c.id, moment
    opens = [timing.opens_on(survey, _stay(member, c), past, day) for member, c in stays]
    next_on = min((d for d in opens if d is not None), default=None)
    params: dict[str, str] = {
        "survey_en": survey.title.en,
        "survey_nl": survey.title.nl,
        "when_en": when_asked(survey, m, "en"),
        "when_nl": when_asked(survey, m, "nl"),
    }
    en = "{survey_en} is not due on that day. It is asked {when_en}."
    nl = "{survey_nl} is op die dag niet aan de beurt. De vragenlijst is {when_nl}."
    if next_on is not None:
        params["next_on"] = next_on.isoformat()
        en += " Next from {next_on}."
        nl += " Weer vanaf {next_on}."
    raise Refused([Unmet(rule="survey.not_due", message=Phrase(en=en, nl=nl), params=params)])


@dataclass(frozen=True)
class DueRow:
    """One line of a circle's due list: a member, a survey, and its moment today or the day
    it opens next (neither: it waits for the member to leave)."""

    person: Person
    survey: Survey
    occasion: Occasion | None
    opens_on: date | None


def due_in(circle: Circle, hooks: MethodologyHooks, day: date) -> list[DueRow]:
    """The circle's due list: per member in a surveyed role (current, or left within the exit
    weeks), each survey with items. Two queries, however many members (one when the page has
    read the circle's memberships already)."""
    exit_from = day - timedelta(weeks=timing.EXIT_WEEKS)
    members: list[tuple[CircleMember, Person]] = [
        (m, m.person)
        for m in circle_memberships(circle)
        if m.left_on is None or m.left_on >= exit_from
    ]
    earlier = _earlier([p.id for _, p in members], circle.methodology_key)
    rows = []
    for member, person in members:
        stay = _stay(member, circle)
        for survey in hooks.surveys():
            if not (survey.items and member.role in survey.for_roles):
                continue
            past = earlier.get((person.id, survey.key), [])
            rows.append(
                DueRow(
                    person,
                    survey,
                    timing.occasion(survey, stay, past, day),
                    timing.opens_on(survey, stay, past, day),
                )
            )
    return rows


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
