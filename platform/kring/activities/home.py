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
    """Shown to whoever may suggest activities and takes part in the circle (the policy decided
    the reach; a project leader reads the network picture instead)."""
    if not has_permission("activity.suggest") or reach < Reach.contact:
        return None
    if not who.person_ids or not any(
        p.id in who.person_ids for p in suggestions.members_of(circle)
    ):
        return None
    rows = suggestions.of_circle(circle, limit=RECENT)
    return {
        "circle": circle,
        "suggested": len(rows),
        "went": sum(1 for r in rows if r.suggestion.went_on is not None),
    }
