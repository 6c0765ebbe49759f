"""The circles' panel on the home page: the circles the reader works in, as their relationship
lets them see them. A participant sees who is in their circle (first names), a volunteer also
how to reach them, a coach and a project leader what each circle's methodology still asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from kring.access import policy
from kring.circles import overview
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.core.db import today
from kring.core.rules import explain
from kring.extensions import db
from kring.http.methodology import hooks_for, locale

SHOWN = 8
"""Circles on the panel at most: the page's work stays the same however many a leader has."""


@dataclass(frozen=True)
class CircleCard:
    """One circle on the panel, with its words already in the reader's language."""

    view: overview.CircleOverview
    methodology_name: str
    phase: str
    roles: dict[str, str]
    """Role keys to the methodology's words, for the member list."""
    still_needed: list[str]
    """What the methodology asks before the circle's next step; only for full reach."""


def my_circles(who: Viewer) -> dict[str, Any] | None:
    """The reader's circles (up to ``SHOWN``), or nothing for someone who works in none."""
    if not (who.person_ids or who.has(Role.project_leader)):
        return None
    circles = db.session.execute(
        select(Circle).where(policy.visible_circles(who)).order_by(Circle.name).limit(SHOWN + 1)
    ).scalars()
    cards = []
    for circle in circles:
        reach = policy.circle_reach(who, circle)
        if reach < Reach.first_names:
            continue
        cards.append(_card(circle, who, reach))
    if not cards:
        return None
    shown = cards[:SHOWN]
    return {"cards": shown, "heading": _heading(shown), "more": len(cards) > SHOWN}


def _heading(cards: list[CircleCard]) -> str:
    """ "My Buurtcirkel", "My networks": in the methodology's own word, never a generic one."""
    here = locale()
    kinds = list({card.view.methodology.key: card.view.methodology for card in cards}.values())
    if len(cards) == 1:
        return gettext("My %(circle)s", circle=kinds[0].terms.term("circle", here))
    words = " / ".join(m.terms.term("circle_plural", here) for m in kinds)
    return gettext("My %(circles)s", circles=words)


def _card(circle: Circle, who: Viewer, reach: Reach) -> CircleCard:
    hooks = hooks_for(circle.methodology_key)
    m = hooks.methodology
    here = locale()
    view = overview.of(circle, hooks, today(), who, reach)
    needed: list[str] = []
    if reach is Reach.full and view.outlook:
        step = view.outlook[0]
        needed = [explain(c.unmet, m, here) for c in step.checks if not c.is_met]
        needed += [explain(u, m, here) for u in step.plugin_unmet]
    return CircleCard(
        view=view,
        methodology_name=m.name(here),
        phase=m.terms.term(circle.phase, here),
        roles={r.key: m.terms.term(r.key, here) for r in m.roles},
        still_needed=needed,
    )
