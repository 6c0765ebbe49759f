"""What the audit tests share: a proefkring that runs, and an audit opened on a given day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kring.audits.models import Audit, AuditStatus
from kring.circles import membership, phases
from kring.circles.models import Circle
from kring.extensions import db
from kring.testing import builders
from kring.testing.builders import start_circle

TODAY = builders.TODAY


def running(hooks: Any, name: str) -> Circle:
    """A proefkring in ``draaien`` since TODAY, with a trained guide, a buddy and three
    participants after their intakes."""
    circle = start_circle(hooks, name, f"Wijk {name}", ["6041"], today=TODAY)
    guide = builders.join(
        circle, hooks, "begeleider", f"Gids {name}", postcode="6041AA", trainings=("basis",)
    )
    builders.join(
        circle,
        hooks,
        "maatje",
        f"Maatje {name}",
        postcode="6041AA",
        attributes={"woont_vast": "yes", "check_geldig_tot": "2027-12-31"},
    )
    for i in range(3):
        member = builders.join(circle, hooks, "deelnemer", f"Deelnemer {name} {i}")
        membership.complete_intake(member, guide, True, None, hooks, None, TODAY)
    phases.move_phase(circle, "draaien", hooks, None, None, TODAY)
    return circle


def reviewed_audit(circle: Circle, opened: date) -> Audit:
    """A reviewed audit of ``circle`` opened on ``opened``, over the year before it: the next
    one is counted from that day."""
    audit = Audit(
        circle_id=circle.id,
        methodology_key=circle.methodology_key,
        period_start=opened - timedelta(days=365),
        period_end=opened - timedelta(days=1),
        due_on=opened + timedelta(days=42),
        status=AuditStatus.reviewed,
        opened_at=datetime.combine(opened, time(6), UTC),
    )
    db.session.add(audit)
    db.session.flush()
    return audit
