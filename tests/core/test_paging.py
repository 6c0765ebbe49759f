"""A list already read whole is shown a page at a time, like a query's pages."""

from __future__ import annotations

from kring.core.paging import MAX_PAGE, slice_page


def test_a_list_is_sliced_into_pages_that_say_whether_another_follows() -> None:
    tenants = list(range(120))
    first = slice_page(tenants, 1)
    assert first.items == list(range(50)) and first.has_next and not first.has_previous
    last = slice_page(tenants, 3)
    assert last.items == list(range(100, 120)) and not last.has_next and last.has_previous
    assert slice_page(tenants, 0).number == 1
    assert slice_page(tenants, MAX_PAGE + 5).number == MAX_PAGE
    assert slice_page(tenants, 9).items == []
