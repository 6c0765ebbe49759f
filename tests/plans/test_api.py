"""The plan as JSON, under the same rules as the pages."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from tests.conftest import World
from tests.plans.test_pages import plan_url, switch


def _api(tenant: Tenant, world: World, who: str = "participant") -> str:
    return plan_url(tenant, world, who, api=True)


def test_participant_builds_their_plan_through_the_api(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    api = _api(tenant, world)
    empty = client.get(api).get_json()
    assert empty["goals"] == [] and empty["may_edit"] and not empty["may_comment"]

    goal = client.send("POST", f"{api}/goals", {"domain": "social", "title": "Koffie drinken"})
    assert goal.status_code == 201, goal.get_json()
    goal_id = goal.get_json()["id"]
    assert goal.get_json()["domain_label"] == "Contact with others"
    step = client.send(
        "POST",
        f"{api}/goals/{goal_id}/steps",
        {"title": "Buurvrouw vragen", "supporter_id": world.people["coach"].id},
    )
    assert step.status_code == 201 and step.get_json()["supporter_name"] == "Cora Coach"
    done = client.send("PATCH", f"{api}/steps/{step.get_json()['id']}", {"is_done": True})
    assert done.get_json()["is_done"] is True
    reached = client.send("PATCH", f"{api}/goals/{goal_id}", {"status": "reached"})
    assert reached.get_json()["status"] == "reached"
    assert client.send("POST", f"{api}/notes", {"text": "Gezellig"}).status_code == 201
    assert client.send("PATCH", api, {"review_on": "2099-01-01"}).get_json()["review_on"] == (
        "2099-01-01"
    )

    plan = client.get(api).get_json()
    assert [g["title"] for g in plan["goals"]] == ["Koffie drinken"]
    assert plan["goals"][0]["steps"][0]["is_done"] is True
    assert [n["text"] for n in plan["notes"]] == ["Gezellig"]
    history = client.get(f"{api}/history").get_json()
    assert history[0]["action"] == "review.set"
    assert {h["on_behalf_of_id"] for h in history} == {None}


def test_bad_input_names_the_field(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "participant")
    api = _api(tenant, world)
    wrong = client.send("POST", f"{api}/goals", {"domain": "moon", "title": "x"})
    assert wrong.status_code == 422 and "domain" in wrong.get_json()["errors"]["json"]
    goal_id = client.send(
        "POST", f"{api}/goals", {"domain": "health", "title": "Lopen"}
    ).get_json()["id"]
    outsider = client.send(
        "POST", f"{api}/goals/{goal_id}/steps", {"title": "x", "supporter_id": world.people["b"].id}
    )
    assert outsider.status_code == 422
    assert [u["rule"] for u in outsider.get_json()["unmet"]] == ["plan.supporter"]
    past = client.send("PATCH", api, {"review_on": "2000-01-01"})
    assert past.status_code == 422 and past.get_json()["unmet"][0]["rule"] == "plan.review_on"
    assert client.send("PATCH", f"{api}/goals/999999", {"status": "reached"}).status_code == 404


def test_volunteer_edits_on_behalf_and_comments_while_the_participant_may_not_comment(
    client: Any, tenant: Tenant, world: World
) -> None:
    api = _api(tenant, world)
    world.login(client, tenant, "volunteer")
    assert (
        client.send("POST", f"{api}/goals", {"domain": "living", "title": "Tuin"}).status_code
        == 201
    )
    assert client.send("POST", f"{api}/comments", {"text": "Goed bezig"}).status_code == 201
    history = client.get(f"{api}/history").get_json()
    assert {h["on_behalf_of"] for h in history} == {"Piet Deelnemer"}
    assert client.get(api).get_json()["comments"][0]["text"] == "Goed bezig"
    assert client.get(_api(tenant, world, "b")).status_code == 404
    switch(client, tenant, world, "participant")
    assert client.send("POST", f"{api}/comments", {"text": "Zelf"}).status_code == 403


def test_the_project_leader_reads_and_the_admin_does_not(
    client: Any, tenant: Tenant, world: World
) -> None:
    api = _api(tenant, world)
    world.login(client, tenant, "leader")
    assert client.get(api).status_code == 200
    assert (
        client.send("POST", f"{api}/goals", {"domain": "living", "title": "x"}).status_code == 403
    )
    switch(client, tenant, world, "admin")
    assert client.get(api).status_code == 403
