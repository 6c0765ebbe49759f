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
