"""Forms and the API refuse dates a person would mistype: a birth date or a completed training
in the future (kring.people.models.has_happened), naming the field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from kring.core.db import today
from kring.extensions import db
from kring.people.models import Person, has_happened


def test_today_has_happened_and_tomorrow_has_not() -> None:
    assert has_happened(today()) and not has_happened(today() + timedelta(days=1))


def test_the_api_refuses_a_birth_date_in_the_future(signed_in: Any, api: str) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = signed_in.send("POST", f"{api}/people", {"name": "Later", "birth_date": tomorrow})
    assert refused.status_code == 422 and "birth_date" in refused.get_json()["errors"]["json"]
    assert db.session.execute(select(func.count(Person.id))).scalar_one() == 0


def test_the_api_refuses_a_training_completed_in_the_future(signed_in: Any, api: str) -> None:
    person = signed_in.send("POST", f"{api}/people", {"name": "Leerling"}).get_json()
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = signed_in.send(
        "POST",
        f"{api}/people/{person['id']}/trainings",
        {"training": "basis", "completed_on": tomorrow},
    )
    assert refused.status_code == 422 and "completed_on" in refused.get_json()["errors"]["json"]


def test_the_form_refuses_a_birth_date_in_the_future(signed_in: Any, tenant: Any) -> None:
    tomorrow = (today() + timedelta(days=1)).isoformat()
    page = f"/t/{tenant.slug}/people"
    response = signed_in.form(page, {"name": "Later", "birth_date": tomorrow}, page=page)
    assert response.status_code == 422
    assert "not in the future" in response.get_data(as_text=True)
    assert db.session.execute(select(func.count(Person.id))).scalar_one() == 0
