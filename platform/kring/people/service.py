"""People and neighbourhoods: adding them, finding and paging them.

Lists are paged and searches limited, so choosing a person costs the same in a tenant of 240
people as in one of 24,000.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true

from kring.core import journal
from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.extensions import db
from kring.people.models import Neighbourhood, Person, normalise_postcode


class DuplicateName(ValueError):
    """Another record of this tenant already has that name."""


def create_neighbourhood(
    name: str, postcodes: list[str], cbs_code: str | None, actor_id: int | None
) -> Neighbourhood:
    """Add a neighbourhood with its postcode areas; names are unique in a tenant."""
    name = " ".join(name.split())
    if db.session.execute(select(Neighbourhood.id).where(Neighbourhood.name == name)).first():
        raise DuplicateName(name)
    neighbourhood = Neighbourhood(
        name=name,
        postcodes=sorted({normalise_postcode(p) for p in postcodes if p.strip()}),
        cbs_code=cbs_code or None,
    )
    db.session.add(neighbourhood)
    db.session.flush()
    journal.record("neighbourhood.created", neighbourhood, actor_id, name=name)
    return neighbourhood


class DuplicatePerson(ValueError):
    """Someone of this tenant already has this name and birth date, or this name and postcode:
    adding them again would split one resident's record in two."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field
        """The field that, with the name, matched: ``birth_date`` or ``postcode``."""


def duplicate_of(name: str, postcode: str | None, birth_date: date | None) -> str | None:
    """Which field, with the name, matches a person already in the tenant (any person, not only
    those the reader reaches: a duplicate is one wherever it lies); None when nobody does."""
    same_name = func.lower(Person.name) == " ".join(name.split()).lower()
    checks = [
        ("birth_date", Person.birth_date == birth_date if birth_date else None),
        ("postcode", Person.postcode == normalise_postcode(postcode) if postcode else None),
    ]
    for field, same in checks:
        if (
            same is not None
            and db.session.execute(select(Person.id).where(same_name, same).limit(1)).first()
        ):
            return field
    return None


def create_person(actor_id: int | None, **fields: Any) -> Person:
    """Add a person; a postcode is kept normalised, the name's spaces tidied. Refused with
    ``DuplicatePerson`` when the tenant has someone of the same name and birth date or postcode."""
    fields["name"] = " ".join(str(fields.get("name", "")).split())
    if fields.get("postcode"):
        fields["postcode"] = normalise_postcode(fields["postcode"])
    matched = duplicate_of(fields["name"], fields.get("postcode"), fields.get("birth_date"))
    if matched:
        raise DuplicatePerson(matched)
    person = Person(**fields)
    db.session.add(person)
    db.session.flush()
    journal.record("person.created", person, actor_id)
    return person


def neighbourhoods() -> list[Neighbourhood]:
    """The tenant's neighbourhoods by name (tens, not thousands: not paged)."""
    return list(db.session.execute(select(Neighbourhood).order_by(Neighbourhood.name)).scalars())


SEARCH_LIMIT = 20


def _matching(query: str) -> Any:
    """People whose name contains ``query``, or whose postcode starts with it."""
    words = " ".join(query.split()).lower()
    return or_(
        func.lower(Person.name).contains(words, autoescape=True),
        Person.postcode.startswith(normalise_postcode(query), autoescape=True),
    )


def page(
    number: int = 1,
    query: str = "",
    size: int = PAGE_SIZE,
    visible: ColumnElement[bool] | None = None,
) -> Page[Person]:
    """One page of the people meeting ``visible`` (the reader's reach; all by default) by
    name, optionally those matching ``query``."""
    select_people = select(Person).where(true() if visible is None else visible)
    select_people = select_people.order_by(Person.name, Person.id)
    if query.strip():
        select_people = select_people.where(_matching(query))
    return read_page(select_people, number, size)


def search(
    query: str,
    limit: int = SEARCH_LIMIT,
    exclude: set[int] | None = None,
    visible: ColumnElement[bool] | None = None,
) -> list[Person]:
    """At most ``limit`` people matching ``query`` by name or postcode among those meeting
    ``visible``, leaving out ``exclude`` (the circle's members, say): choosing a person never
    lists the whole tenant."""
    if not query.strip():
        return []
    select_people = select(Person).where(_matching(query), true() if visible is None else visible)
    select_people = select_people.order_by(Person.name, Person.id)
    if exclude:
        select_people = select_people.where(Person.id.not_in(exclude))
    return list(db.session.execute(select_people.limit(limit)).scalars())
