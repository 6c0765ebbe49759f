"""Text no database can store and bodies no parser should walk are refused at the edge, naming
the field, on pages and in the API alike (kring.http.input); never a 500, never a stored row."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from kring.extensions import db
from kring.people.models import Person


def _post_json(client: Any, tenant: Any, body: str) -> Any:
    token = client.csrf_token(f"/t/{tenant.slug}/")
    return client.post(
        f"/t/{tenant.slug}/api/v1/people",
        data=body,
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )


def _people() -> int:
    return int(db.session.execute(select(func.count(Person.id))).scalar_one())


@pytest.mark.parametrize("body", [json.dumps({"name": "An\x00na"}), '{"name": "\\ud800na"}'])
def test_the_api_refuses_text_that_cannot_be_stored_naming_the_field(
    signed_in: Any, tenant: Any, body: str
) -> None:
    response = _post_json(signed_in, tenant, body)
    assert response.status_code == 422
    assert "name" in response.get_json()["errors"]["json"]
    assert _people() == 0


def test_the_api_refuses_a_body_nested_too_deeply(signed_in: Any, tenant: Any) -> None:
    response = _post_json(signed_in, tenant, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert response.get_json()["errors"]["json"]


def test_a_page_refuses_a_nul_byte_with_a_clear_page(signed_in: Any, tenant: Any) -> None:
    response = signed_in.form(
        f"/t/{tenant.slug}/people/new", {"name": "An\x00na"}, page=f"/t/{tenant.slug}/people/new"
    )
    assert response.status_code == 422
    assert "cannot be stored" in response.get_data(as_text=True)
    assert _people() == 0


@pytest.mark.parametrize(
    "path",
    ["/t/{slug}/circles/99999999999999999999", "/t/{slug}/api/v1/people/9223372036854775808"],
)
def test_ids_beyond_any_column_answer_404(signed_in: Any, tenant: Any, path: str) -> None:
    assert signed_in.get(path.format(slug=tenant.slug)).status_code == 404


def test_a_nul_in_the_tenant_slug_answers_404(client: Any) -> None:
    assert client.get("/t/pro%00be/login").status_code == 404


def test_brackets_inside_text_are_not_nesting(signed_in: Any, tenant: Any) -> None:
    response = _post_json(signed_in, tenant, json.dumps({"name": "[" * 100}))
    assert response.status_code == 201


def test_a_parseable_body_deeper_than_the_limit_is_refused(signed_in: Any, tenant: Any) -> None:
    response = _post_json(
        signed_in,
        tenant,
        json.dumps({"name": "x", "extra": [[[]]] * 1}).replace("[[[]]]", "[" * 40 + "]" * 40),
    )
    assert response.status_code == 400
