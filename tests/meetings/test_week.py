"""The printed week lists the coming seven days' meetings of the reader's circles."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from tests.conftest import World


def test_the_week_lists_the_meetings_of_the_coming_seven_days(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    plan(world.a, days=2, kind="open_avond", count=2)  # in two days and nine days from now
    plan(world.b, days=1)
    world.login(client, tenant, "participant")
    html = client.get(f"/t/{tenant.slug}/week").get_data(as_text=True)
    assert "Meetings this week" in html
    listed = html.split("Meetings this week", 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == 1 and "Kring A" in listed and "Kring B" not in listed


def test_no_meetings_panel_without_a_meeting_this_week(
    client: Any, tenant: Tenant, world: World, plan: Any
) -> None:
    plan(world.a, days=10)
    world.login(client, tenant, "volunteer")
    assert "Meetings this week" not in client.get(f"/t/{tenant.slug}/week").get_data(as_text=True)
