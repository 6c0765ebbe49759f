"""The team's follow-up of a signal, in the order it happens: a trained volunteer of the
neighbourhood team is asked to make contact, the conversation is recorded (with the loneliness
scale when the resident agrees to answer it), and the signal ends with an outcome.

The first of these moments is when the signal was picked up: the response time runs to it, and
it is all the signaller ever sees of the follow-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from kring.circles.models import ENDED, CircleMember
from kring.core import journal
from kring.core.methodology import Methodology, Survey
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.signals.models import AnonymousFollowUp, Signal, SignalOutcome, SignalStatus
from kring.signals.reminders import tell_assigned, tell_signaller_to_ask_again


@dataclass(frozen=True)
class Volunteer:
    """Someone of the team who may make contact: a current member in a trained role."""

    person_id: int
    name: str
    role: str


def scale_of(m: Methodology) -> Survey | None:
    """The loneliness scale the methodology asks in the conversation, if it asks one."""
    return m.survey(m.target_group.survey if m.target_group else None)


def volunteers(signal: Signal, m: Methodology) -> list[Volunteer]:
    """The current members of the signal's team in a role that needs a training (so they hold
    it: a role is not given without), by name; none when no team covers the postcode."""
    trained = [r.key for r in m.roles if r.needs_training]
    if signal.circle_id is None or not trained:
        return []
    rows = db.session.execute(
        select(Person.id, Person.name, CircleMember.role)
        .join(CircleMember, CircleMember.person_id == Person.id)
        .where(
            CircleMember.circle_id == signal.circle_id,
            CircleMember.status.not_in(ENDED),
            CircleMember.role.in_(trained),
        )
        .order_by(Person.name, Person.id)
    ).all()
    return [Volunteer(person_id, name, role) for person_id, name, role in rows]


def _picked_up(signal: Signal, now: datetime) -> None:
    if signal.picked_up_at is None:
        signal.picked_up_at = now


def _still_open(signal: Signal) -> None:
    if signal.status is SignalStatus.closed:
        raise Refused(
            [refusal("signal.status", "This signal has ended", "Dit signaal is afgesloten")]
        )


def assign(
    signal: Signal, volunteer_id: int, m: Methodology, actor_id: int | None, now: datetime
) -> Signal:
    """Ask a volunteer of the team to make contact; the signal is picked up, and the volunteer
    hears of it in the same transaction."""
    _still_open(signal)
    if volunteer_id not in {v.person_id for v in volunteers(signal, m)}:
        raise Refused(
            [
                refusal(
                    "signal.volunteer",
                    "Choose a trained volunteer of the neighbourhood team",
                    "Kies een getrainde vrijwilliger van het buurtteam",
                    is_input=True,
                )
            ]
        )
    signal.assigned_to_id = volunteer_id
    if signal.status is SignalStatus.new:
        signal.status = SignalStatus.assigned
    _picked_up(signal, now)
    journal.record("signal.assigned", signal, actor_id, person=volunteer_id)
    tell_assigned(signal, now)
    return signal


def decide_anonymous(
    signal: Signal, choice: AnonymousFollowUp, actor_id: int | None, now: datetime
) -> Signal:
    """The team's follow-up of a resident who did not agree to be contacted: a card at the
    address, the signaller asking again (who hears of it in the same transaction), or nothing
    for now. Only for such a signal."""
    _still_open(signal)
    if signal.has_consent:
        raise Refused(
            [
                refusal(
                    "signal.anonymous_follow_up",
                    "The resident agreed to be contacted: ask a volunteer instead",
                    "De bewoner vindt contact goed: vraag liever een vrijwilliger",
                )
            ]
        )
    signal.anonymous_follow_up = choice
    _picked_up(signal, now)
    journal.record("signal.anonymous", signal, actor_id, choice=choice.value)
    if choice is AnonymousFollowUp.ask_again:
        tell_signaller_to_ask_again(signal, now)
    return signal


def record_conversation(
    signal: Signal,
    contacted_on: date,
    note: str | None,
    answers: Mapping[str, str] | None,
    scores: Mapping[str, int | str] | None,
    actor_id: int | None,
    now: datetime,
) -> Signal:
    """The conversation with the resident, and the scale's scores when they answered it all
    (``answers`` as given, ``scores`` as the methodology scores them)."""
    _still_open(signal)
    if contacted_on > now.date() or contacted_on < signal.created_at.date():
        raise Refused(
            [
                refusal(
                    "signal.contacted_on",
                    "The conversation lies between the signal and today",
                    "Het gesprek ligt tussen het signaal en vandaag",
                    is_input=True,
                )
            ]
        )
    signal.contacted_on = contacted_on
    signal.status = SignalStatus.contacted
    if note and note.strip():
        signal.note = _added(signal.note, note)
    if answers:
        signal.loneliness = {"answers": dict(answers), "scores": dict(scores or {})}
    _picked_up(signal, now)
    journal.record("signal.contacted", signal, actor_id)
    return signal


def close(
    signal: Signal,
    outcome: SignalOutcome,
    note: str | None,
    actor_id: int | None,
    now: datetime,
) -> Signal:
    """End the signal with how it ended."""
    _still_open(signal)
    signal.outcome = outcome
    signal.status = SignalStatus.closed
    signal.handled_at = now
    if note and note.strip():
        signal.note = _added(signal.note, note)
    _picked_up(signal, now)
    journal.record("signal.closed", signal, actor_id, outcome=outcome.value)
    return signal


def _added(notes: str | None, note: str) -> str:
    """What the team knows, the newest note last."""
    return f"{notes}\n\n{note.strip()}" if notes else note.strip()
