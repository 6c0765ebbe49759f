"""The audits' panel on a circle's page: its fidelity score, what would raise it, its history,
and the way to its audits, for whoever may read the circle's audits."""

from __future__ import annotations

from typing import Any

from kring.access import policy
from kring.audits import read
from kring.audits import service as audits
from kring.audits.models import AuditStatus
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.http.methodology import methodologies


def circle_panel(who: Viewer, circle: Circle, reach: Reach) -> dict[str, Any] | None:
    """The panel's context, or ``None`` for a reader who may not read the circle's audits and
    for a circle neither scored nor audited yet (nothing to say)."""
    if policy.audit_standing(who, circle, reach) is None:
        return None
    latest = audits.latest_audit(circle)
    fidelity = read.fidelity_of(circle, methodologies().get(circle.methodology_key), latest)
    if latest is None and fidelity.score is None:
        return None
    is_open = latest is not None and latest.status is AuditStatus.open
    return {"circle": circle, "fidelity": fidelity, "open_audit": latest if is_open else None}
