"""The trainings area's panels: on a project leader's home, the people of the circles they lead
whose courses or checks lapsed or lapse soon; on a circle's page, its team's flags."""

from __future__ import annotations

from typing import Any

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.core.db import today
from kring.http.methodology import enabled_methodologies
from kring.trainings import overview

SHOWN = 8
"""How many flags the home panel lists before "and N more"."""


def _attention(found: overview.Overview) -> list[tuple[overview.TeamMember, overview.Item]]:
    flagged = [(m, i) for c in found.circles for m in c.members for i in m.attention]
    order = overview.NEEDS_ATTENTION
    return sorted(flagged, key=lambda pair: (order.index(pair[1].held.status), pair[0].name))


def lapsing(who: Viewer) -> dict[str, Any] | None:
    """For a project leader: who in their circles' teams has a course or check lapsed, missing
    or lapsing soon, most urgent first; nothing when all is in order."""
    if not who.has(Role.project_leader):
        return None
    flagged = _attention(overview.teams(policy.led_circles(who), enabled_methodologies(), today()))
    if not flagged:
        return None
    shown = flagged[:SHOWN]
    log.shown(who, {m.person_id for m, _i in shown})
    return {"attention": shown, "more": len(flagged) - len(shown)}


def circle_flags(who: Viewer, circle: Circle, reach: Reach) -> dict[str, Any] | None:
    """On the circle page, for those who reach its members fully: the team's courses and checks
    that lapsed, are missing or lapse soon."""
    if reach < Reach.full:
        return None
    found = overview.teams(Circle.id == circle.id, enabled_methodologies(), today())
    flagged = _attention(found)
    if not flagged:
        return None
    log.shown(who, {m.person_id for m, _i in flagged})
    return {"attention": flagged, "more": 0}
