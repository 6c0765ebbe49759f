"""The list a rights request starts from: the tenant admin finds anyone in the tenant (the one,
logged exception to their counts-only reach), a project leader the people they reach fully;
searched, paged, and costing the same number of queries in any tenant."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from kring.access import policy
from kring.access.models import AccessLogEntry
from kring.core.paging import PAGE_SIZE
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.people import service as people
from kring.people.models import Person
from tests.conftest import World


def page(tenant: Tenant, **args: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/t/{tenant.slug}/rights-requests" + (f"?{query}" if query else "")


def api(tenant: Tenant, **args: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/t/{tenant.slug}/api/v1/rights-requests" + (f"?{query}" if query else "")


def logged(action: str) -> set[int]:
    return set(
        db.session.execute(
            select(AccessLogEntry.subject_id).where(
                AccessLogEntry.action == action, AccessLogEntry.subject_type == "person"
            )
        ).scalars()
    )


def listed(world: World, who: str) -> set[str]:
    viewer = policy._read_viewer(world.users[who].id)
    return set(
        db.session.execute(select(Person.name).where(policy.rights_people(viewer))).scalars()
    )


# --- the rule -------------------------------------------------------------------------------


def test_the_rights_list_follows_who_handles_rights(world: World) -> None:
    everyone = {p.name for p in world.people.values()}
    assert listed(world, "admin") == everyone
    assert listed(world, "leader") == everyone - {"Bob Buiten"}
    for role in ("coach", "volunteer", "participant", "signaler", "outsider"):
        assert listed(world, role) == set(), role
    for who in ("admin", "leader"):
        viewer = policy._read_viewer(world.users[who].id)
        for person in world.people.values():
            in_list = person.name in listed(world, who)
            assert policy.handles_rights_of(viewer, person) == in_list, (who, person.name)


# --- the page -------------------------------------------------------------------------------


def test_the_admin_finds_anyone_and_every_name_shown_is_logged(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    answer = client.get(page(tenant), headers={"Accept-Language": "nl"})
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "Privacyverzoeken" in html
    for person in world.people.values():
        assert person.name in html
        assert f"/people/{person.id}/data" in html and f"/people/{person.id}/erase" in html
    assert logged("privacy.people") == {p.id for p in world.people.values()}
    found = client.get(page(tenant, q="bob")).get_data(as_text=True)
    assert "Bob Buiten" in found and "Piet Deelnemer" not in found
    assert "Nobody found" in client.get(page(tenant, q="niemand")).get_data(as_text=True)


def test_a_project_leader_finds_only_the_people_they_reach_fully(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    html = client.get(page(tenant)).get_data(as_text=True)
    assert "Piet Deelnemer" in html and "Uma Ongebonden" in html
    assert "Bob Buiten" not in html
    assert world.people["b"].id not in logged("privacy.people")


def test_nobody_erases_their_own_person_from_the_list(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.people["uma"].user_id = world.users["admin"].id
    db.session.flush()
    world.login(client, tenant, "admin")
    html = client.get(page(tenant)).get_data(as_text=True)
    uma = world.people["uma"].id
    assert f"/people/{uma}/data" in html and f"/people/{uma}/erase" not in html


@pytest.mark.parametrize("role", ["coach", "volunteer", "participant", "signaler"])
def test_other_roles_have_no_rights_list(
    client: Any, tenant: Tenant, world: World, role: str
) -> None:
    world.login(client, tenant, role)
    assert client.get(page(tenant)).status_code == 403
    assert client.get(api(tenant)).status_code == 403


def _residents(count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        people.create_person(None, name=f"Bewoner {number:03d}", postcode="9999ZZ")
    db.session.flush()


def test_the_list_is_paged_and_its_queries_do_not_grow(
    client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    world.login(client, tenant, "admin")
    _residents(3)
    client.get(page(tenant))
    with count_queries() as few:
        client.get(page(tenant))
    _residents(PAGE_SIZE * 2, start=3)
    with count_queries() as many:
        html = client.get(page(tenant)).get_data(as_text=True)
    assert many.count == few.count
    assert html.count("<tr>") <= PAGE_SIZE + 1 and 'rel="next"' in html
    second = client.get(page(tenant, page="2")).get_data(as_text=True)
    assert "Bewoner" in second and 'rel="prev"' in second


# --- the API --------------------------------------------------------------------------------


def test_the_api_lists_searches_and_pages(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "admin")
    answer = client.get(api(tenant, q="bob"))
    assert answer.status_code == 200
    assert answer.get_json() == [
        {
            "id": world.people["b"].id,
            "name": "Bob Buiten",
            "postcode": "2222AA",
            "erased_at": None,
            "may_erase": True,
        }
    ]
    assert logged("api_privacy.RightsPeople") == {world.people["b"].id}
    first = client.get(api(tenant, per_page="2"))
    assert len(first.get_json()) == 2 and 'rel="next"' in first.headers["Link"]
    for bad in ({"per_page": "0"}, {"page": "nul"}, {"q": "x" * 201}):
        refused = client.get(api(tenant, **bad))
        assert refused.status_code == 422, bad
        assert set(bad) <= set(refused.get_json()["errors"]["query"]), bad


def test_the_api_gives_a_project_leader_only_those_they_reach(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    names = {row["name"] for row in client.get(api(tenant, per_page="50")).get_json()}
    assert "Piet Deelnemer" in names and "Bob Buiten" not in names
