"""A methodology plugin's pages, menu entries and home-page tiles appear only in tenants that
enabled the methodology for one of their organisations (installed is not enabled)."""

from __future__ import annotations

from typing import Any

from kring.organisations.models import Organisation


def test_plugin_menu_tile_and_page_appear_when_the_tenant_enabled_it(
    signed_in: Any, tenant: Any, organisation: Organisation
) -> None:
    home = signed_in.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert f'href="/t/{tenant.slug}/m/proefkring/"' in home and "Trial circles" in home
    assert "Trial circle tip" in home and 'class="proefkring-tip"' in home
    assert signed_in.get(f"/t/{tenant.slug}/m/proefkring/").status_code == 200


def test_plugin_menu_tile_and_page_are_absent_when_the_tenant_did_not(
    signed_in: Any, tenant: Any
) -> None:
    home = signed_in.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Trial circles" not in home and "Trial circle tip" not in home
    assert signed_in.get(f"/t/{tenant.slug}/m/proefkring/").status_code == 404


def test_plugin_menu_speaks_the_readers_language(
    signed_in: Any, tenant: Any, organisation: Organisation
) -> None:
    home = signed_in.get(f"/t/{tenant.slug}/", headers={"Accept-Language": "nl"})
    assert "Proefkringen" in home.get_data(as_text=True)
