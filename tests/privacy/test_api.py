"""The API twins: a person's data as JSON and PDF, and their erasure, under the page's rules."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.people.models import Person
from tests.conftest import World


def api(tenant: Tenant, person: Any, suffix: str) -> str:
    return f"/t/{tenant.slug}/api/v1/people/{person.id}/{suffix}"


def test_the_data_comes_as_json_and_pdf(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "admin")
    piet = world.people["participant"]
    found = client.get(api(tenant, piet, "data"))
    assert found.status_code == 200
    body = found.get_json()
    assert body["person_id"] == piet.id and body["name"] == "Piet Deelnemer"
    assert body["tables"]["person"]["rows"][0]["postcode"] == "1111AC"
    pdf = client.get(api(tenant, piet, "data.pdf"))
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"


def test_erasure_needs_confirm_true_and_happens_once(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    piet = world.people["participant"]
    missing = client.send("POST", api(tenant, piet, "erasure"), {})
    assert missing.status_code == 422 and "confirm" in missing.get_json()["errors"]["json"]
    false = client.send("POST", api(tenant, piet, "erasure"), {"confirm": False})
    assert false.status_code == 422 and "confirm" in false.get_json()["errors"]["json"]

    done = client.send("POST", api(tenant, piet, "erasure"), {"confirm": True})
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["was_erased_before"] is False
    assert done.get_json()["changed"]["circle_member"] == 1
    again = client.send("POST", api(tenant, piet, "erasure"), {"confirm": True})
    assert again.get_json()["was_erased_before"] is True and again.get_json()["changed"] == {}
    db.session.expire_all()
    person = db.session.get(Person, piet.id)
    assert person is not None and person.name == f"#{piet.id}"


def test_out_of_reach_is_404_and_without_the_permission_403(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    bob = world.people["b"]
    assert client.get(api(tenant, bob, "data")).status_code == 404
    assert client.send("POST", api(tenant, bob, "erasure"), {"confirm": True}).status_code == 404
    client.get(f"/t/{tenant.slug}/logout")
    world.login(client, tenant, "coach")
    piet = world.people["participant"]
    assert client.get(api(tenant, piet, "data")).status_code == 403
    assert client.send("POST", api(tenant, piet, "erasure"), {"confirm": True}).status_code == 403


def test_the_openapi_description_declares_what_a_rights_request_answers(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    base = "/t/{tenant}/api/v1/people/{person_id}"
    for path, method in ((f"{base}/data", "get"), (f"{base}/data.pdf", "get")):
        assert {"200", "401", "404"} <= set(paths[path][method]["responses"]), path
    assert {"200", "401", "404", "422"} <= set(paths[f"{base}/erasure"]["post"]["responses"])
    assert {"200", "409", "422"} <= set(paths["/t/{tenant}/api/v1/retention"]["put"]["responses"])
