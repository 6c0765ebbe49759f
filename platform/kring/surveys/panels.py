"""The circle page's outcomes panel: each instrument's average against its benchmark, the
trend, every member's network size and who is due a questionnaire."""

from __future__ import annotations

from typing import Any

from kring.access import log
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.db import today
from kring.exchange import service as exchange
from kring.http.access import has_permission
from kring.http.methodology import hooks_for, locale, methodologies
from kring.surveys import outcomes, service


def circle_panel(who: Viewer, circle: Circle, reach: Reach) -> dict[str, Any] | None:
    """For whoever reaches the circle fully (its coach, its project leader): figures inside
    the circle, so none is left out for being few; names only in the due list and network
    sizes, each logged as read. ``None`` for anyone else, or a methodology without surveys."""
    m = methodologies().get(circle.methodology_key)
    if reach < Reach.full or not has_permission("outcomes.circle") or m is None:
        return None
    day = today()
    measures = outcomes.circle_measures(circle, m, day)
    if not measures:
        return None
    members = exchange.current_members(circle)
    due = [row for row in service.due_in(circle, hooks_for(m.key), day) if row.occasion]
    sizes = outcomes.network_sizes(circle, members, day)
    log.shown(who, sorted({*members, *(row.person.id for row in due)}))
    return {
        "circle": circle,
        "measures": measures,
        "due": due,
        "sizes": sizes,
        "term": lambda key: m.terms.term(key, locale()),
    }
