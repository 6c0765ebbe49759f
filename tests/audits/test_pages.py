"""The audit pages: the coach records typed evidence, is told what is missing before
submitting, submits, reads the review and marks actions done; a tenant admin reads without
remarks; the circle page shows the fidelity with what raises it and its history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kring.audits import service
from kring.audits.models import Audit, AuditStatus, FollowUpAction
from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.extensions import db
from tests.audits.conftest import reviewed, scores
from tests.conftest import World
from tests.reports.conftest import Audited, speak


def _evidence(client: Any, tenant: Tenant, audit: Audit, **values: str) -> Any:
    token = client.csrf_token(f"/t/{tenant.slug}/audits/{audit.id}")
    data = {"csrf_token": token, "criterion": "evaluatie", "remark": values.pop("remark", "")}
    data.update({f"e-evaluatie-{k}": v for k, v in values.items()})
    return client.post(f"/t/{tenant.slug}/audits/{audit.id}/evidence", data=data)


def test_coach_reads_each_criterion_with_its_finding_in_words_and_the_evidence_form(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    speak(client, tenant, "nl")
    response = client.get(f"/t/{tenant.slug}/audits/{audit.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De grootte blijft binnen de band" in html
    assert "1 deelnemers, minstens 2 gevraagd" in html
    assert "Werf deelnemers" in html
    assert 'type="radio" name="e-evaluatie-gehouden" value="yes"' in html
    assert 'type="date" id="e-evaluatie-op"' in html
    assert 'type="number" id="e-evaluatie-aanwezig"' in html
    assert "een vragenlijst" in html
    assert "Evidence" not in html


def test_saving_evidence_stores_it_typed_and_shows_it_again(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    response = _evidence(
        client, tenant, audit, gehouden="yes", op="2026-01-10", aanwezig="6", vorm="gesprek"
    )
    assert response.status_code == 302
    finding = next(f for f in _findings(audit) if f.criterion_key == "evaluatie")
    typed = {"gehouden": True, "op": "2026-01-10", "aanwezig": 6, "vorm": "gesprek"}
    assert finding.evidence == typed
    assert finding.is_met is True
    html = client.get(f"/t/{tenant.slug}/audits/{audit.id}").get_data(as_text=True)
    assert 'value="2026-01-10"' in html and 'value="6"' in html


def test_evidence_that_cannot_be_read_is_refused_next_to_its_field(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    response = _evidence(client, tenant, audit, gehouden="yes", op="10-01-2026", aanwezig="zes")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="e-evaluatie-op-error"' in html and 'id="e-evaluatie-aanwezig-error"' in html
    assert 'value="zes"' in html
    assert not next(f for f in _findings(audit) if f.criterion_key == "evaluatie").evidence


def test_a_too_long_remark_is_refused_next_to_the_remark(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    response = _evidence(client, tenant, audit, gehouden="no", remark="x" * 1001)
    assert response.status_code == 422
    assert 'id="remark-evaluatie-error"' in response.get_data(as_text=True)


def test_submitting_is_refused_with_what_is_missing_then_accepted(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    url = f"/t/{tenant.slug}/audits/{audit.id}/submit"
    token = client.csrf_token(f"/t/{tenant.slug}/audits/{audit.id}")
    refused = client.post(url, data={"csrf_token": token})
    assert refused.status_code == 409
    assert "Evidence is still missing for: The circle evaluated itself" in refused.get_data(
        as_text=True
    )
    assert audit.status is AuditStatus.open
    _evidence(client, tenant, audit, gehouden="yes", op="2026-01-10", aanwezig="6", vorm="gesprek")
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    db.session.refresh(audit)
    assert audit.status is AuditStatus.submitted
    html = client.get(f"/t/{tenant.slug}/audits/{audit.id}").get_data(as_text=True)
    assert "e-evaluatie-gehouden" not in html and "Submit the audit" not in html


def test_after_the_review_the_coach_reads_score_verdicts_and_marks_an_action_done(
    app: Any, client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    reviewed(app, world, audit)
    world.login(client, tenant, "coach")
    html = client.get(f"/t/{tenant.slug}/audits/{audit.id}").get_data(as_text=True)
    assert "70 of 100" in html
    assert "the trainer's verdict: Not met" in html
    assert "Werf twee deelnemers" in html and "Mark done" in html
    action, done = _mark_done(client, tenant)
    assert done.status_code == 302
    db.session.refresh(action)
    assert action.done_at is not None


def test_the_tenant_admin_reads_the_audit_without_remarks_or_forms(
    app: Any, client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    reviewed(app, world, audit)
    world.login(client, tenant, "admin")
    html = client.get(f"/t/{tenant.slug}/audits/{audit.id}").get_data(as_text=True)
    assert "Werf twee deelnemers" in html
    assert "Goed gesprek" not in html and "Mark done" not in html
    assert "/report" not in html
    assert _mark_done(client, tenant)[1].status_code == 403


def test_the_history_lists_the_circles_audits_and_links_them(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "leader")
    html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}/audits").get_data(as_text=True)
    assert f"/audits/{audit.id}" in html
    assert "Open: the coach adds evidence" in html
    assert client.get(f"/t/{tenant.slug}/circles/{world.b.id}/audits").status_code == 404


def test_the_circle_page_shows_the_fidelity_what_raises_it_and_its_history(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    criteria = {"grootte": False, "naam": True, "evaluatie": False}
    scores(
        world.a,
        (date(2025, 12, 1), 40, criteria),
        (date(2026, 1, 1), 17, criteria),
    )
    world.login(client, tenant, "coach")
    html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert "Fidelity to the methodology" in html
    assert "17 of 100" in html
    assert "Hold an evaluation evening" in html and "50 points more" in html
    assert "Recruit participants" in html and "33 points more" in html
    assert "<svg" in html and "<polyline" in html and "Fidelity scores, oldest first" in html
    assert f"/circles/{world.a.id}/audits" in html and f"/audits/{audit.id}" in html


def test_the_circle_page_shows_no_fidelity_to_a_volunteer(
    client: Any, tenant: Tenant, world: World, audit: Audit
) -> None:
    world.login(client, tenant, "volunteer")
    html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert "Fidelity to the methodology" not in html
    assert client.get(f"/t/{tenant.slug}/audits/{audit.id}").status_code == 403


def _mark_done(client: Any, tenant: Tenant) -> tuple[FollowUpAction, Any]:
    """Mark the reviewed audit's action "Bespreek de audit" done through the page."""
    action = db.session.query(FollowUpAction).filter_by(text="Bespreek de audit").one()
    token = client.csrf_token(f"/t/{tenant.slug}/")
    url = f"/t/{tenant.slug}/audits/actions/{action.id}/done"
    return action, client.post(url, data={"csrf_token": token})


def _findings(audit: Audit) -> list[Any]:
    return service.findings_of(audit)


def test_the_audit_page_query_count_does_not_grow_with_actions(
    app: Any, client: Any, tenant: Tenant, world: World, audit: Audit, count_queries: Any
) -> None:
    world.login(client, tenant, "coach")
    page = f"/t/{tenant.slug}/audits/{audit.id}"
    with count_queries() as few:
        assert client.get(page).status_code == 200
    reviewed(app, world, audit)
    db.session.commit()
    with count_queries() as many:
        assert client.get(page).status_code == 200
    assert many.count == few.count


def test_a_buurtcirkel_audit_reads_in_dutch_with_every_finding_in_words(
    app: Any, client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    """The methodology's own criteria, judged by the real checks, render without a raw
    placeholder and with a form for each criterion that asks evidence."""
    m = audited.hooks.methodology
    start = today() - timedelta(days=300)
    audit = service.open_audit(audited.circle, m, start, today(), None, today())
    assert audit is not None
    world.login(client, tenant, "coach")
    speak(client, tenant, "nl")
    response = client.get(f"/t/{tenant.slug}/audits/{audit.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "{" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    manual = [c for c in m.audit_criteria if c.evidence]
    assert manual and all(f'name="criterion" value="{c.key}"' in html for c in manual)
