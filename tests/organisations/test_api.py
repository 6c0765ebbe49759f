from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kring.extensions import db
from kring.organisations.models import Organisation
from kring.testing.factories import OrganisationFactory


def test_api_answers_401_json_when_signed_out(client: Any, tenant: Any) -> None:
    response = client.get(f"/t/{tenant.slug}/api/v1/organisations")
    assert response.status_code == 401
    assert response.get_json()["code"] == 401


def test_create_and_list_organisations(signed_in_admin: Any, tenant: Any) -> None:
    path = f"/t/{tenant.slug}/api/v1/organisations"
    created = signed_in_admin.send("POST", path, {"name": "Welzijn West", "kind": "welfare"})
    assert created.status_code == 201
    assert created.get_json() == {
        "id": created.get_json()["id"],
        "name": "Welzijn West",
        "kind": "welfare",
        "methodologies": [],
        "stopped_methodologies": [],
        "archived": False,
    }
    assert [o["name"] for o in signed_in_admin.get(path).get_json()] == ["Welzijn West"]


def test_bad_input_answers_422_naming_each_field(signed_in_admin: Any, tenant: Any) -> None:
    response = signed_in_admin.send(
        "POST", f"/t/{tenant.slug}/api/v1/organisations", {"name": "", "kind": "castle"}
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert set(errors) == {"name", "kind"}
    assert db.session.execute(select(Organisation)).first() is None


def test_duplicate_name_answers_409_with_the_field(signed_in_admin: Any, tenant: Any) -> None:
    path = f"/t/{tenant.slug}/api/v1/organisations"
    signed_in_admin.send("POST", path, {"name": "Zorg Oost", "kind": "care"})
    response = signed_in_admin.send("POST", path, {"name": "Zorg Oost", "kind": "care"})
    assert response.status_code == 409
    assert "name" in response.get_json()["errors"]["json"]


def test_unknown_methodology_answers_422_without_writing(signed_in_admin: Any, tenant: Any) -> None:
    organisation = OrganisationFactory()
    response = signed_in_admin.send(
        "POST",
        f"/t/{tenant.slug}/api/v1/organisations/{organisation.id}/methodologies",
        {"methodology": "x"},
    )
    assert response.status_code == 422
    assert "methodology" in response.get_json()["errors"]["json"]


def test_write_without_csrf_header_is_refused_as_json(signed_in_admin: Any, tenant: Any) -> None:
    response = signed_in_admin.post(
        f"/t/{tenant.slug}/api/v1/organisations", json={"name": "A", "kind": "care"}
    )
    assert response.status_code == 400
    assert response.get_json()["code"] == 400


def test_openapi_document_describes_the_tenant_api(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert "/t/{tenant}/api/v1/organisations" in spec["paths"]
    assert (
        "post" in spec["paths"]["/t/{tenant}/api/v1/organisations/{organisation_id}/methodologies"]
    )


def test_organisation_list_query_count_does_not_grow(
    signed_in_admin: Any, tenant: Any, count_queries: Any
) -> None:
    path = f"/t/{tenant.slug}/api/v1/organisations"
    OrganisationFactory()
    with count_queries() as few:
        signed_in_admin.get(path)
    OrganisationFactory.create_batch(10)
    with count_queries() as many:
        signed_in_admin.get(path)
    assert many.count == few.count <= 6
