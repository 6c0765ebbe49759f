"""The circles' panel on the home page: the circles the reader works in, as their relationship
lets them see them. A participant sees who is in their circle (first names), a volunteer also
how to reach them, a coach and a project leader what each circle's methodology still asks.

The cards of all shown circles are read together (circles with their organisation and
neighbourhood in one query, members in another); only the checklist is judged per circle."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from kring.access import log, policy
from kring.circles import phases, queries
from kring.circles.models import Circle, CircleMember
from kring.circles.overview import MemberLine
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.core.rules import explain
from kring.extensions import db
from kring.http.methodology import hooks_for, locale
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood

SHOWN = 8
"""Circles on the panel at most: the page's work stays the same however many a leader has."""


@dataclass(frozen=True)
class CircleCard:
    """One circle on the panel, with its words already in the reader's language."""

    id: int
    name: str
    methodology: Methodology
    methodology_name: str
    phase: str
    members: list[MemberLine]
    """Current members as the reader may see them."""
    roles: dict[str, str]
    """Role keys to the methodology's words, for the member list."""
    still_needed: list[str]
    """What the methodology asks before the circle's next step; only for full reach."""


def my_circles(who: Viewer) -> dict[str, Any] | None:
    """The reader's circles (up to ``SHOWN``), or nothing for someone who works in none."""
    if not (who.person_ids or who.has(Role.project_leader)):
        return None
    rows = db.session.execute(
        select(Circle, Organisation, Neighbourhood)
        .join(Organisation, Organisation.id == Circle.organisation_id)
        .join(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
        .where(policy.visible_circles(who))
        .order_by(Circle.name, Circle.id)
        .limit(SHOWN + 1)
    ).all()
    members = queries.current_members_of([circle.id for circle, _o, _n in rows])
    reaches = {circle.id: policy.circle_reach(who, circle) for circle, _o, _n in rows}
    # The trainings the checklists judge, for every fully reached circle at once.
    held = queries.held_in(
        [circle for circle, _o, _n in rows if reaches[circle.id] is Reach.full], members, today()
    )
    cards = []
    for circle, organisation, neighbourhood in rows:
        reach = reaches[circle.id]
        if reach < Reach.first_names:
            continue
        found = members.get(circle.id, [])
        log.shown(who, [m.person_id for m in found])
        cards.append(_card(circle, found, organisation, neighbourhood, reach, held))
    if not cards:
        return None
    shown = cards[:SHOWN]
    return {"cards": shown, "heading": _heading(shown), "more": len(cards) > SHOWN}


def _card(
    circle: Circle,
    members: list[CircleMember],
    organisation: Organisation,
    neighbourhood: Neighbourhood,
    reach: Reach,
    held: dict[int, frozenset[str]],
) -> CircleCard:
    hooks = hooks_for(circle.methodology_key)
    m = hooks.methodology
    here = locale()
    needed: list[str] = []
    if reach is Reach.full:
        facts = queries.view(circle, today(), members, organisation, neighbourhood, held)
        outlook = phases.outlook(facts, hooks)
        if outlook:
            step = outlook[0]
            needed = [explain(c.unmet, m, here) for c in step.checks if not c.is_met]
            needed += [explain(u, m, here) for u in step.plugin_unmet]
    return CircleCard(
        id=circle.id,
        name=circle.name,
        methodology=m,
        methodology_name=m.name(here),
        phase=m.terms.term(circle.phase, here),
        members=[MemberLine.of(member, reach) for member in members],
        roles={r.key: m.terms.term(r.key, here) for r in m.roles},
        still_needed=needed,
    )


def _heading(cards: list[CircleCard]) -> str:
    """ "My Buurtcirkel", "My networks": in the methodology's own word, never a generic one."""
    here = locale()
    kinds = list({card.methodology.key: card.methodology for card in cards}.values())
    if len(cards) == 1:
        return gettext("My %(circle)s", circle=kinds[0].terms.term("circle", here))
    words = " / ".join(m.terms.term("circle_plural", here) for m in kinds)
    return gettext("My %(circles)s", circles=words)
