"""A member's calendar feed: a secret address, valid iCalendar, and revocable."""

from __future__ import annotations

import re
from typing import Any

from icalendar import Calendar
from sqlalchemy import select

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.meetings.models import MeetingFeed
from tests.conftest import World


def _open_feed(client: Any, tenant: Tenant) -> str:
    page = f"/t/{tenant.slug}/meetings/mine"
    body = client.form(f"{page}/feed", {}, page=page).get_data(as_text=True)
    match = re.search(r'value="(http[^"]+\.ics)"', body)
    assert match, body
    return match.group(1).removeprefix("http://localhost")


def test_a_member_subscribes_to_a_feed_that_parses_and_revoking_it_makes_it_404(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    coming, cancelled = plan(world.a, days=3, count=2)
    cancelled.cancelled_at = coming.created_at
    world.login(client, tenant, "participant")
    mine = client.get(f"/t/{tenant.slug}/meetings/mine").get_data(as_text=True)
    assert "Coming meetings" in mine and "Kring A: drop-in evening" in mine
    url = _open_feed(client, tenant)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.execute(select(MeetingFeed.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64  # only a hash is kept

    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    response = client.get(url)  # a calendar app has no session
    assert response.status_code == 200
    assert response.content_type.startswith("text/calendar")
    calendar = Calendar.from_ical(response.data)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Kring A: drop-in evening"] * 2 or [
        str(e["summary"]) for e in events
    ] == ["Kring A: inloopavond"] * 2
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CANCELLED"]
    assert events[0]["dtstart"].dt == coming.starts_at
    assert str(calendar["version"]) == "2.0" and "prodid" in calendar

    world.login(client, tenant, "participant")
    page = f"/t/{tenant.slug}/meetings/mine"
    assert client.form(f"{page}/feed/revoke", {}, page=page).status_code == 302
    assert client.get(url).status_code == 404


def test_a_new_address_stops_the_old_one_and_a_guessed_token_finds_nothing(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    first = _open_feed(client, tenant)
    second = _open_feed(client, tenant)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.get(f"/t/{tenant.slug}/meetings/feed/guessed.ics").status_code == 404


def test_the_feed_is_also_opened_and_stopped_through_the_api(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "participant")
    opened = client.send("POST", f"{api}/me/meeting-feed")
    assert opened.status_code == 201
    url = opened.get_json()["url"].removeprefix("http://localhost")
    assert client.get(url).status_code == 200
    assert client.send("DELETE", f"{api}/me/meeting-feed").status_code == 204
    assert client.get(url).status_code == 404
    world.login(client, tenant, "admin")  # a login that is nobody in a circle
    assert client.send("POST", f"{api}/me/meeting-feed").status_code == 403
