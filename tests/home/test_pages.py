"""A tenant's home page: who you are here in words, and your organisations' methodologies."""

from __future__ import annotations

from typing import Any

from kring.core.accounts import Role
from kring.organisations.models import Organisation


def test_home_names_the_roles_and_the_organisations_methodologies(
    signed_in_admin: Any, tenant: Any, organisation: Organisation
) -> None:
    html = signed_in_admin.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Welcome, Beheerder Een" in html
    assert "tenant administrator" in html
    assert organisation.name in html and "Trial circle" in html


def test_home_speaks_dutch_to_a_dutch_reader(
    client: Any, tenant: Any, make_user: Any, organisation: Organisation
) -> None:
    make_user(tenant, Role.coach, email="coach@example.org", name="Cora Coach")
    client.login(tenant, "coach@example.org", "correct horse battery")
    html = client.get(f"/t/{tenant.slug}/", headers={"Accept-Language": "nl"}).get_data(
        as_text=True
    )
    assert "Welkom, Cora Coach" in html and "tenant administrator" not in html
    assert "Proefkring" in html


def test_home_needs_a_role_in_the_tenant(client: Any, tenant: Any) -> None:
    response = client.get(f"/t/{tenant.slug}/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
