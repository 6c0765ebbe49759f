"""Refreshing the trainer's facts: what a tenant's data becomes, and the job and command that
do it for every active tenant."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from kring.circles.models import Circle
from kring.cli import main
from kring.core.db import today
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.trainer import jobs, service
from kring.trainer.models import CircleFact, CircleMonth, CircleOutcome, CircleTraining
from kring.trainer.read import Average, Count
from kring.trainer.refresh import month_starts
from tests.trainer.conftest import Quality


def test_a_circles_facts_hold_its_size_fidelity_audit_outcomes_and_trainings(
    quality: Quality, tenant: Tenant
) -> None:
    facts = {
        f.label: f
        for f in db.session.execute(
            select(CircleFact).where(CircleFact.tenant_id == tenant.id)
        ).scalars()
    }
    big, small = facts["Awijk"], facts["Ahoek"]
    assert (big.size, big.fidelity, big.fidelity_before) == (6, 80, 100)
    assert big.audit_status == "submitted" and big.findings == {
        "wekelijks": True,
        "eigen_regie": False,
    }
    assert big.code.endswith(f"-{big.circle_id:04d}") and small.size == 2
    assert small.months_small == 12  # below five in every month of the year on record
    outcomes = {
        (o.circle_id, o.survey_key): (o.average, o.answers)
        for o in db.session.execute(select(CircleOutcome)).scalars()
    }
    assert outcomes[(big.circle_id, "tevredenheid")] == (7.5, 6)
    training = db.session.execute(
        select(CircleTraining).where(CircleTraining.circle_id == big.circle_id)
    ).scalar_one()
    assert (training.role, training.trained, training.total) == ("begeleider", 1, 1)
    months = db.session.execute(
        select(CircleMonth).where(CircleMonth.circle_id == big.circle_id)
    ).scalars()
    assert len(list(months)) == 12


def test_the_facts_never_hold_a_name_note_or_remark(quality: Quality) -> None:
    for model in (CircleFact, CircleMonth, CircleOutcome, CircleTraining):
        for row in db.session.execute(select(model)).scalars():
            assert "XYZZY" not in repr(
                {c.key: getattr(row, c.key) for c in model.__table__.columns}
            )


def test_counts_and_averages_under_five_are_not_given() -> None:
    assert Count.of(4).value is None and Count.of(5).value == 5 and Count.of(0).is_suppressed
    assert Average.of(3.0, 2).value is None and Average.of(7.46, 6).value == 7.5


def test_the_year_of_months_ends_with_this_month() -> None:
    starts = month_starts(date(2026, 3, 15))
    assert starts[0] == date(2025, 4, 1) and starts[-1] == date(2026, 3, 1) and len(starts) == 12


def test_the_periodic_job_refreshes_every_active_tenant_and_skips_a_suspended_one(
    app: Any, quality: Quality, tenant: Tenant, other_tenant: Tenant
) -> None:
    db.session.execute(CircleFact.__table__.delete())
    other_tenant.status = TenantStatus.suspended
    db.session.flush()
    assert jobs.refresh_everywhere() == 1
    tenants = set(db.session.execute(select(CircleFact.tenant_id)).scalars())
    assert tenants == {tenant.id}


def test_the_command_refreshes_with_progress(app: Any, quality: Quality) -> None:
    db.session.execute(CircleFact.__table__.delete())
    result = app.test_cli_runner().invoke(main, ["trainer", "refresh"])
    assert result.exit_code == 0, result.output
    assert "Wrote the facts of 4 circle(s) in 2 tenant(s)." in result.output


def test_a_circle_keeps_its_fact_id_over_refreshes_and_a_gone_circle_loses_its_fact(
    app: Any, quality: Quality, tenant: Tenant
) -> None:
    """A trainer's link to a circle (``/trainer/<m>/circles/<fact id>``) holds from one
    refresh to the next."""
    before = dict(db.session.execute(select(CircleFact.circle_id, CircleFact.id)).all())
    gone = next(iter(a.circle_id for a in quality.audits.values() if a.tenant_id == tenant.id))
    db.session.execute(CircleFact.__table__.update().values(size=99))
    with tenant_scope(tenant):
        circle = db.session.get(Circle, gone)
        assert circle is not None
        circle.methodology_key = "elders"  # no longer one the trainer's methodology runs
        db.session.flush()
    service.refresh_tenant(tenant, app.extensions["kring.plugins"], today())
    after = dict(db.session.execute(select(CircleFact.circle_id, CircleFact.id)).all())
    assert gone not in after
    assert after == {c: i for c, i in before.items() if c != gone}
    sizes = select(CircleFact.size).where(CircleFact.tenant_id == tenant.id)
    assert 99 not in set(db.session.execute(sizes).scalars())


def test_a_tenants_refresh_writes_each_table_in_one_statement_whatever_its_circles_lack(
    app: Any, quality: Quality, tenant: Tenant, count_queries: Any
) -> None:
    """Circles with and without an audit or a score give rows with different empty fields;
    they still go in one statement a table, not one a circle (the national seed refreshes
    50,000 circles)."""
    db.session.execute(CircleFact.__table__.delete())
    with count_queries() as log:
        written = service.refresh_tenant(tenant, app.extensions["kring.plugins"], today())
    facts = [s for s in log.statements if s.lstrip().startswith("INSERT INTO trainer_circle_fact")]
    assert written >= 2 and len(facts) == 1
    rows = db.session.execute(select(CircleFact).where(CircleFact.tenant_id == tenant.id)).scalars()
    columns = [c.key for c in CircleFact.__table__.columns]
    lacking = {frozenset(k for k in columns if getattr(row, k) is None) for row in rows}
    assert len(lacking) > 1  # the circles did differ in what they lack
