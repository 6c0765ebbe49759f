"""Scopes narrow a token to parts of Kring: reading, or reading and changing."""

from __future__ import annotations

from typing import Any

from kring.apiaccess import scopes


def test_reading_allows_safe_methods_only() -> None:
    held = ["circle:read"]
    assert scopes.allows(held, "circle.view", "GET")
    assert scopes.allows(held, "circle.edit", "HEAD")
    assert not scopes.allows(held, "circle.edit", "POST")
    assert not scopes.allows(held, "person.view", "GET")


def test_changing_includes_reading() -> None:
    held = ["person:write"]
    assert scopes.allows(held, "person.view", "GET")
    assert scopes.allows(held, "person.edit", "PATCH")
    assert scopes.allows(held, "person.create", "POST")


def test_no_scope_reaches_tokens_or_the_rooms_outside_a_tenant() -> None:
    every = scopes.all_scopes()
    assert not scopes.allows(every, "apiaccess.personal", "GET")
    assert not scopes.allows(every, "apiaccess.clients", "POST")
    for outside in ("signed_in", "platform.admin", "trainer"):
        assert not scopes.allows(every, outside, "GET")


def test_every_area_with_a_permission_can_be_chosen_in_words(app: Any) -> None:
    areas = {p.split(".", 1)[0] for p in app.extensions["kring.permissions"].known}
    missing = areas - set(scopes.AREAS) - scopes.NOT_A_SCOPE
    assert not missing, f"add a label for {sorted(missing)} to AREAS in kring/apiaccess/scopes.py"
    assert set(scopes.AREAS) <= areas, "AREAS names an area that declares no permission"


def test_unknown_scopes_are_named() -> None:
    assert scopes.unknown(["circle:read", "circle:admin", "everything"]) == [
        "circle:admin",
        "everything",
    ]


def test_scopes_are_described_in_words(app: Any) -> None:
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert scopes.describe(
            ["circle:read", "plan:write", "bogus:read"],
            {"circle": "Circles", "plan": "Personal plans"},
        ) == [
            "Circles: read",
            "Personal plans: read and change",
        ]
