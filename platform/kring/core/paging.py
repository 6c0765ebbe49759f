"""One page of a list, read without counting the whole list.

Lists are paged so that a page costs the same in a tenant of 240 people as in one of 24,000:
a page reads one row more than it shows to know whether another page follows, instead of
counting every row of the tenant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select

from kring.extensions import db

T = TypeVar("T")

PAGE_SIZE = 50
MAX_PAGE = 100_000
"""The last page number a request may name; beyond it a number names no page."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """The rows of one page, its number (from 1), and whether another page follows."""

    items: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def read_page(query: Select[*tuple[Any, ...]], number: int = 1, size: int = PAGE_SIZE) -> Page[Any]:
    """Page ``number`` of an ordered ``query``: entities when it selects one, else rows."""
    number = min(max(number, 1), MAX_PAGE)
    result = db.session.execute(query.offset((number - 1) * size).limit(size + 1))
    rows = list(result.scalars() if len(query.column_descriptions) == 1 else result.all())
    return Page(rows[:size], number, len(rows) > size)


def slice_page(items: list[T], number: int = 1, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``number`` of a list already read whole (a row per tenant, say): the page a person
    can read, and a page's rendering that does not grow with the list."""
    number = min(max(number, 1), MAX_PAGE)
    start = (number - 1) * size
    return Page(items[start : start + size], number, len(items) > start + size)
