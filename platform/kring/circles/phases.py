"""A circle's life from its start through its phases: the core runs the methodology's machine.

Starting a circle puts it in the methodology's first phase; moving it on is allowed only along
the methodology's moves, when every requirement of the target phase is met and no plugin guard
objects. A refusal lists every reason at once and writes nothing (``Refused``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kring.circles import queries
from kring.circles.models import Circle, PhaseTransition
from kring.core import events
from kring.core.facade import CircleView
from kring.core.methodology import Methodology, Unmet
from kring.core.rules import Check, Refused, checklist, refusal
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood
from kring.plugins import MethodologyHooks


def circle_name(m: Methodology, neighbourhood: Neighbourhood, given: str | None) -> str:
    """The name a new circle gets. A methodology that names circles after the neighbourhood
    (``Buurtkring De Kemp``) takes a given name as what tells this one apart there
    (``Buurtkring De Kemp Noord``); otherwise the given name, spaces tidied."""
    given = " ".join((given or "").split())
    if m.circle_name is None:
        return given
    default = m.circle_name.render("nl", {"neighbourhood": neighbourhood.name})
    if not given or given.casefold().startswith(default.casefold()):
        return given or default
    return f"{default} {given}"


def create_circle(
    hooks: MethodologyHooks,
    organisation: Organisation,
    neighbourhood: Neighbourhood,
    name: str | None,
    actor_id: int | None,
    today: date,
) -> Circle:
    """Start a circle in the methodology's first phase, for an organisation that has it enabled.

    Names are unique in a tenant (``circle_name`` says how a methodology that names its circles
    after the neighbourhood tells a second one there apart); a name in use is refused.
    """
    m = hooks.methodology
    unmet = []
    status = organisations.status_of(organisation, m.key)
    if status is None:
        unmet.append(
            refusal(
                "methodology.not_enabled",
                "{organisation} does not work with {methodology_term}",
                "{organisation} werkt niet met {methodology_term}",
                organisation=organisation.name,
                methodology_term="methodology",
            )
        )
    elif status == "disabled":
        unmet.append(
            refusal(
                "methodology.disabled",
                "{organisation} starts no new {circle_plural_term}: it stopped working with "
                "{methodology_term} or is archived (its {circle_plural_term} keep their history)",
                "{organisation} start geen nieuwe {circle_plural_term}: de organisatie werkt niet "
                "meer met {methodology_term} of is gearchiveerd (de {circle_plural_term} blijven "
                "bewaard)",
                organisation=organisation.name,
                methodology_term="methodology",
                circle_plural_term="circle_plural",
            )
        )
    name = circle_name(m, neighbourhood, name)
    if not name:
        unmet.append(
            refusal(
                "circle.name",
                "A {circle_term} needs a name",
                "Een {circle_term} heeft een naam nodig",
                is_input=True,
                circle_term="circle",
            )
        )
    elif queries.name_taken(name):
        unmet.append(
            refusal(
                "circle.name_taken",
                "There is already a {circle_term} named {name}: give this one a name that tells"
                " it apart, such as a street or a part of the neighbourhood",
                "Er is al een {circle_term} met de naam {name}: geef deze een naam die hem"
                " onderscheidt, zoals een straat of een deel van de buurt",
                is_input=True,
                circle_term="circle",
                name=name,
            )
        )
    if unmet:
        raise Refused(unmet)
    circle = Circle(
        name=name,
        methodology_key=m.key,
        organisation_id=organisation.id,
        neighbourhood_id=neighbourhood.id,
        phase=m.initial_phase,
        phase_since=today,
    )
    db.session.add(circle)
    db.session.flush()
    db.session.add(
        PhaseTransition(
            circle_id=circle.id, to_phase=m.initial_phase, moved_on=today, actor_id=actor_id
        )
    )
    events.circle_created.send(circle, actor_id=actor_id, methodology=m.key)
    return circle


def next_phases(phase: str, m: Methodology) -> list[str]:
    """The phases a circle in ``phase`` may move to, in the methodology's order of moves."""
    return [move.target for move in m.moves if move.source == phase]


@dataclass(frozen=True)
class PhaseOutlook:
    """What moving to one of the next phases would take (the circle page's checklist)."""

    phase: str
    checks: list[Check]
    plugin_unmet: list[Unmet]

    @property
    def is_ready(self) -> bool:
        return all(c.is_met for c in self.checks) and not self.plugin_unmet


def outlook(circle: CircleView, hooks: MethodologyHooks) -> list[PhaseOutlook]:
    """What each next phase takes, after what the current phase still lacks (people who joined
    later, a check that expired, fewer members than the running minimum): the circle page's
    checklist. The current phase appears only when something is missing there."""
    m = hooks.methodology
    now = PhaseOutlook(circle.phase, checklist(m, circle.phase, circle, staying=True), [])
    ahead = [
        PhaseOutlook(target, checklist(m, target, circle), hooks.phase_guard(circle, target))
        for target in next_phases(circle.phase, m)
    ]
    return ([] if now.is_ready else [now]) + ahead


def move_phase(
    circle: Circle,
    target: str,
    hooks: MethodologyHooks,
    actor_id: int | None,
    reason: str | None,
    today: date,
) -> PhaseTransition:
    """Move ``circle`` to ``target`` when the methodology allows it; else ``Refused``."""
    m = hooks.methodology
    lock(circle)
    if m.phase_index(target) < 0:
        raise Refused(
            [
                refusal(
                    "phase.unknown",
                    "{target} is not a phase of {methodology_term}",
                    "{target} is geen fase van {methodology_term}",
                    is_input=True,
                    target=target,
                    methodology_term="methodology",
                )
            ]
        )
    allowed = next_phases(circle.phase, m)
    if target not in allowed:
        raise Refused([_not_allowed(circle.phase, target, allowed)])
    facts = queries.view(circle, today)
    unmet = [c.unmet for c in checklist(m, target, facts) if not c.is_met]
    unmet += hooks.phase_guard(facts, target)
    if unmet:
        raise Refused(unmet)
    transition = PhaseTransition(
        circle_id=circle.id,
        from_phase=circle.phase,
        to_phase=target,
        reason=reason,
        moved_on=today,
        actor_id=actor_id,
    )
    source = circle.phase
    circle.phase, circle.phase_since = target, today
    db.session.add(transition)
    db.session.flush()
    events.circle_phase_moved.send(
        circle, actor_id=actor_id, source=source, target=target, on=today.isoformat()
    )
    return transition


def _not_allowed(source: str, target: str, allowed: list[str]) -> Unmet:
    if not allowed:
        return refusal(
            "phase.not_allowed",
            "{from_term} is the last phase; a {circle_term} does not move on from it",
            "{from_term} is de laatste fase; een {circle_term} gaat daarna niet verder",
            from_term=source,
            circle_term="circle",
        )
    return refusal(
        "phase.not_allowed",
        "From {from_term} a {circle_term} cannot move to {to_term}; the next step is {next_term}",
        "Vanuit {from_term} kan een {circle_term} niet naar {to_term}; de volgende stap is"
        " {next_term}",
        from_term=source,
        circle_term="circle",
        to_term=target,
        next_term=allowed[0],
    )


def lock(circle: Circle) -> None:
    """Serialise changes to one circle, so two people cannot both take its last place."""
    db.session.execute(select(Circle.id).where(Circle.id == circle.id).with_for_update())
