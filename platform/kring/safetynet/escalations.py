"""Escalations up the methodology's ladder: raising one with a severity and the response time
it sets, answering, passing up, resolving; telling the step an escalation comes to (reminding
it when it is overdue is a rule in ``reminders.py``), and the escalations as pages read them
(sensitive notes hidden from roles the ladder does not name)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import aliased

from kring.circles import queries
from kring.circles.models import Circle, CircleMember
from kring.core import events
from kring.core.accounts import User
from kring.core.methodology import EscalationLadder, Methodology, Unmet
from kring.core.paging import PAGE_SIZE
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.safetynet import reminders
from kring.safetynet.models import Escalation
from kring.safetynet.service import blank, not_a_member, shown_note


def ladder_of(methodology: Methodology) -> EscalationLadder:
    """The methodology's ladder; a methodology without one takes no escalations (409)."""
    if methodology.escalation is None:
        raise Refused(
            [
                refusal(
                    "safetynet.no_ladder",
                    "{methodology_term} has no escalation ladder in Kring",
                    "{methodology_term} heeft in Kring geen escalatieladder",
                    methodology_term="methodology",
                )
            ]
        )
    return methodology.escalation


def _hours(ladder: EscalationLadder, severity: str) -> int:
    found = ladder.severity(severity)
    return (
        found.respond_within_hours
        if found
        else max(s.respond_within_hours for s in ladder.severities)
    )


def raise_escalation(
    circle: Circle,
    methodology: Methodology,
    person_id: int | None,
    severity: str,
    question: str,
    is_sensitive: bool,
    actor_id: int | None,
    now: datetime,
) -> Escalation:
    """Raise a question about a member to the next step of the ladder, due within the hours
    its severity names; refused naming every field at fault."""
    ladder = ladder_of(methodology)
    unmet = not_a_member(circle, person_id)
    if ladder.severity(severity) is None:
        unmet.append(
            refusal(
                "safetynet.severity",
                "Choose how urgent it is",
                "Kies hoe dringend het is",
                is_input=True,
            )
        )
    unmet += blank(question, "safetynet.question", "Write down the question", "Schrijf de vraag op")
    if unmet:
        raise Refused(unmet)
    assert person_id is not None
    escalation = Escalation(
        circle_id=circle.id,
        person_id=person_id,
        severity=severity,
        question=question.strip(),
        is_sensitive=is_sensitive,
        step=1,
        raised_by_id=actor_id,
        raised_at=now,
        due_by=now + timedelta(hours=_hours(ladder, severity)),
    )
    db.session.add(escalation)
    db.session.flush()
    events.escalation_raised.send(
        escalation,
        actor_id=actor_id,
        circle_id=circle.id,
        person_id=person_id,
        severity=severity,
        step=ladder.step_key(escalation.step),
    )
    _tell_the_step(escalation, circle, methodology, ladder)
    return escalation


def _tell_the_step(
    escalation: Escalation, circle: Circle, methodology: Methodology, ladder: EscalationLadder
) -> None:
    """A message in the outbox to whoever the escalation now sits with: the circle's current
    members in that step's role (nobody for help outside the circle)."""
    step = ladder.step_key(escalation.step)
    told = queries.member_logins(circle, CircleMember.role == step)
    reminders.tell("raised", escalation, circle, methodology, [u.id for u in told])


def _still_open(escalation: Escalation) -> list[Unmet]:
    if escalation.is_open:
        return []
    return [
        refusal(
            "safetynet.resolved",
            "This escalation is already resolved",
            "Deze escalatie is al afgehandeld",
        )
    ]


def answer(escalation: Escalation, text: str, actor_id: int | None, now: datetime) -> Escalation:
    """Answer an open escalation: the volunteer who raised it reads the answer."""
    unmet = _still_open(escalation) + blank(
        text, "safetynet.answer", "Write the answer", "Schrijf het antwoord"
    )
    if unmet:
        raise Refused(unmet)
    escalation.answer = text.strip()
    escalation.answered_at = now
    escalation.answered_by_id = actor_id
    events.escalation_answered.send(escalation, actor_id=actor_id, circle_id=escalation.circle_id)
    return escalation


def pass_up(
    escalation: Escalation, methodology: Methodology, actor_id: int | None, now: datetime
) -> Escalation:
    """Pass an open escalation to the next step of the ladder, which gets the severity's
    hours from now and hears of it; the top step passes it nowhere."""
    ladder = ladder_of(methodology)
    unmet = _still_open(escalation)
    if ladder.is_last(escalation.step):
        unmet.append(
            refusal(
                "safetynet.top",
                "This escalation is at the last step of the ladder ({step_term})",
                "Deze escalatie is bij de laatste stap van de ladder ({step_term})",
                step_term=ladder.step_key(escalation.step),
            )
        )
    if unmet:
        raise Refused(unmet)
    escalation.step += 1
    escalation.due_by = now + timedelta(hours=_hours(ladder, escalation.severity))
    events.escalation_passed_up.send(
        escalation,
        actor_id=actor_id,
        circle_id=escalation.circle_id,
        step=ladder.step_key(escalation.step),
    )
    circle = db.session.get(Circle, escalation.circle_id)
    if circle is not None:
        _tell_the_step(escalation, circle, methodology, ladder)
    return escalation


def resolve(
    escalation: Escalation, resolution: str, actor_id: int | None, now: datetime
) -> Escalation:
    """Close an escalation with what was done about it."""
    unmet = _still_open(escalation) + blank(
        resolution,
        "safetynet.resolution",
        "Write down how it was resolved",
        "Schrijf op hoe het is afgehandeld",
    )
    if unmet:
        raise Refused(unmet)
    escalation.resolution = resolution.strip()
    escalation.resolved_at = now
    escalation.resolved_by_id = actor_id
    events.escalation_resolved.send(escalation, actor_id=actor_id, circle_id=escalation.circle_id)
    return escalation


def response_times(
    circle_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime | None]]]:
    """Per circle, for each escalation raised from ``start`` up to ``end``: the time it was due
    by and its first response (answered or resolved, whichever came first; None while it has
    none), in one query: whether the ladder answered in time, for an audit."""
    found: dict[int, list[tuple[datetime, datetime | None]]] = {}
    if not circle_ids:
        return found
    for circle_id, due_by, answered_at, resolved_at in db.session.execute(
        select(
            Escalation.circle_id, Escalation.due_by, Escalation.answered_at, Escalation.resolved_at
        )
        .where(
            Escalation.circle_id.in_(circle_ids),
            Escalation.raised_at >= start,
            Escalation.raised_at < end,
        )
        .order_by(Escalation.id)
    ).all():
        responses = [t for t in (answered_at, resolved_at) if t is not None]
        found.setdefault(circle_id, []).append((due_by, min(responses) if responses else None))
    return found


@dataclass(frozen=True)
class EscalationRow:
    """An escalation as pages and the API show it, with the ladder step's term key and
    whether it is overdue; the question and answer are None when held back."""

    id: int
    circle_id: int
    circle_name: str
    methodology_key: str
    person_id: int
    person_name: str
    severity: str
    step: int
    step_key: str
    is_last_step: bool
    question: str | None
    is_sensitive: bool
    note_hidden: bool
    raised_by: str | None
    raised_at: datetime
    due_by: datetime
    is_overdue: bool
    answer: str | None
    answered_by: str | None
    answered_at: datetime | None
    resolution: str | None
    resolved_by: str | None
    resolved_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


def escalations(
    visible: ColumnElement[bool],
    methodologies: Mapping[str, Methodology],
    reader_id: int | None,
    sensitive_in: Collection[int],
    now: datetime,
    circle_id: int | None = None,
    only_open: bool = False,
    limit: int = PAGE_SIZE,
) -> list[EscalationRow]:
    """Escalations meeting ``visible``: open ones first, the most overdue at the top, then the
    resolved ones, latest first. One query."""
    raiser, answerer, resolver = aliased(User), aliased(User), aliased(User)
    query = (
        select(Escalation, Circle.name, Circle.methodology_key, Person.name)
        .add_columns(raiser.name, answerer.name, resolver.name)
        .join(Circle, Circle.id == Escalation.circle_id)
        .join(Person, Person.id == Escalation.person_id)
        .outerjoin(raiser, raiser.id == Escalation.raised_by_id)
        .outerjoin(answerer, answerer.id == Escalation.answered_by_id)
        .outerjoin(resolver, resolver.id == Escalation.resolved_by_id)
        .where(visible)
        .order_by(
            Escalation.resolved_at.is_not(None),
            Escalation.due_by,
            Escalation.resolved_at.desc(),
            Escalation.id,
        )
        .limit(limit)
    )
    if circle_id is not None:
        query = query.where(Escalation.circle_id == circle_id)
    if only_open:
        query = query.where(Escalation.resolved_at.is_(None))
    return [
        _escalation_row(row, methodologies, reader_id, sensitive_in, now)
        for row in db.session.execute(query).all()
    ]


def escalation_row(
    escalation: Escalation,
    methodologies: Mapping[str, Methodology],
    reader_id: int | None,
    sensitive_in: Collection[int],
    now: datetime,
) -> EscalationRow:
    """One escalation as its page and the API show it."""
    rows = escalations(
        Escalation.id == escalation.id, methodologies, reader_id, sensitive_in, now, limit=1
    )
    return rows[0]


def _escalation_row(
    row: tuple[Escalation, str, str, str, str | None, str | None, str | None],
    methodologies: Mapping[str, Methodology],
    reader_id: int | None,
    sensitive_in: Collection[int],
    now: datetime,
) -> EscalationRow:
    e, circle_name, key, person_name, raised_by, answered_by, resolved_by = row
    m = methodologies.get(key)
    ladder = m.escalation if m is not None else None
    question, hidden = shown_note(
        e.question, e.is_sensitive, e.circle_id, e.raised_by_id, reader_id, sensitive_in
    )
    answer_text = None if hidden else e.answer
    resolution = None if hidden else e.resolution
    return EscalationRow(
        id=e.id,
        circle_id=e.circle_id,
        circle_name=circle_name,
        methodology_key=key,
        person_id=e.person_id,
        person_name=person_name,
        severity=e.severity,
        step=e.step,
        step_key=ladder.step_key(e.step) if ladder else str(e.step),
        is_last_step=ladder.is_last(e.step) if ladder else True,
        question=question,
        is_sensitive=e.is_sensitive,
        note_hidden=hidden,
        raised_by=raised_by,
        raised_at=e.raised_at,
        due_by=e.due_by,
        is_overdue=e.is_open and e.due_by < now,
        answer=answer_text,
        answered_by=answered_by,
        answered_at=e.answered_at,
        resolution=resolution,
        resolved_by=resolved_by,
        resolved_at=e.resolved_at,
    )
