"""Audits to report on: a Buurtcirkel of the world's organisation A with the world's coach in
it, audited over a year, with findings in both languages, evidence, a coach's remark that
names a resident, and follow-up actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from kring.audits.models import Audit, AuditFinding, AuditStatus, FollowUpAction
from kring.circles.models import Circle
from kring.core.db import today
from kring.extensions import db
from tests.conftest import World

REMARK = "Remco Geheimnaam belt elke week met Piet"
"""A coach's remark naming residents: it belongs in the tenant's version only."""


def speak(client: Any, tenant: Any, locale: str) -> None:
    """Choose the language of the pages (and of the reports taken from them)."""
    token = client.csrf_token(f"/t/{tenant.slug}/")
    client.post("/language", data={"locale": locale, "csrf_token": token})


@dataclass
class Audited:
    circle: Circle
    audit: Audit
    hooks: Any


def audit_of(circle: Circle, *, reviewed: bool = True, remark: str = REMARK) -> Audit:
    """An audit of ``circle`` over the year up to today: the satisfaction criterion met from
    the data, the weekly meetings not met with the coach's evidence and remark, the trainer's
    score and verdict, and two follow-up actions."""
    audit = Audit(
        circle_id=circle.id,
        methodology_key=circle.methodology_key,
        period_start=today() - timedelta(days=365),
        period_end=today(),
        due_on=date(2026, 3, 31),
        status=AuditStatus.reviewed if reviewed else AuditStatus.open,
        fidelity=72,
        score=65 if reviewed else None,
        reviewed_at=datetime(2026, 4, 2, 10, tzinfo=UTC) if reviewed else None,
    )
    db.session.add(audit)
    db.session.flush()
    db.session.add_all(
        [
            AuditFinding(
                audit_id=audit.id,
                criterion_key="satisfaction_score",
                is_automatic=True,
                is_met=True,
                params={"average": 8.4, "answers": 9},
                explanation={
                    "nl": "Gemiddeld rapportcijfer 8,4 uit 9 antwoorden",
                    "en": "Average mark 8.4 from 9 answers",
                },
            ),
            AuditFinding(
                audit_id=audit.id,
                criterion_key="weekly_meetings",
                is_automatic=False,
                is_met=False,
                explanation={
                    "nl": "In de zomer zes weken geen bijeenkomst",
                    "en": "No meeting for six weeks in the summer",
                },
                evidence={"evenings": 38},
                remark=remark,
                trainer_met=True if reviewed else None,
            ),
        ]
    )
    if reviewed:
        db.session.add_all(
            [
                FollowUpAction(
                    audit_id=audit.id,
                    criterion_key="weekly_meetings",
                    text="Plan de zomeravonden vooruit",
                    due_on=date(2026, 6, 1),
                ),
                FollowUpAction(
                    audit_id=audit.id,
                    criterion_key=None,
                    text="Bespreek het rapport in de Buurtcirkel",
                    due_on=date(2026, 5, 1),
                    done_at=datetime(2026, 4, 20, 9, tzinfo=UTC),
                ),
            ]
        )
    db.session.flush()
    return audit


@pytest.fixture
def audited(app: Any, world: World) -> Audited:
    """A Buurtcirkel of organisation A (whose project leader is the world's leader) with the
    world's coach taking part as its coach, and its reviewed audit."""
    from kring.circles import membership, phases
    from kring.organisations import service as organisations
    from kring.organisations.models import Organisation
    from kring.people.models import Neighbourhood
    from kring.testing.builders import hooks_for, join, trained

    hooks = hooks_for(app, "buurtcirkel_nl")
    org_a = db.session.get(Organisation, world.a.organisation_id)
    organisations.enable(org_a, "buurtcirkel_nl", {"buurtcirkel_nl", "proefkring"}, None)
    area = db.session.get(Neighbourhood, world.a.neighbourhood_id)
    circle = phases.create_circle(hooks, org_a, area, None, None, today())
    coach_role = hooks.methodology.role("coach")
    assert coach_role is not None
    trained(world.people["coach"], hooks, *coach_role.needs_training, on=today())
    membership.add_member(circle, world.people["coach"], "coach", hooks, None, today())
    join(circle, hooks, "participant", "Dina Deelnemer", postcode="1111BB", today=today())
    return Audited(circle, audit_of(circle), hooks)
