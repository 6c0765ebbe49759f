"""The audits through /api/v1: the same reads and commands as the pages, 422 naming the field
on evidence that cannot be read, 409 listing what is missing on an early submit."""

from __future__ import annotations

from datetime import date
from typing import Any

from kring.audits.models import Audit, AuditStatus, FollowUpAction
from kring.core.tenancy import Tenant
from kring.extensions import db
from tests.audits.conftest import reviewed, scores
from tests.conftest import World

GOOD = {"gehouden": True, "op": "2026-01-10", "aanwezig": 6, "vorm": "gesprek"}


def test_the_circles_audits_and_one_audit_read_as_json(
    client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    listed = client.get(f"{api}/circles/{world.a.id}/audits").get_json()
    assert [a["id"] for a in listed] == [audit.id]
    assert listed[0]["status"] == "open" and listed[0]["methodology"] == "proefkring"
    found = client.get(f"{api}/audits/{audit.id}").get_json()
    assert found["may_edit"] is True and found["missing"] == ["evaluatie"]
    size = found["criteria"][0]
    assert size["key"] == "grootte" and size["is_met"] is False
    assert size["explanation"] == "1 participants, at least 2 asked"
    fields = {e["key"]: e for e in found["criteria"][2]["evidence"]}
    assert fields["vorm"]["kind"] == "choice"
    assert [c["key"] for c in fields["vorm"]["choices"]] == ["gesprek", "vragenlijst"]


def test_evidence_is_put_and_the_audit_submitted(
    client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    early = client.send("POST", f"{api}/audits/{audit.id}/submit")
    assert early.status_code == 409
    assert [u["rule"] for u in early.get_json()["unmet"]] == ["audit.evidence_missing"]
    put = client.send(
        "PUT", f"{api}/audits/{audit.id}/evidence", {"criterion": "evaluatie", "values": GOOD}
    )
    assert put.status_code == 200, put.get_json()
    evaluation = put.get_json()["criteria"][2]
    assert evaluation["is_met"] is True and evaluation["evidence"][2]["value"] == 6
    submitted = client.send("POST", f"{api}/audits/{audit.id}/submit")
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    again = client.send(
        "PUT", f"{api}/audits/{audit.id}/evidence", {"criterion": "evaluatie", "values": GOOD}
    )
    assert again.status_code == 409


def test_bad_evidence_answers_422_naming_the_field(
    client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    url = f"{api}/audits/{audit.id}/evidence"
    bad = client.send("PUT", url, {"criterion": "evaluatie", "values": {"op": "gisteren"}})
    assert bad.status_code == 422
    assert "op" in bad.get_json()["errors"]["json"]["values"]
    unknown = client.send("PUT", url, {"criterion": "evaluatie", "values": {"kleur": "rood"}})
    assert "kleur" in unknown.get_json()["errors"]["json"]["values"]
    nowhere = client.send("PUT", url, {"criterion": "bestaat_niet", "values": {}})
    assert nowhere.status_code == 422 and "criterion" in nowhere.get_json()["errors"]["json"]
    missing = client.send("PUT", url, {"values": {}})
    assert missing.status_code == 422 and "criterion" in missing.get_json()["errors"]["json"]
    automatic = client.send("PUT", url, {"criterion": "grootte", "values": {}})
    assert automatic.status_code == 422
    long = client.send("PUT", url, {"criterion": "evaluatie", "values": {}, "remark": "x" * 1001})
    assert long.status_code == 422 and "remark" in long.get_json()["errors"]["json"]


def test_an_action_is_marked_done_once(
    app: Any, client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    reviewed(app, world, audit)
    action = db.session.query(FollowUpAction).filter_by(text="Bespreek de audit").one()
    world.login(client, tenant, "leader")
    done = client.send("POST", f"{api}/audits/actions/{action.id}/done")
    assert done.status_code == 200 and done.get_json()["done_at"] is not None
    first = done.get_json()["done_at"]
    assert (
        client.send("POST", f"{api}/audits/actions/{action.id}/done").get_json()["done_at"] == first
    )


def test_the_tenant_admin_reads_audits_without_remarks_and_changes_nothing(
    app: Any, client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    reviewed(app, world, audit)
    world.login(client, tenant, "admin")
    found = client.get(f"{api}/audits/{audit.id}").get_json()
    assert found["may_edit"] is False and found["status"] == AuditStatus.reviewed.value
    assert all(c["remark"] is None for c in found["criteria"])
    put = client.send(
        "PUT", f"{api}/audits/{audit.id}/evidence", {"criterion": "evaluatie", "values": GOOD}
    )
    assert put.status_code == 403


def test_the_fidelity_reads_its_score_gains_and_history(
    client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    criteria = {"grootte": False, "naam": True, "evaluatie": False}
    scores(world.a, (date(2025, 12, 1), 40, criteria), (date(2026, 1, 1), 17, criteria))
    world.login(client, tenant, "coach")
    found = client.get(f"{api}/circles/{world.a.id}/fidelity").get_json()
    assert found["score"] == 17 and found["taken_on"] == "2026-01-01"
    assert [(g["key"], g["points"]) for g in found["gains"]] == [
        ("evaluatie", 50),
        ("grootte", 33),
    ]
    assert found["gains"][0]["advice"] == "Hold an evaluation evening"
    assert [p["score"] for p in found["history"]] == [40, 17]


def test_before_any_score_the_latest_audit_stands_in_for_the_fidelity(
    client: Any, tenant: Tenant, world: World, api: str, audit: Audit
) -> None:
    world.login(client, tenant, "coach")
    found = client.get(f"{api}/circles/{world.a.id}/fidelity").get_json()
    assert found["score"] == audit.fidelity and found["history"] == []
    assert {g["key"] for g in found["gains"]} == {"grootte", "evaluatie"}


def test_the_api_is_described_in_openapi(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    paths = [p for p in spec["paths"] if "/audits" in p or "/fidelity" in p]
    assert any(p.endswith("/audits/{audit_id}/evidence") for p in paths)
    assert any(p.endswith("/circles/{circle_id}/fidelity") for p in paths)
