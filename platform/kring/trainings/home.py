"""The trainings area's panels: on a project leader's home, the people of the circles they lead
whose courses or checks lapsed or lapse soon; on a circle's page, its team's flags.

Both ask the database for the flags alone (``attention.needing_attention``), never for the
whole team: the home panel for the first ``SHOWN`` and the count of the rest."""

from __future__ import annotations

from typing import Any

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.core.db import today
from kring.http.methodology import enabled_methodologies
from kring.trainings.attention import needing_attention

SHOWN = 8
"""How many flags the home panel lists before "and N more"."""


def lapsing(who: Viewer) -> dict[str, Any] | None:
    """For a project leader: who in their circles' teams has a course or check lapsed, missing
    or lapsing soon, most urgent first; nothing when all is in order."""
    if not who.has(Role.project_leader):
        return None
    found = needing_attention(policy.led_circles(who), enabled_methodologies(), today(), SHOWN)
    if not found.flags:
        return None
    log.shown(who, {m.person_id for m, _i in found.flags})
    return {"attention": found.flags, "more": found.more}


def circle_flags(who: Viewer, circle: Circle, reach: Reach) -> dict[str, Any] | None:
    """On the circle page, for those who reach its members fully: the team's courses and checks
    that lapsed, are missing or lapse soon."""
    if reach < Reach.full:
        return None
    found = needing_attention(Circle.id == circle.id, enabled_methodologies(), today())
    if not found.flags:
        return None
    log.shown(who, {m.person_id for m, _i in found.flags})
    return {"attention": found.flags, "more": 0}
