"""Trainings and screening through the JSON API: the overview, a person's standing, recording
a check and an exception; errors name the field, refusals the rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kring.core.db import today
from kring.core.tenancy import Tenant
from tests.conftest import World


def _api(tenant: Tenant, path: str) -> str:
    return f"/t/{tenant.slug}/api/v1{path}"


def test_the_overview_lists_the_teams_with_each_status(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    body = client.get(_api(tenant, "/trainings/overview")).get_json()
    assert [c["circle_name"] for c in body["circles"]] == ["Kring A"]
    members = {m["name"]: m for m in body["circles"][0]["members"]}
    assert set(members) == {"Cora Coach", "Vera Vrijwilliger"}
    items = {i["key"]: i for i in members["Cora Coach"]["items"]}
    assert items["basis"] == {
        "key": "basis",
        "kind": "training",
        "title": "the basic course",
        "bars_role": True,
        "status": "valid",
        "until": None,
    }
    assert items["opfrisdag"]["status"] == "missing" and not items["opfrisdag"]["bars_role"]
    assert body["counts"] == {"valid": 1, "lapsing": 0, "lapsed": 0, "missing": 1, "exception": 0}


def test_only_project_leaders_read_the_overview(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "coach")
    assert client.get(_api(tenant, "/trainings/overview")).status_code == 403


def test_a_check_is_recorded_and_shows_in_the_persons_standing(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    piet = world.people["participant"]
    unknown = client.send(
        "POST",
        _api(tenant, f"/people/{piet.id}/screenings"),
        {"screening": "dbs_check", "issued_on": "2026-01-05"},  # not a proefkring check
    )
    assert unknown.status_code == 422
    assert "screening" in unknown.get_json()["errors"]["json"]
    later = (today() + timedelta(days=2)).isoformat()
    future = client.send(
        "POST",
        _api(tenant, f"/people/{piet.id}/screenings"),
        {"screening": "verklaring", "issued_on": later},
    )
    assert future.status_code == 422 and "issued_on" in future.get_json()["errors"]["json"]
    done = client.send(
        "POST",
        _api(tenant, f"/people/{piet.id}/screenings"),
        {"screening": "verklaring", "issued_on": "2026-01-05"},
    )
    assert done.status_code == 201
    assert done.get_json()["expires_on"] == "2028-01-05"
    cora = world.people["coach"]
    standing = client.get(_api(tenant, f"/people/{cora.id}/standing")).get_json()
    assert [r["role"] for r in standing["roles"]] == ["begeleider"]


def test_an_exception_needs_a_reason_and_a_project_leader(
    client: Any, tenant: Tenant, world: World
) -> None:
    uma = world.people["uma"]
    url = _api(tenant, f"/people/{uma.id}/training-exceptions")
    world.login(client, tenant, "coach")
    assert client.send("POST", url, {"training": "basis", "reason": "x"}).status_code == 403
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "leader")
    blank = client.send("POST", url, {"training": "basis", "reason": "   "})
    assert blank.status_code == 422
    assert [u["rule"] for u in blank.get_json()["unmet"]] == ["exception.reason"]
    past = client.send(
        "POST", url, {"training": "basis", "reason": "Geboekt", "until": "2020-01-01"}
    )
    assert [u["rule"] for u in past.get_json()["unmet"]] == ["exception.until"]
    until = (today() + timedelta(days=60)).isoformat()
    done = client.send("POST", url, {"training": "basis", "reason": "Geboekt", "until": until})
    assert done.status_code == 201
    assert done.get_json()["granted_on"] == today().isoformat()


def test_a_person_outside_reach_answers_404(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "leader")
    bob = world.people["b"]
    assert client.get(_api(tenant, f"/people/{bob.id}/standing")).status_code == 404
    assert (
        client.send(
            "POST",
            _api(tenant, f"/people/{bob.id}/screenings"),
            {"screening": "verklaring", "issued_on": date(2026, 1, 5).isoformat()},
        ).status_code
        == 404
    )
