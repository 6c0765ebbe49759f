from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kring.core.accounts import Role
from kring.extensions import db
from kring.organisations.models import MethodologyEnablement, Organisation


def test_admin_adds_an_organisation(signed_in_admin: Any, tenant: Any) -> None:
    page = f"/t/{tenant.slug}/admin/organisations"
    response = signed_in_admin.form(page, {"name": "Welzijn Noord", "kind": "welfare"})
    assert response.status_code == 302
    assert "Welzijn Noord" in signed_in_admin.get(page).get_data(as_text=True)


def test_adding_an_organisation_twice_gives_a_form_error(signed_in_admin: Any, tenant: Any) -> None:
    page = f"/t/{tenant.slug}/admin/organisations"
    signed_in_admin.form(page, {"name": "Welzijn Noord", "kind": "welfare"})
    response = signed_in_admin.form(page, {"name": "welzijn  noord", "kind": "care"})
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert len(db.session.execute(select(Organisation)).all()) == 1


def test_bad_organisation_input_names_the_field(signed_in_admin: Any, tenant: Any) -> None:
    page = f"/t/{tenant.slug}/admin/organisations"
    response = signed_in_admin.form(page, {"name": "", "kind": "spaceship"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the organisation&#39;s name." in html or "Enter the organisation's name." in html
    assert 'href="#kind"' in html  # WTForms' own message, in the page's language


def test_enabling_an_unknown_methodology_is_refused_without_writing(
    signed_in_admin: Any, tenant: Any
) -> None:
    page = f"/t/{tenant.slug}/admin/organisations"
    signed_in_admin.form(page, {"name": "Zorg Zuid", "kind": "care"})
    organisation = db.session.execute(select(Organisation)).scalar_one()
    response = signed_in_admin.form(
        f"{page}/{organisation.id}/methodologies", {"methodology": "nope"}, page=page
    )
    assert response.status_code == 422
    assert db.session.execute(select(MethodologyEnablement)).first() is None


def test_volunteer_may_not_manage_organisations(client: Any, tenant: Any, make_user: Any) -> None:
    volunteer = make_user(tenant, Role.volunteer)
    from kring.testing.factories import DEFAULT_PASSWORD

    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    assert client.get(f"/t/{tenant.slug}/admin/organisations").status_code == 403


def test_organisations_page_query_count_does_not_grow_with_the_data(
    signed_in_admin: Any, tenant: Any, count_queries: Any
) -> None:
    from kring.testing.factories import OrganisationFactory

    page = f"/t/{tenant.slug}/admin/organisations"
    OrganisationFactory()
    with count_queries() as few:
        assert signed_in_admin.get(page).status_code == 200
    OrganisationFactory.create_batch(15)
    with count_queries() as many:
        assert signed_in_admin.get(page).status_code == 200
    assert many.count == few.count
    assert few.count <= 8
