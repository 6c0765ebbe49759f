"""Neighbourhoods, people and trainings through the JSON API; people come a page at a time."""

from __future__ import annotations

from typing import Any

from kring.people import service as people
from kring.testing.builders import organisation_with


def test_neighbourhoods_and_trainings(signed_in: Any, api: str) -> None:
    organisation_with("proefkring")  # its trainings are this tenant's
    created = signed_in.send(
        "POST", f"{api}/neighbourhoods", {"name": "Noord", "postcodes": ["6041 AB"]}
    )
    assert created.get_json()["postcodes"] == ["6041AB"]
    assert signed_in.send("POST", f"{api}/neighbourhoods", {"name": "Noord"}).status_code == 409
    person = signed_in.send("POST", f"{api}/people", {"name": "Leerling", "postcode": "1234AB"})
    assert person.status_code == 201
    trainings = f"{api}/people/{person.get_json()['id']}/trainings"
    ok = signed_in.send("POST", trainings, {"training": "basis", "completed_on": "2026-01-05"})
    assert ok.status_code == 201
    bad = signed_in.send("POST", trainings, {"training": "yoga", "completed_on": "2026-01-05"})
    assert bad.status_code == 422 and "training" in bad.get_json()["errors"]["json"]


def test_people_come_a_page_at_a_time_with_a_link_to_the_next(signed_in: Any, api: str) -> None:
    for n in range(5):
        people.create_person(None, name=f"Bewoner {n}", postcode="6041AB")
    first = signed_in.get(f"{api}/people?per_page=2")
    assert [p["name"] for p in first.get_json()] == ["Bewoner 0", "Bewoner 1"]
    link = first.headers["Link"]
    assert 'rel="next"' in link and "page=2" in link and "per_page=2" in link
    last = signed_in.get(f"{api}/people?per_page=2&page=3")
    assert [p["name"] for p in last.get_json()] == ["Bewoner 4"] and "Link" not in last.headers


def test_people_search_through_the_api(signed_in: Any, api: str) -> None:
    people.create_person(None, name="Anna de Vries", postcode="3262AB")
    people.create_person(None, name="Bert Bakker", postcode="6041AB")
    found = signed_in.get(f"{api}/people?q=3262").get_json()
    assert [p["name"] for p in found] == ["Anna de Vries"]


def test_paging_arguments_out_of_range_name_the_field(signed_in: Any, api: str) -> None:
    too_many = signed_in.get(f"{api}/people?per_page=5000")
    assert too_many.status_code == 422
    assert "per_page" in too_many.get_json()["errors"]["query"]
    assert signed_in.get(f"{api}/people?page=0").status_code == 422
