"""Permissions come from the areas' Module declarations; the app refuses to start with a view
that names a permission no area declares, and the menu shows what the user may follow."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Blueprint, Flask

from kring.core.accounts import Role
from kring.http.access import check_declared, requires
from kring.module import Module, NavEntry, roles_by_permission


def test_app_refuses_a_view_that_requires_an_unknown_permission(app: Flask) -> None:
    blueprint = Blueprint("typo", __name__)

    @blueprint.get("/typo")
    @requires("circle.veiw")
    def typo() -> str:
        return ""

    other = Flask("other")
    other.extensions.update(app.extensions)
    other.register_blueprint(blueprint)
    with pytest.raises(ValueError, match=r"circle\.veiw"):
        check_declared(other)


def test_a_permission_declared_by_two_areas_is_refused() -> None:
    first = Module(name="a", permissions={"x.view": frozenset({Role.coach})})
    second = Module(name="b", permissions={"x.view": frozenset({Role.volunteer})})
    with pytest.raises(ValueError, match=r"declares 'x\.view' again"):
        roles_by_permission([first, second])


def test_roles_hold_what_the_areas_grant_them(app: Flask) -> None:
    table = app.extensions["kring.permissions"]
    assert table.granted({Role.volunteer}) == {
        "tenant.view",
        "circle.view",
        "person.view",
        "exchange.view",
        "exchange.take_part",
        "exchange.talents",
        "contact.view",
        "contact.log",
        "escalation.view",
        "escalation.raise",
        "plan.view",
        "plan.edit",
        "plan.comment",
        "meeting.view",
        "meeting.attend",
        "meeting.feed",
        "message.read",
        "survey.answer",
        "identity.account",
        "sso.link",
        "signal.view",  # the signals they were asked to follow up, no others
        "signal.handle",
        "activity.suggest",  # an activity of the calendar, to a member of their own circle
    }
    assert "signal.create" in table.granted({Role.signaler})
    assert table.granted({Role.contributor}) == {
        "activity.publish",
        "identity.account",
        "message.read",
        "tenant.view",
    }
    assert "circle.edit" not in table.granted({Role.coach})


def test_nav_entry_marks_its_own_pages_as_current() -> None:
    entry = NavEntry(endpoint="circles.index", label="Circles", permission="circle.view")
    nested = NavEntry(endpoint="circles.index", label="", permission="", current_when=("circles.",))
    assert entry.is_current("circles.index") and not entry.is_current("circles.show")
    assert nested.is_current("circles.show") and not nested.is_current(None)


def test_menu_shows_only_what_the_role_may_follow(client: Any, tenant: Any, make_user: Any) -> None:
    make_user(tenant, Role.signaler, email="melder@example.org")
    client.login(tenant, "melder@example.org", "correct horse battery")
    html = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Report a resident" in html
    assert f'href="/t/{tenant.slug}/circles/"' not in html
    assert f'href="/t/{tenant.slug}/people"' not in html
