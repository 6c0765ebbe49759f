"""The printed week: the areas' week panels on one page made for paper."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from tests.conftest import World


def test_a_volunteer_prints_the_week_with_the_circles_phone_numbers(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    assert "My week, to print" in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    response = client.get(f"/t/{tenant.slug}/week")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kring A" in html and "Olga Anders" in html and "0611112222" in html
    assert "Kring B" not in html and "data-print" in html


def test_a_participant_prints_first_names_only(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "participant")
    html = client.get(f"/t/{tenant.slug}/week").get_data(as_text=True)
    assert "Olga" in html and "Olga Anders" not in html and "0611112222" not in html


def test_someone_in_no_circle_is_told_there_is_nothing_this_week(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    html = client.get(f"/t/{tenant.slug}/week").get_data(as_text=True)
    assert "Nothing planned for you this week." in html
