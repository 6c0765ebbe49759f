"""Meetings as JSON: the same rules as the pages, refusals naming what is wrong."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from tests.conftest import World


def test_plan_list_and_take_attendance_through_the_api(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    planned = client.send(
        "POST",
        f"{api}/circles/{world.a.id}/meetings",
        {"starts_at": "2020-01-06T19:00:00", "kind": "open_avond", "minutes": 120, "count": 2},
    )
    assert planned.status_code == 201, planned.get_json()
    first, second = planned.get_json()
    assert first["starts_at"].startswith("2020-01-06T18:00:00")  # 19:00 in Amsterdam
    assert first["series_id"] == second["series_id"] is not None
    listed = client.get(f"{api}/circles/{world.a.id}/meetings").get_json()
    assert [m["id"] for m in listed["past"]] == [second["id"], first["id"]]
    participant = world.people["participant"].id
    taken = client.send(
        "POST",
        f"{api}/meetings/{first['id']}/attendance",
        {"marks": [{"person_id": participant, "status": "absent_with_notice"}]},
    )
    assert taken.status_code == 200
    row = next(r for r in taken.get_json() if r["person_id"] == participant)
    assert row["status"] == "absent_with_notice"
    history = client.get(f"{api}/people/{participant}/attendance").get_json()
    assert [h["status"] for h in history] == ["absent_with_notice"]
    guest = client.send("POST", f"{api}/meetings/{first['id']}/guests", {"first_name": "Ans"})
    assert guest.status_code == 201 and guest.get_json()["first_name"] == "Ans"
    assert client.get(f"{api}/meetings/{first['id']}").get_json()["guests"] == 1


def test_api_refusals_name_the_rule_or_the_field(
    client: Any, tenant: Tenant, world: World, api: str, plan: Any
) -> None:
    (closed,) = plan(world.a, days=-0.01, kind="besloten_avond")
    world.login(client, tenant, "volunteer")
    stranger = client.send(
        "POST",
        f"{api}/meetings/{closed.id}/attendance",
        {"marks": [{"person_id": world.people["b"].id, "status": "present"}]},
    )
    assert stranger.status_code == 422
    assert [u["rule"] for u in stranger.get_json()["unmet"]] == ["meetings.not_a_member"]
    guest = client.send("POST", f"{api}/meetings/{closed.id}/guests", {"first_name": "Ans"})
    assert guest.status_code == 409
    assert guest.get_json()["unmet"][0]["rule"] == "meetings.no_guests"
    bad = client.send(
        "POST", f"{api}/meetings/{closed.id}/attendance", {"marks": [{"status": "maybe"}]}
    )
    assert bad.status_code == 422 and "marks" in bad.get_json()["errors"]["json"]
    # a volunteer takes attendance but does not plan or cancel
    assert client.send("POST", f"{api}/meetings/{closed.id}/cancel", {}).status_code == 403
    plan_body = {"starts_at": "2099-01-01T19:00:00", "kind": "open_avond", "minutes": 90}
    assert client.send("POST", f"{api}/circles/{world.a.id}/meetings", plan_body).status_code == 403


def test_the_openapi_document_describes_the_meetings(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/t/{tenant}/api/v1/circles/{circle_id}/meetings" in paths
    assert "/t/{tenant}/api/v1/meetings/{meeting_id}/attendance" in paths
