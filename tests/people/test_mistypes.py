"""Forms and the API refuse what a person would mistype: a birth date or a completed training in
the future, a postcode that is no Dutch or UK one, the same person twice; naming the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from kring.core.accounts import Role
from kring.core.db import today
from kring.extensions import db
from kring.people import service
from kring.people.models import Person, has_happened, is_postcode, is_postcode_area
from kring.testing.factories import DEFAULT_PASSWORD


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


@pytest.mark.parametrize("code", ["6041 AB", "6041ab", "1011AB", "BS1 4DJ", "SW1A 1AA", "M1 1AE"])
def test_dutch_and_uk_postcodes_are_postcodes(code: str) -> None:
    assert is_postcode(code)


@pytest.mark.parametrize("code", ["!!", "6041", "0123 AB", "6041 A", "ABCDEFG", "12345", "BS1"])
def test_a_person_needs_a_whole_dutch_or_uk_postcode(code: str) -> None:
    assert not is_postcode(code)


@pytest.mark.parametrize("code", ["6041", "60", "6041A", "6041 AB", "BS1", "BS1 4", "AV4 7"])
def test_a_neighbourhood_is_made_of_postcode_areas(code: str) -> None:
    assert is_postcode_area(code)


@pytest.mark.parametrize("code", ["!!", "0601", "6", "ABCDEFG", "1234567"])
def test_what_is_no_postcode_area(code: str) -> None:
    assert not is_postcode_area(code)


def test_the_form_refuses_a_postcode_that_is_not_dutch_or_british(
    signed_in: Any, tenant: Any
) -> None:
    page = f"/t/{tenant.slug}/people"
    response = signed_in.form(page, {"name": "Verkeerd", "postcode": "12345"}, page=page)
    assert response.status_code == 422
    assert "Enter a Dutch or UK postcode" in response.get_data(as_text=True)
    assert db.session.execute(select(func.count(Person.id))).scalar_one() == 0


def test_the_api_refuses_a_postcode_that_is_not_dutch_or_british(signed_in: Any, api: str) -> None:
    refused = signed_in.send("POST", f"{api}/people", {"name": "Verkeerd", "postcode": "6041"})
    assert refused.status_code == 422 and "postcode" in refused.get_json()["errors"]["json"]


def test_the_api_refuses_a_signal_with_a_wrong_postcode_or_a_future_birth_date(
    client: Any, tenant: Any, make_user: Any
) -> None:
    signaler = make_user(tenant, Role.signaler)
    client.login(tenant, signaler.email, DEFAULT_PASSWORD)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    body = {"organisation_id": 1, "methodology": "proefkring", "resident_name": "X", "reason": "?"}
    refused = client.send(
        "POST",
        f"/t/{tenant.slug}/api/v1/signals",
        {**body, "postcode": "12", "birth_date": tomorrow},
    )
    assert refused.status_code == 422
    assert {"postcode", "birth_date"} <= set(refused.get_json()["errors"]["json"])


@pytest.mark.parametrize(
    ("second", "field"),
    [
        ({"name": "jan  JANSEN", "birth_date": "1950-03-01"}, "birth_date"),
        ({"name": "Jan Jansen", "postcode": "6041ab"}, "postcode"),
    ],
)
def test_the_same_person_is_not_added_twice(
    tenant: Any, second: dict[str, str], field: str
) -> None:
    service.create_person(None, name="Jan Jansen", postcode="6041 AB", birth_date=date(1950, 3, 1))
    with pytest.raises(service.DuplicatePerson) as refused:
        service.create_person(None, **{**second, "birth_date": _day(second.get("birth_date"))})
    assert refused.value.field == field


def test_a_namesake_elsewhere_or_born_another_day_is_someone_else(tenant: Any) -> None:
    service.create_person(None, name="Jan Jansen", postcode="6041 AB", birth_date=date(1950, 3, 1))
    service.create_person(None, name="Jan Jansen", postcode="6042 AB", birth_date=date(1960, 3, 1))
    service.create_person(None, name="Jan Jansen")
    assert db.session.execute(select(func.count(Person.id))).scalar_one() == 3


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def test_the_form_and_the_api_name_a_duplicate_person(
    signed_in: Any, tenant: Any, api: str
) -> None:
    page = f"/t/{tenant.slug}/people"
    first = {"name": "Jan Jansen", "postcode": "6041 AB", "birth_date": "1950-03-01"}
    assert signed_in.form(page, first, page=page).status_code == 302
    again = signed_in.form(page, {"name": "Jan Jansen", "birth_date": "1950-03-01"}, page=page)
    assert again.status_code == 422
    assert "name and date of birth is already here" in again.get_data(as_text=True)
    refused = signed_in.send("POST", f"{api}/people", {"name": "Jan Jansen", "postcode": "6041AB"})
    assert refused.status_code == 409
    assert "postcode" in refused.get_json()["errors"]["json"]["name"][0]
    assert db.session.execute(select(func.count(Person.id))).scalar_one() == 1
