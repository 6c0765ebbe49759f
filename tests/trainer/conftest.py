"""Two tenants running the test methodology, full of marker strings where residents' names,
notes, remarks, circle names and addresses go, with audits, fidelity scores, survey answers
and trainings; and a central trainer of the methodology."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kring.audits.models import Audit, AuditFinding, AuditStatus, FidelityScore
from kring.circles import membership
from kring.circles.models import CircleMember, MemberStatus
from kring.core.accounts import TrainerGrant, User
from kring.core.db import today, utcnow
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.people import service as people
from kring.surveys.models import SurveyResponse
from kring.testing.builders import hooks_for, organisation_with, start_circle, trained
from kring.testing.factories import DEFAULT_PASSWORD, UserFactory
from kring.trainer import service

MARKER = "XYZZY"
"""In every name, note, remark and address the fixture writes: no trainer page may show it."""


@dataclass
class Quality:
    trainer: User
    audits: dict[str, Audit]
    facts: dict[str, int]
    """Trainer fact ids by circle name."""

    def login(self, client: Any, user: User | None = None) -> Any:
        user = user or self.trainer
        response = client.trainer_login(user.email, DEFAULT_PASSWORD)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client


def make_trainer(email: str, methodology_key: str) -> User:
    user: User = UserFactory(email=email, name="Tessa Trainer")
    db.session.add(TrainerGrant(user_id=user.id, methodology_key=methodology_key))
    db.session.flush()
    return user


def _fill(app: Any, tenant: Tenant, prefix: str, day: date) -> dict[str, Audit]:
    """Two circles in ``tenant``: one with five participants (members added as rows, past
    the test methodology's size maximum of four, so a count of five can be shown), one small;
    an audit waiting for review with a remark and evidence, fidelity scores and answers."""
    hooks = hooks_for(app, "proefkring")
    organisation = organisation_with("proefkring", f"Zorg {prefix}")
    big = start_circle(
        hooks,
        f"{MARKER} Kring van {prefix}",
        f"{prefix}wijk",
        [f"{prefix}11"],
        organisation,
        day - timedelta(days=400),
    )
    small = start_circle(
        hooks,
        f"Kring {MARKER} Klein {prefix}",
        f"{prefix}hoek",
        [f"{prefix}22"],
        organisation,
        day - timedelta(days=400),
    )
    coach = people.create_person(None, name=f"{MARKER} Coach {prefix}", postcode=f"{prefix}11AA")
    trained(coach, hooks, "basis", on=day - timedelta(days=300))
    coaching = membership.add_member(
        big, coach, "begeleider", hooks, None, day - timedelta(days=390)
    )
    for i in range(6):
        person = people.create_person(
            None,
            name=f"{MARKER} Bewoner {prefix}{i}",
            postcode=f"{prefix}11A{chr(66 + i)}",
            phone="0612345678",
        )
        db.session.add(
            CircleMember(
                circle_id=big.id,
                person_id=person.id,
                role="deelnemer",
                status=MemberStatus.active,
                joined_on=day - timedelta(days=380),
                intake_note=f"{MARKER} geheime intake",
                intake_on=day - timedelta(days=380),
                intake_by_id=coaching.person_id,
            )
        )
        db.session.add(
            SurveyResponse(
                person_id=person.id,
                methodology_key="proefkring",
                survey_key="tevredenheid",
                answers={"cijfer": "8"},
                scores={"total": 7 + i % 2},
                taken_on=day - timedelta(days=20),
            )
        )
    for i in range(2):
        person = people.create_person(
            None, name=f"{MARKER} Klein {prefix}{i}", postcode=f"{prefix}22A{chr(66 + i)}"
        )
        db.session.add(
            CircleMember(
                circle_id=small.id,
                person_id=person.id,
                role="deelnemer",
                status=MemberStatus.active,
                joined_on=day - timedelta(days=380),
            )
        )
        db.session.add(
            SurveyResponse(
                person_id=person.id,
                methodology_key="proefkring",
                survey_key="tevredenheid",
                answers={"cijfer": "3"},
                scores={"total": 3},
                taken_on=day - timedelta(days=20),
            )
        )
    db.session.flush()
    audits = {}
    for circle, status, fidelity in (
        (big, AuditStatus.submitted, 80),
        (small, AuditStatus.open, 40),
    ):
        audit = Audit(
            circle_id=circle.id,
            methodology_key="proefkring",
            period_start=day - timedelta(days=365),
            period_end=day - timedelta(days=1),
            due_on=day - timedelta(days=3),
            status=status,
            fidelity=fidelity,
            submitted_at=utcnow() if status is AuditStatus.submitted else None,
        )
        db.session.add(audit)
        db.session.flush()
        db.session.add_all(
            [
                AuditFinding(
                    audit_id=audit.id,
                    criterion_key="wekelijks",
                    is_automatic=True,
                    is_met=True,
                    params={"held": 40, "expected": 52, "name": f"{MARKER} in params"},
                    explanation={"nl": "40 van 52 keer bijeen", "en": "Met 40 of 52 times"},
                ),
                AuditFinding(
                    audit_id=audit.id,
                    criterion_key="eigen_regie",
                    is_automatic=False,
                    is_met=False,
                    evidence={"keuzes": True, "vrij": f"{MARKER} evidence text"},
                    remark=f"{MARKER} opmerking van de coach over Bewoner",
                ),
            ]
        )
        db.session.add_all(
            [
                FidelityScore(
                    circle_id=circle.id, taken_on=day - timedelta(days=60), score=fidelity + 20
                ),
                FidelityScore(
                    circle_id=circle.id, taken_on=day - timedelta(days=5), score=fidelity
                ),
            ]
        )
        audits[circle.name] = audit
    db.session.flush()
    return audits


@pytest.fixture
def quality(app: Any, tenant: Tenant, other_tenant: Tenant) -> Quality:
    day = today()
    audits = _fill(app, tenant, "A", day)
    with tenant_scope(other_tenant):
        audits.update(_fill(app, other_tenant, "B", day))
    host = app.extensions["kring.plugins"]
    service.refresh_tenant(tenant, host, day)
    service.refresh_tenant(other_tenant, host, day)
    trainer = make_trainer("trainer@example.org", "proefkring")
    from kring.trainer.models import CircleFact

    facts = {}
    for fact in db.session.execute(select(CircleFact)).scalars():
        for name, audit in audits.items():
            if audit.circle_id == fact.circle_id and audit.tenant_id == fact.tenant_id:
                facts[name] = fact.id
    return Quality(trainer, audits, facts)
