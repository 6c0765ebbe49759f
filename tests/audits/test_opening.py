"""When audits fall due and are opened, the daily fidelity score, the job that runs both in
every active tenant and ``kring audits open``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kring.audits import jobs, opening, scores
from kring.audits import service as audits
from kring.audits.models import Audit, AuditFinding, FidelityScore
from kring.circles import membership, phases
from kring.circles.models import Circle, PhaseTransition
from kring.cli import main
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.people import service as people
from kring.testing import builders
from kring.testing.builders import hooks_for, start_circle
from kring.trainings import service as trainings
from tests.audits.conftest import running

TODAY = builders.TODAY  # 2026-03-02: the circles run from here
DUE = date(2027, 3, 2)  # proefkring: AuditSchedule(phase="draaien", months=12)


@pytest.fixture
def hooks(app: Flask) -> Any:
    return hooks_for(app, "proefkring")


def test_the_first_audit_falls_due_the_schedules_months_after_the_phase_was_entered(
    tenant: Tenant, hooks: Any
) -> None:
    circle = running(hooks, "Kring Een")
    waiting = start_circle(hooks, "Wachtend", "Wijk W", ["6041"], today=TODAY)
    assert opening.next_due(circle) == DUE
    assert opening.next_due(waiting) is None  # never entered draaien
    assert opening.due_on(date(2027, 3, 1)) == []
    (due,) = opening.due_on(DUE)
    assert (due.circle, due.start, due.end) == (circle, TODAY, date(2027, 3, 1))


def test_a_due_audit_opens_once_with_its_findings_and_the_next_falls_due_a_year_on(
    tenant: Tenant, hooks: Any
) -> None:
    circle = running(hooks, "Kring Twee")
    (audit,) = opening.open_due(date(2027, 3, 5))  # three days late: caught up
    assert (audit.period_start, audit.period_end) == (TODAY, date(2027, 3, 1))
    view = audits.audit_view(audit, hooks.methodology)
    found = {c.key: (c.is_automatic, c.is_met) for c in view.criteria}
    assert found == {"grootte": (True, True), "naam": (True, True), "evaluatie": (False, None)}
    assert opening.open_due(date(2027, 3, 5)) == []
    assert opening.next_due(circle) == date(2028, 3, 5)
    (second,) = opening.open_due(date(2028, 3, 5))
    assert (second.period_start, second.period_end) == (date(2027, 3, 5), date(2028, 3, 4))


def test_many_due_circles_open_in_the_queries_of_one(
    tenant: Tenant, hooks: Any, count_queries: Any
) -> None:
    one = running(hooks, "Kring Drie")
    db.session.flush()
    with count_queries() as few:
        opening.open_due(DUE)
    db.session.execute(AuditFinding.__table__.delete())
    db.session.execute(Audit.__table__.delete())
    for i in range(4):
        running(hooks, f"Kring Meer {i}")
    db.session.flush()
    with count_queries() as more:
        opened = opening.open_due(DUE)
    assert len(opened) == 5 and one in {db.session.get(Circle, a.circle_id) for a in opened}
    # each audit writes its own rows; what is read does not grow with the circles
    assert reads(more) == reads(few)


def reads(log: Any) -> int:
    return sum(1 for s in log.statements if s.lstrip().upper().startswith("SELECT"))


def test_a_closing_network_is_not_audited(app: Flask, tenant: Tenant) -> None:
    hooks = hooks_for(app, "keyring_uk")
    network = start_circle(hooks, "Easton Network", "Easton", ["BS5 6"], today=TODAY)
    builders.join(network, hooks, "network_manager", "Morgan Reed", postcode="BS1 4DJ")
    phases.move_phase(network, "recruiting", hooks, None, None, TODAY)
    for n in range(6):
        builders.join(network, hooks, "member", f"Member {n}", postcode="BS5 6AB")
    volunteer = people.create_person(None, name="Robin Ashby", postcode="BS5 6AB")
    builders.trained(volunteer, hooks, "volunteer_induction", "safeguarding_adults")
    dbs = hooks.methodology.screening("dbs_check")
    trainings.record_screening(volunteer, dbs, date(2025, 6, 1), None, TODAY)
    membership.add_member(
        network, volunteer, "volunteer", hooks, None, TODAY, {"housing_provided": True}
    )
    phases.move_phase(network, "established", hooks, None, None, TODAY)
    assert opening.next_due(network) == date(2027, 3, 2)
    phases.move_phase(network, "closing", hooks, None, None, TODAY)
    assert opening.next_due(network) is None
    assert opening.due_on(date(2027, 3, 2)) == []


def test_a_running_circle_gets_one_fidelity_score_a_day(tenant: Tenant, hooks: Any) -> None:
    circle = running(hooks, "Kring Vier")
    start_circle(hooks, "Nog niet", "Wijk N", ["6041"], today=TODAY)  # not running: no score
    assert scores.take(date(2026, 6, 1)) == 1
    assert scores.take(date(2026, 6, 1)) == 1
    (row,) = db.session.execute(select(FidelityScore)).scalars()
    # weights 2 (size, met), 1 (name holds "kring", met), 3 (evaluation: no audit yet)
    assert (row.circle_id, row.taken_on, row.score) == (circle.id, date(2026, 6, 1), 50)
    assert row.criteria == {"grootte": True, "naam": True, "evaluatie": False}


def test_the_score_counts_a_manual_criterion_as_its_latest_audit_found_it(
    tenant: Tenant, hooks: Any, world: Any
) -> None:
    circle = running(hooks, "Kring Vijf")
    (audit,) = opening.open_due(DUE)
    criterion = next(c for c in hooks.methodology.audit_criteria if c.key == "evaluatie")
    evidence = {"gehouden": "yes", "op": "2027-02-01", "aanwezig": "5", "vorm": "gesprek"}
    audits.record_evidence(audit, criterion, evidence, None, world.users["coach"])
    scores.take(DUE)
    row = db.session.execute(
        select(FidelityScore).where(FidelityScore.circle_id == circle.id)
    ).scalar_one()
    assert row.score == 100 and row.criteria["evaluatie"] is True


def test_the_daily_job_runs_every_active_tenant_and_skips_a_suspended_one(
    tenant: Tenant, other_tenant: Tenant, hooks: Any
) -> None:
    running(hooks, "Kring Zes")
    with tenant_scope(other_tenant):
        running(hooks, "Kring Elders")
    other_tenant.status = TenantStatus.suspended
    db.session.flush()
    assert jobs.audit_everywhere() == 1
    with tenant_scope(tenant):
        assert db.session.execute(select(func.count(FidelityScore.id))).scalar_one() == 1
    with tenant_scope(other_tenant):
        assert db.session.execute(select(func.count(FidelityScore.id))).scalar_one() == 0


def test_the_job_says_how_it_runs_and_carries_no_data() -> None:
    for fn in (jobs.audit_everywhere, jobs.audit_tenant):
        assert fn.spec.timeout > 0 and fn.spec.retry.max >= 1 and fn.spec.single


def test_the_command_opens_due_audits_on_a_given_day_with_progress(
    app: Flask, tenant: Tenant, hooks: Any
) -> None:
    running(hooks, "Kring Zeven")
    db.session.flush()
    runner = app.test_cli_runner()
    result = runner.invoke(main, ["audits", "open", "--tenant", tenant.slug, "--on", "2027-03-02"])
    assert result.exit_code == 0, result.output
    assert "Opened 1 audit(s) and took 1 fidelity score(s) in 1 tenant(s)." in result.output
    again = runner.invoke(main, ["audits", "open", "--tenant", tenant.slug, "--on", "2027-03-02"])
    assert "Opened 0 audit(s)" in again.output
    wrong = runner.invoke(main, ["audits", "open", "--tenant", "nergens"])
    assert wrong.exit_code != 0 and "no tenant with slug 'nergens'" in wrong.output


def test_the_circle_page_and_api_show_when_the_next_audit_falls_due(
    client: Any, tenant: Tenant, world: Any
) -> None:
    db.session.add(
        PhaseTransition(
            circle_id=world.a.id, from_phase="verkennen", to_phase="draaien", moved_on=TODAY
        )
    )
    db.session.commit()
    world.login(client, tenant, "leader")
    found = client.get(f"/t/{tenant.slug}/api/v1/circles/{world.a.id}").get_json()
    assert found["next_audit_due"] == DUE.isoformat()
    page = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert "<dt>Next quality audit due</dt><dd>March 2, 2027</dd>" in page


def test_a_circle_is_scored_only_from_the_day_it_runs(tenant: Tenant, hooks: Any) -> None:
    running(hooks, "Kring Acht")
    assert scores.take(TODAY - timedelta(days=1)) == 0
    assert scores.take(TODAY) == 1
