"""Home panels: an area's panel shows to the people its loader finds something for, in order."""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, DictLoader

from kring.core.access import Viewer
from kring.core.tenancy import Tenant
from kring.module import HomePanel, Module
from tests.conftest import World


def greeting(who: Viewer) -> dict[str, Any] | None:
    """Something for people who are someone in the tenant's circles, nothing for others."""
    return {"count": len(who.person_ids)} if who.person_ids else None


def second(who: Viewer) -> dict[str, Any] | None:
    return {}


def _with_panels(app: Flask, monkeypatch: Any) -> None:
    module = Module(
        name="example",
        home=(
            HomePanel(key="later", template="later.html", load=f"{__name__}:second", order=60),
            HomePanel(key="first", template="first.html", load=f"{__name__}:greeting", order=10),
        ),
    )
    monkeypatch.setitem(app.extensions, "kring.modules", [*app.extensions["kring.modules"], module])
    templates = DictLoader(
        {
            "first.html": '<h2 id="{{ heading_id }}">First panel: {{ panel.count }}</h2>',
            "later.html": '<h2 id="{{ heading_id }}">Later panel</h2>',
        }
    )
    monkeypatch.setattr(app.jinja_env, "loader", ChoiceLoader([app.jinja_env.loader, templates]))


def test_panels_show_in_order_when_their_loader_finds_something(
    app: Flask, client: Any, tenant: Tenant, world: World, monkeypatch: Any
) -> None:
    _with_panels(app, monkeypatch)
    world.login(client, tenant, "volunteer")
    body = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert 'aria-labelledby="panel-first"' in body
    assert body.index("First panel: 1") < body.index("Later panel")


def test_a_panel_is_left_out_when_its_loader_finds_nothing(
    app: Flask, client: Any, tenant: Tenant, world: World, monkeypatch: Any
) -> None:
    _with_panels(app, monkeypatch)
    world.login(client, tenant, "admin")
    body = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "First panel" not in body
    assert "Later panel" in body


def test_each_member_sees_their_circle_as_their_relationship_allows(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "My trial circle" in home and "Kring A" in home and "Olga" in home
    assert "Olga Anders" not in home and "0611112222" not in home  # first names only
    assert "Partner organisations" not in home  # a participant's home holds only their own
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})

    world.login(client, tenant, "volunteer")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Olga Anders" in home and 'href="tel:0611112222"' in home
    assert "Kring B" not in home and "Still needed" not in home


def test_a_project_leader_sees_what_each_circle_still_needs(
    app: Flask, client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    from kring.circles import membership
    from kring.core.db import today
    from kring.people import service as people
    from kring.testing.builders import hooks_for

    world.login(client, tenant, "leader")
    with count_queries() as few:
        home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "My trial circle" in home and "Kring A" in home and "Kring B" not in home
    assert "Still needed" in home
    hooks = hooks_for(app, "proefkring")
    for n in range(2):
        person = people.create_person(None, name=f"Extra Lid {n}", postcode="1111AF")
        membership.add_member(world.a, person, "deelnemer", hooks, None, today())
    with count_queries() as many:
        client.get(f"/t/{tenant.slug}/")
    # the page's work does not grow with the members (courses and checks: one query per table,
    # for the rules and for the panel of lapsed trainings, which reads the teams once more)
    assert many.count == few.count <= 23


def test_people_outside_every_circle_get_no_circle_panel(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "admin")
    assert "panel-circles" not in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)


def test_a_volunteers_home_costs_the_same_in_two_circles_or_in_three(
    app: Flask, client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    """Whether the volunteer takes part in each circle on their home is read once a page, not
    once a circle."""
    from kring.circles import membership
    from kring.core.db import today
    from kring.extensions import db
    from kring.organisations.models import Organisation
    from kring.testing.builders import hooks_for, start_circle

    hooks = hooks_for(app, "proefkring")
    volunteer = world.people["volunteer"]
    membership.add_member(world.b, volunteer, "regisseur", hooks, None, today())
    db.session.commit()
    world.login(client, tenant, "volunteer")
    with count_queries() as two:
        assert client.get(f"/t/{tenant.slug}/").status_code == 200
    organisation = db.session.get(Organisation, world.a.organisation_id)
    third = start_circle(hooks, "Kring C", "Wijk C", ["3333"], organisation, today())
    membership.add_member(third, volunteer, "regisseur", hooks, None, today())
    db.session.commit()
    client.get(f"/t/{tenant.slug}/")  # the test's commit left the tenant to be read again
    with count_queries() as three:
        home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Kring A" in home and "Kring B" in home and "Kring C" in home
    assert three.count == two.count


def test_a_project_leaders_checklists_cost_the_same_for_one_circle_or_three(
    app: Flask, client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    """The trainings every card's checklist judges are read once for all cards."""
    from kring.circles import membership
    from kring.core.db import today
    from kring.extensions import db
    from kring.organisations.models import Organisation
    from kring.people import service as people
    from kring.testing.builders import hooks_for, start_circle

    world.login(client, tenant, "leader")
    client.get(f"/t/{tenant.slug}/")
    with count_queries() as one:
        assert "Still needed" in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    hooks = hooks_for(app, "proefkring")
    organisation = db.session.get(Organisation, world.a.organisation_id)
    for n, name in enumerate(("Kring C", "Kring D")):
        circle = start_circle(hooks, name, f"Wijk {name}", ["4444"], organisation, today())
        person = people.create_person(None, name=f"Lid {name}", postcode=f"444{n}AA")
        membership.add_member(circle, person, "deelnemer", hooks, None, today())
    db.session.commit()
    client.get(f"/t/{tenant.slug}/")  # the test's commit left the tenant to be read again
    with count_queries() as three:
        home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Kring C" in home and "Kring D" in home
    assert three.count == one.count
