"""A circle's contact log and an escalation, looked up for a request (pages and API alike),
through the need-to-know policy: another tenant's id, or a record outside the reader's reach,
is simply not found."""

from __future__ import annotations

from flask import abort

from kring.access import policy
from kring.circles.models import Circle
from kring.core.methodology import Methodology
from kring.http.methodology import hooks_for, sensitive_roles
from kring.safetynet.models import Escalation


def methodology_of(circle: Circle) -> Methodology:
    """The circle's methodology (409 when its plugin is no longer installed)."""
    return hooks_for(circle.methodology_key).methodology


def sensitive_circles() -> set[int]:
    """The circles in which the reader reads notes marked sensitive."""
    return policy.reading_sensitive(policy.viewer(), sensitive_roles())


def escalation_to_read(escalation_id: int, circle: Circle | None = None) -> Escalation:
    """An escalation the reader may read (of ``circle`` when named)."""
    return policy.escalation_or_404(escalation_id, circle)


def escalation_to_handle(
    escalation_id: int, circle: Circle | None = None
) -> tuple[Escalation, Circle, Methodology]:
    """An escalation the reader's team handles, its circle and methodology; a volunteer who
    only raised it reads it but gets 404 here, like anyone outside the team."""
    escalation = policy.escalation_or_404(escalation_id, circle)
    found = circle or policy.circle_or_404(escalation.circle_id)[0]
    if not policy.may_handle_escalations(policy.viewer(), found):
        abort(404)
    return escalation, found, methodology_of(found)
