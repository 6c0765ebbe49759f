"""A circle's participants and their cards, looked up for a request (pages and API alike)
through the need-to-know policy: only who reaches the circle fully sees them, and every
participant shown is written to the access log."""

from __future__ import annotations

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.methodology import Methodology
from kring.http.methodology import hooks_for
from kring.signin import service


def circle_residents(circle_id: int) -> tuple[Circle, Methodology, list[service.Resident]]:
    """The circle, its methodology and its participants with their cards; 404 outside reach."""
    circle, _reach = policy.circle_or_404(circle_id, Reach.full)
    m = hooks_for(circle.methodology_key).methodology
    found = service.residents(circle, m)
    log.shown(policy.viewer(), [r.person.id for r in found])
    return circle, m, found
