"""The list a rights request starts from: the people whose data the reader may hand over or
erase, searched by name or postcode and paged, so finding the person who asks costs the same
in any tenant. Who is on it is the policy's (``policy.rights_people``); this only reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement

from kring.core.paging import PAGE_SIZE, Page
from kring.people import service as people


@dataclass(frozen=True)
class RightsRow:
    """One person on the list, with what the reader may do for them."""

    id: int
    name: str
    postcode: str | None
    erased_at: datetime | None
    may_erase: bool


def rights_page(
    visible: ColumnElement[bool],
    number: int = 1,
    query: str = "",
    size: int = PAGE_SIZE,
    own_person_ids: frozenset[int] = frozenset(),
    may_erase: bool = False,
) -> Page[RightsRow]:
    """Page ``number`` of the people meeting ``visible`` (one query): ``may_erase`` when the
    reader may erase at all, never for their own person (``policy.may_erase``)."""
    found = people.page(number, query, size, visible=visible)
    rows = [
        RightsRow(
            id=p.id,
            name=p.name,
            postcode=p.postcode,
            erased_at=p.erased_at,
            may_erase=may_erase and p.id not in own_person_ids and p.erased_at is None,
        )
        for p in found.items
    ]
    return Page(rows, found.number, found.has_next)
