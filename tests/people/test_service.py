"""Finding people: pages of a fixed size, a search that never lists the whole tenant."""

from __future__ import annotations

from typing import Any

from kring.people import service as people


def _residents(count: int) -> list[Any]:
    return [
        people.create_person(None, name=f"Bewoner {n:03d}", postcode=f"6041 {n % 26 + 65:c}A")
        for n in range(count)
    ]


def test_pages_hold_a_fixed_number_and_say_whether_more_follow(tenant: Any) -> None:
    _residents(7)
    first = people.page(1, size=3)
    last = people.page(3, size=3)
    assert [p.name for p in first.items] == ["Bewoner 000", "Bewoner 001", "Bewoner 002"]
    assert first.has_next and not first.has_previous
    assert [p.name for p in last.items] == ["Bewoner 006"] and not last.has_next


def test_a_page_can_be_narrowed_to_a_name_or_a_postcode(tenant: Any) -> None:
    _residents(30)
    people.create_person(None, name="Anna de Vries", postcode="3262 AB")
    assert [p.name for p in people.page(1, "de vries").items] == ["Anna de Vries"]
    assert [p.name for p in people.page(1, "3262 a").items] == ["Anna de Vries"]


def test_search_is_limited_and_leaves_out_who_is_already_chosen(tenant: Any) -> None:
    residents = _residents(30)
    found = people.search("bewoner", limit=5, exclude={residents[0].id})
    assert len(found) == 5 and residents[0] not in found
    assert people.search("   ") == []


def test_search_treats_wildcards_as_text(tenant: Any) -> None:
    _residents(3)
    people.create_person(None, name="100% Jansen")
    assert [p.name for p in people.search("100%")] == ["100% Jansen"]
    assert people.search("_") == []
