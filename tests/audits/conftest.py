"""What the audit tests share: a proefkring that runs, an audit opened on a given day, and
audits of the world's proefkring circle A: open (its size not met, its name met, its evaluation
waiting for evidence), or reviewed with follow-up actions."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from kring.audits import review as reviews
from kring.audits import service as audits
from kring.audits.models import Audit, AuditStatus, FidelityScore
from kring.circles import membership, phases
from kring.circles.models import Circle
from kring.core.accounts import TrainerGrant
from kring.core.db import today
from kring.core.methodology import Finding, Methodology, Phrase
from kring.extensions import db
from kring.testing import builders
from kring.testing.builders import start_circle
from kring.testing.factories import UserFactory
from tests.conftest import World
from tests.reports.conftest import audited  # noqa: F401  (a Buurtcirkel with its coach, audited)

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


EVIDENCE = {"gehouden": "yes", "op": "2026-01-10", "aanwezig": "6", "vorm": "gesprek"}


def proefkring(app: Any) -> Methodology:
    found: Methodology = app.extensions["kring.plugins"].methodologies()["proefkring"]
    return found


def open_audit_of(app: Any, circle: Any, start: date | None = None) -> Audit:
    """An open audit of ``circle`` over the year before ``start`` (default: a year ago)."""
    begin = start or today() - timedelta(days=365)
    findings = {
        "grootte": Finding(
            is_met=False,
            explanation=Phrase(
                en="{count} participants, at least {minimum} asked",
                nl="{count} deelnemers, minstens {minimum} gevraagd",
            ),
            params={"count": 1, "minimum": 2},
        ),
        "naam": Finding(is_met=True, explanation=Phrase(en="The name fits", nl="De naam past")),
    }
    audit = audits.open_audit(
        circle, proefkring(app), begin, begin + timedelta(days=364), findings, today()
    )
    assert audit is not None
    return audit


def reviewed(app: Any, world: World, audit: Audit) -> Audit:
    """The audit with its evidence, submitted and reviewed with two follow-up actions."""
    m = proefkring(app)
    evaluatie = next(c for c in m.audit_criteria if c.key == "evaluatie")
    audits.record_evidence(audit, evaluatie, EVIDENCE, "Goed gesprek", world.users["coach"])
    audits.submit(audit, m, world.users["coach"])
    trainer = UserFactory(email="trainer@example.org")
    db.session.add(TrainerGrant(user_id=trainer.id, methodology_key="proefkring"))
    db.session.flush()
    actions = [
        reviews.PlannedAction("Werf twee deelnemers", today() + timedelta(days=30), "grootte"),
        reviews.PlannedAction("Bespreek de audit", today() + timedelta(days=10)),
    ]
    return reviews.review(audit, trainer, 70, {"naam": False}, actions, today())


@pytest.fixture
def audit(app: Any, world: World) -> Audit:
    return open_audit_of(app, world.a)


def scores(circle: Any, *points: tuple[date, int, dict[str, Any]]) -> None:
    db.session.add_all(
        FidelityScore(circle_id=circle.id, taken_on=day, score=score, criteria=criteria)
        for day, score, criteria in points
    )
    db.session.flush()
