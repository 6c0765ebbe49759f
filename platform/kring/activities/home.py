"""The calendar's panel on a circle's page: for the circle's volunteers and coaches, how many
activities were suggested and went to lately, and the way to suggest one."""

from __future__ import annotations

from typing import Any

from kring.activities import suggestions
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.http.access import has_permission

RECENT = 5


def circle_panel(who: Viewer, circle: Circle, reach: Reach) -> dict[str, Any] | None:
    """Shown to whoever may suggest activities (a volunteer or coach) and reaches the members'
    names: the policy gives those roles that reach only in a circle they take part in, so no
    query of its own is needed to know it (the suggestions page asks the policy again)."""
    if not has_permission("activity.suggest") or reach < Reach.contact or not who.person_ids:
        return None
    rows = suggestions.of_circle(circle, limit=RECENT)
    return {
        "circle": circle,
        "suggested": len(rows),
        "went": sum(1 for r in rows if r.suggestion.went_on is not None),
    }
