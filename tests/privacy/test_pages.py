"""The data page, its files and the erasure behind a confirmation, for whoever handles a
resident's rights; everyone else finds nothing (or may not try)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from kring.access.models import AccessLogEntry
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.people.models import Person
from tests.conftest import World
from tests.reports.test_audit_report import pdf_text


def url(tenant: Tenant, person: Any, suffix: str = "data") -> str:
    return f"/t/{tenant.slug}/people/{person.id}/{suffix}"


def exports() -> list[AccessLogEntry]:
    return list(
        db.session.execute(
            select(AccessLogEntry).where(AccessLogEntry.subject_type == "export")
        ).scalars()
    )


@pytest.mark.parametrize("role", ["leader", "admin"])
def test_who_handles_rights_sees_and_downloads_a_persons_data(
    client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    piet = world.people["participant"]
    page = client.get(url(tenant, piet), headers={"Accept-Language": "nl"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Gegevens van Piet Deelnemer" in text and "Deelname aan kringen" in text
    assert "Gegevens van Piet Deelnemer wissen" in text
    assert "Erase the data of Piet Deelnemer" in client.get(url(tenant, piet)).get_data(
        as_text=True
    )

    as_json = client.get(url(tenant, piet, "data.json"))
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert "attachment" in as_json.headers["Content-Disposition"]
    body = json.loads(as_json.data)
    assert body["tables"]["person"]["rows"][0]["phone"] == "0687654321"
    assert body["tables"]["circle_member"]["rows"][0]["intake_note"] == "Past goed"

    as_pdf = client.get(url(tenant, piet, "data.pdf"))
    assert as_pdf.status_code == 200 and as_pdf.mimetype == "application/pdf"
    assert "Data of Piet Deelnemer" in pdf_text(as_pdf.data)
    assert [(e.export, e.subject_id, e.record_count) for e in exports()] == [
        ("person-data.json", piet.id, 1),
        ("person-data.pdf", piet.id, 1),
    ]


@pytest.mark.parametrize("role", ["coach", "volunteer", "participant", "signaler"])
def test_other_roles_may_not_ask_for_a_persons_data(
    client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    piet = world.people["participant"]
    for suffix in ("data", "data.json", "data.pdf", "erase"):
        assert client.get(url(tenant, piet, suffix)).status_code == 403
    assert exports() == []


def test_a_project_leader_finds_no_one_outside_the_circles_they_lead(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    bob = world.people["b"]
    for suffix in ("data", "data.json", "data.pdf", "erase"):
        assert client.get(url(tenant, bob, suffix)).status_code == 404
    token = client.csrf_token(f"/t/{tenant.slug}/")
    assert (
        client.post(
            url(tenant, bob, "erase"), data={"csrf_token": token, "confirm": "y"}
        ).status_code
        == 404
    )
    assert db.session.get(Person, bob.id).erased_at is None  # type: ignore[union-attr]


def test_erasing_asks_to_confirm_by_name_and_then_erases(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    piet = world.people["participant"]
    confirm = client.get(url(tenant, piet, "erase"))
    assert confirm.status_code == 200
    assert "Yes, erase the data of Piet Deelnemer" in confirm.get_data(as_text=True)

    refused = client.form(url(tenant, piet, "erase"), {}, page=url(tenant, piet, "erase"))
    assert refused.status_code == 422
    assert "Tick the box to confirm the erasure." in refused.get_data(as_text=True)
    assert db.session.get(Person, piet.id).erased_at is None  # type: ignore[union-attr]

    done = client.form(
        url(tenant, piet, "erase"), {"confirm": "y"}, page=url(tenant, piet, "erase")
    )
    assert done.status_code == 302
    db.session.expire_all()
    erased = db.session.get(Person, piet.id)
    assert erased is not None and erased.erased_at is not None and erased.phone is None
    after = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "The data of Piet Deelnemer is erased." in after
    assert "0687654321" not in after


def test_nobody_erases_their_own_person(client: Any, tenant: Tenant, world: World) -> None:
    admin = world.users["admin"]
    own = world.people["uma"]
    own.user_id = admin.id
    db.session.flush()
    world.login(client, tenant, "admin")
    assert client.get(url(tenant, own)).status_code == 200
    assert "Erase the data" not in client.get(url(tenant, own)).get_data(as_text=True)
    assert client.get(url(tenant, own, "erase")).status_code == 403


def test_the_person_page_leads_to_their_data(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "leader")
    piet = world.people["participant"]
    page = client.get(f"/t/{tenant.slug}/people/{piet.id}").get_data(as_text=True)
    assert url(tenant, piet) in page


def test_every_rights_route_asks_for_a_recent_sign_in(app: Any) -> None:
    endpoints = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith(("privacy.", "api_privacy."))
    ]
    assert len(endpoints) == 13
    # reading the retention hands nothing out; changing it may erase people tonight
    reads_retention = {("privacy.retention_page", "GET"), ("api_privacy.Retention", "GET")}
    for endpoint in endpoints:
        view = app.view_functions[endpoint]
        view_class = getattr(view, "view_class", None)
        methods = sorted(view_class.methods or ()) if view_class else [None]
        for method in methods:
            target = getattr(view_class, method.lower()) if method else view
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
            verb = method or sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            wanted = (endpoint, verb) not in reads_retention
            assert bool(getattr(target, "requires_recent_sign_in", None)) is wanted, endpoint
