"""A plan note marked sensitive (special personal data: health, faith, origin …) is read in
full only by the participant, its writer and the roles the methodology names (the proefkring's
begeleider); whoever else reaches the plan sees that there is one, never what it says."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from tests.conftest import World
from tests.plans.test_pages import plan_url, switch

SECRET = "Heeft een zware diagnose gekregen"


def _comment_as(client: Any, tenant: Tenant, world: World, who: str) -> None:
    world.login(client, tenant, who)
    api = plan_url(tenant, world, api=True)
    written = client.send("POST", f"{api}/comments", {"text": SECRET, "is_sensitive": True})
    assert written.status_code == 201, written.get_json()
    assert written.get_json()["text"] == SECRET


def _comment_seen_by(client: Any, tenant: Tenant, world: World, who: str) -> dict[str, Any]:
    switch(client, tenant, world, who)
    [comment] = client.get(plan_url(tenant, world, api=True)).get_json()["comments"]
    return dict(comment)


def test_the_coach_s_sensitive_comment_is_hidden_from_the_volunteer_and_the_leader(
    client: Any, tenant: Tenant, world: World
) -> None:
    _comment_as(client, tenant, world, "coach")
    for who in ("volunteer", "leader"):
        seen = _comment_seen_by(client, tenant, world, who)
        assert (seen["text"], seen["text_hidden"], seen["is_sensitive"]) == (None, True, True)
    seen = _comment_seen_by(client, tenant, world, "participant")
    assert (seen["text"], seen["text_hidden"]) == (SECRET, False)


def test_the_volunteer_s_sensitive_comment_is_read_by_the_coach_and_its_writer(
    client: Any, tenant: Tenant, world: World
) -> None:
    _comment_as(client, tenant, world, "volunteer")
    for who in ("coach", "volunteer"):
        assert _comment_seen_by(client, tenant, world, who)["text"] == SECRET


def test_the_plan_page_shows_that_there_is_a_sensitive_note_and_not_what_it_says(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    page = plan_url(tenant, world)
    form = client.get(page).get_data(as_text=True)
    assert 'name="is_sensitive"' in form
    posted = client.form(f"{page}/comments", {"text": SECRET, "is_sensitive": "y"}, page=page)
    assert posted.status_code == 302
    assert SECRET in client.get(page).get_data(as_text=True)
    switch(client, tenant, world, "volunteer")
    html = client.get(page).get_data(as_text=True)
    assert SECRET not in html
    assert "A sensitive note, for the" in html


def test_a_note_not_marked_sensitive_is_read_by_everyone_who_reaches_the_plan(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    api = plan_url(tenant, world, api=True)
    assert client.send("POST", f"{api}/comments", {"text": "Gaat goed"}).status_code == 201
    assert _comment_seen_by(client, tenant, world, "leader")["text"] == "Gaat goed"
