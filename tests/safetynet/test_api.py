"""The safety net as JSON: the same rules as the pages, each bad field named."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from tests.conftest import World


def test_volunteer_logs_contacts_and_raises_the_team_answers_and_resolves(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    circle = f"{api}/circles/{world.a.id}"
    person = world.people["participant"].id
    world.login(client, tenant, "volunteer")
    contact = client.send(
        "POST",
        f"{circle}/contacts",
        {"person_id": person, "contact_on": "2026-03-01", "kind": "visit", "note": "Goed"},
    )
    assert contact.status_code == 201, contact.get_json()
    assert contact.get_json()["person_name"] == "Piet Deelnemer"
    assert [c["note"] for c in client.get(f"{circle}/contacts").get_json()] == ["Goed"]
    raised = client.send(
        "POST",
        f"{circle}/escalations",
        {"person_id": person, "severity": "routine", "question": "Post stapelt op"},
    )
    assert raised.status_code == 201, raised.get_json()
    body = raised.get_json()
    assert (body["step_key"], body["is_overdue"], body["is_last_step"]) == (
        "begeleider",
        False,
        False,
    )
    one = f"{circle}/escalations/{body['id']}"
    assert client.send("POST", f"{one}/answer", {"answer": "x"}).status_code == 403

    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "coach")
    listed = client.get(f"{api}/escalations?open=true").get_json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert (
        client.send("POST", f"{one}/answer", {"answer": "Ik ga langs"}).get_json()["answer"]
        == "Ik ga langs"
    )
    passed = client.send("POST", f"{one}/pass-up")
    assert passed.get_json()["step_key"] == "hulpverlening"
    top = client.send("POST", f"{one}/pass-up")
    assert top.status_code == 409 and top.get_json()["unmet"][0]["rule"] == "safetynet.top"
    resolved = client.send("POST", f"{one}/resolve", {"resolution": "Huisarts belt"})
    assert resolved.get_json()["resolved_at"] is not None
    assert client.get(f"{api}/escalations?open=true").get_json() == []


def test_bad_input_names_the_field(client: Any, tenant: Tenant, world: World, api: str) -> None:
    circle = f"{api}/circles/{world.a.id}"
    world.login(client, tenant, "volunteer")
    bad = client.send("POST", f"{circle}/contacts", {"person_id": "x", "kind": "fax"})
    assert bad.status_code == 422
    assert {"person_id", "kind", "contact_on"} <= set(bad.get_json()["errors"]["json"])
    stranger = client.send(
        "POST",
        f"{circle}/escalations",
        {"person_id": world.people["b"].id, "severity": "nooit", "question": "Vraag"},
    )
    assert stranger.status_code == 422
    assert {u["rule"] for u in stranger.get_json()["unmet"]} == {
        "safetynet.person",
        "safetynet.severity",
    }


def test_a_sensitive_note_is_null_for_a_role_the_methodology_does_not_allow(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    circle = f"{api}/circles/{world.a.id}"
    world.login(client, tenant, "coach")
    written = client.send(
        "POST",
        f"{circle}/contacts",
        {
            "person_id": world.people["participant"].id,
            "contact_on": "2026-03-01",
            "kind": "call",
            "note": "Geheim",
            "is_sensitive": True,
        },
    )
    assert written.status_code == 201
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "volunteer")
    [row] = client.get(f"{circle}/contacts").get_json()
    assert (row["note"], row["note_hidden"], row["is_sensitive"]) == (None, True, True)
