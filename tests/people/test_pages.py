"""The people list is paged and searched on the server, so it costs the same in a small and a
large tenant."""

from __future__ import annotations

from typing import Any

from kring.people import service as people


def _residents(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        people.create_person(None, name=f"Bewoner {n:03d}", postcode="6041AB")


def test_people_list_shows_one_page_with_a_link_to_the_next(signed_in: Any, tenant: Any) -> None:
    _residents(people.PAGE_SIZE + 3)
    html = signed_in.get(f"/t/{tenant.slug}/people").get_data(as_text=True)
    assert "Bewoner 049" in html and "Bewoner 050" not in html
    assert 'rel="next"' in html and f"/t/{tenant.slug}/people?page=2" in html
    second = signed_in.get(f"/t/{tenant.slug}/people?page=2").get_data(as_text=True)
    assert "Bewoner 050" in second and "Bewoner 052" in second and 'rel="next"' not in second


def test_people_list_searches_by_name_and_keeps_the_search_when_paging(
    signed_in: Any, tenant: Any
) -> None:
    _residents(3)
    people.create_person(None, name="Anna de Vries", postcode="3262AB")
    html = signed_in.get(f"/t/{tenant.slug}/people?q=vries").get_data(as_text=True)
    assert "Anna de Vries" in html and "Bewoner 000" not in html
    nobody = signed_in.get(f"/t/{tenant.slug}/people?q=zzz").get_data(as_text=True)
    assert "Nobody found" in nobody


def test_a_page_number_that_is_no_number_shows_the_first_page(signed_in: Any, tenant: Any) -> None:
    _residents(2)
    for number in ("abc", "-1", "99999999999999999999"):
        response = signed_in.get(f"/t/{tenant.slug}/people?page={number}")
        assert response.status_code == 200
        assert "Bewoner 000" in response.get_data(as_text=True)


def test_people_list_query_count_does_not_grow_with_the_tenant(
    signed_in: Any, tenant: Any, count_queries: Any
) -> None:
    _residents(5)
    with count_queries() as few:
        signed_in.get(f"/t/{tenant.slug}/people")
    _residents(120, start=5)
    with count_queries() as many:
        html = signed_in.get(f"/t/{tenant.slug}/people").get_data(as_text=True)
    assert many.count == few.count
    assert html.count("<tr>") <= people.PAGE_SIZE + 1
