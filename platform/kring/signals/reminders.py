"""What the follow-up of signals brings to people's attention: a signal that waits longer than
its methodology allows (``TargetGroup.respond_within_days``) to the team that should pick it
up, and one a volunteer was asked to follow up but has not yet spoken about, to that volunteer.

Messages name the postcode and the day, never the resident or what was seen: that stays in
Kring, where only the team reads it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from kring.core.accounts import Role, RoleGrant
from kring.core.methodology import Methodology, Params, Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import service as notify
from kring.notify.words import day_in_both
from kring.signals.models import Signal, SignalStatus

WAITING = (
    Phrase(en="A signal waits for the team", nl="Een signaal wacht op het team"),
    Phrase(
        en="A resident in {postcode} was signalled on {day_en} and nobody has picked it up "
        "yet. Ask a volunteer to make contact; you find it under Signals in Kring.",
        nl="Een bewoner in {postcode} is op {day_nl} gesignaleerd en nog niemand heeft het "
        "opgepakt. Vraag een vrijwilliger om contact te maken; je vindt het onder Signalen.",
    ),
)
NOT_SPOKEN = (
    Phrase(en="A resident waits for your visit", nl="Een bewoner wacht op je bezoek"),
    Phrase(
        en="You were asked on {day_en} to get in touch with a resident in {postcode}. Write "
        "down how the conversation went under Signals in Kring.",
        nl="Je bent op {day_nl} gevraagd contact te maken met een bewoner in {postcode}. "
        "Schrijf onder Signalen op hoe het gesprek ging.",
    ),
)


def _limits(methodologies: dict[str, Methodology]) -> dict[str, timedelta]:
    return {
        key: timedelta(days=m.target_group.respond_within_days)
        for key, m in methodologies.items()
        if m.target_group is not None
    }


def _team_logins(organisation_ids: set[int]) -> dict[int, set[int]]:
    """Per organisation, the logins of its team (project leaders and coaches of it, or of the
    whole tenant). One query."""
    found: dict[int, set[int]] = defaultdict(set)
    if not organisation_ids:
        return found
    rows = db.session.execute(
        select(RoleGrant.organisation_id, RoleGrant.user_id).where(
            RoleGrant.role.in_((Role.project_leader, Role.coach)),
            or_(
                RoleGrant.organisation_id.is_(None), RoleGrant.organisation_id.in_(organisation_ids)
            ),
        )
    ).all()
    for organisation_id, user_id in rows:
        for target in organisation_ids if organisation_id is None else {organisation_id}:
            found[target].add(user_id)
    return found


def _intent(
    signal: Signal,
    kind: str,
    words: tuple[Phrase, Phrase],
    due_at: datetime,
    params: Params,
    *,
    user_id: int | None = None,
    person_id: int | None = None,
    link: str | None = None,
) -> ReminderIntent:
    """One message about ``signal``, written once per kind, signal and recipient."""
    recipient = user_id if user_id is not None else person_id
    return ReminderIntent(
        key=f"{kind.replace('_', '-')}:{signal.id}:{recipient}",
        kind=kind,
        title=words[0],
        body=words[1],
        params=params,
        due_at=due_at,
        user_id=user_id,
        person_id=person_id,
        link=link or f"/signals/{signal.id}",
    )


def waiting_signals(now: datetime) -> Iterator[ReminderIntent]:
    """Signals past their methodology's wait: waiting ones to the team once, and ones a
    volunteer was asked to follow up, not yet spoken about, to that volunteer once. Two
    queries whatever the number of signals."""
    limits = _limits(current_app.extensions["kring.plugins"].methodologies())
    if not limits:
        return
    shortest = min(limits.values())
    rows = list(
        db.session.execute(
            select(Signal)
            .where(
                Signal.status.in_((SignalStatus.new, SignalStatus.assigned)),
                Signal.methodology_key.in_(limits),
                Signal.created_at < now - shortest,
            )
            .order_by(Signal.created_at, Signal.id)
        ).scalars()
    )
    waiting = [s for s in rows if s.status is SignalStatus.new]
    team = _team_logins({s.organisation_id for s in waiting})
    for signal in rows:
        since = signal.picked_up_at if signal.status is SignalStatus.assigned else None
        start = since or signal.created_at
        due = start + limits[signal.methodology_key]
        if due > now:
            continue
        params = {"postcode": signal.postcode or "", **day_in_both("day", start.date())}
        if signal.status is SignalStatus.new:
            for user_id in sorted(team.get(signal.organisation_id, set())):
                yield _intent(signal, "signal_waiting", WAITING, due, params, user_id=user_id)
        elif signal.assigned_to_id is not None:
            volunteer = signal.assigned_to_id
            yield _intent(signal, "signal_not_spoken", NOT_SPOKEN, due, params, person_id=volunteer)


ASKED = (
    Phrase(en="Will you visit a resident?", nl="Wil je een bewoner bezoeken?"),
    Phrase(
        en="The neighbourhood team asks you to get in touch with a resident in {postcode}. "
        "You find who and why under Signals in Kring.",
        nl="Het buurtteam vraagt je contact te maken met een bewoner in {postcode}. Wie en "
        "waarom vind je onder Signalen.",
    ),
)


def tell_assigned(signal: Signal, now: datetime) -> None:
    """Tell the volunteer they were asked to make contact, in the transaction of the asking."""
    if signal.assigned_to_id is not None:
        params = {"postcode": signal.postcode or ""}
        notify.remind(
            _intent(signal, "signal_assigned", ASKED, now, params, person_id=signal.assigned_to_id)
        )


ASK_AGAIN = (
    Phrase(en="Would you ask again?", nl="Wil je het nog eens vragen?"),
    Phrase(
        en="The neighbourhood team read your signal about a resident in {postcode}. Would you "
        "ask them again, next time you are there, whether the team may get in touch? If they "
        "agree, report them once more with their name.",
        nl="Het buurtteam heeft je signaal over een bewoner in {postcode} gelezen. Wil je de "
        "volgende keer dat je er bent nog eens vragen of het team contact mag opnemen? Is de "
        "bewoner akkoord, meld hem of haar dan nog een keer, met naam.",
    ),
)


def tell_signaller_to_ask_again(signal: Signal, now: datetime) -> None:
    """Ask whoever reported a resident without their agreement to ask them again, in the
    transaction of the team's decision."""
    if signal.signaled_by_id is not None:
        params = {"postcode": signal.postcode or ""}
        notify.remind(
            _intent(
                signal,
                "signal_ask_again",
                ASK_AGAIN,
                now,
                params,
                user_id=signal.signaled_by_id,
                link="/signals/new",
            )
        )
