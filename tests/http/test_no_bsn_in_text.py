"""A citizen service number typed into free text is refused where it is typed: a page keeps
the text beside the error on its field, the API answers 422 naming the field; nothing is
stored either way. Passwords and one-time codes are not searched."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import func, select

import kring
from kring.extensions import db
from kring.http.forms import Form
from kring.people.models import Person


def _people() -> int:
    return int(db.session.execute(select(func.count(Person.id))).scalar_one())


def test_a_page_refuses_a_bsn_and_keeps_what_was_typed(signed_in: Any, tenant: Any) -> None:
    page = f"/t/{tenant.slug}/people"
    response = signed_in.form(page, {"name": "Anna de Wit 111222333"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "citizen service number" in body
    assert "Anna de Wit 111222333" in body
    assert _people() == 0


def test_the_api_refuses_a_bsn_naming_the_field(signed_in: Any, tenant: Any) -> None:
    token = signed_in.csrf_token(f"/t/{tenant.slug}/")
    response = signed_in.post(
        f"/t/{tenant.slug}/api/v1/people",
        json={"name": "Anna de Wit, bsn 1112.22.333"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 422
    assert "citizen service number" in response.get_json()["errors"]["json"]["name"][0]
    assert _people() == 0


def test_the_api_keeps_a_phone_number(signed_in: Any, tenant: Any) -> None:
    token = signed_in.csrf_token(f"/t/{tenant.slug}/")
    response = signed_in.post(
        f"/t/{tenant.slug}/api/v1/people",
        json={"name": "Anna de Wit 0612345678"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201


def test_every_form_refuses_a_bsn() -> None:
    """Every page form is built on ``kring.http.forms.Form``, where the refusal lives."""
    plain = []
    for info in pkgutil.walk_packages(kring.__path__, "kring."):
        if ".migrations" in info.name or info.name.endswith(("wsgi", "testing.plugin")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and issubclass(value, FlaskForm)
                and not issubclass(value, Form)
            ):
                plain.append(f"{module.__name__}.{name}")
    assert plain == []
