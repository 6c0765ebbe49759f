"""People and neighbourhoods: adding them, recording trainings, finding and paging them.

Lists are paged and searches limited, so choosing a person costs the same in a tenant of 240
people as in one of 24,000.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from kring.core import journal
from kring.extensions import db
from kring.people.models import Neighbourhood, Person, TrainingRecord, normalise_postcode


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


def create_person(actor_id: int | None, **fields: Any) -> Person:
    """Add a person; a postcode is kept normalised."""
    if fields.get("postcode"):
        fields["postcode"] = normalise_postcode(fields["postcode"])
    person = Person(**fields)
    db.session.add(person)
    db.session.flush()
    journal.record("person.created", person, actor_id)
    return person


def record_training(person: Person, training_key: str, completed_on: date) -> TrainingRecord:
    """Record a completed training; recording it again keeps the first record."""
    existing = db.session.execute(
        select(TrainingRecord).where(
            TrainingRecord.person_id == person.id, TrainingRecord.training_key == training_key
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    record = TrainingRecord(
        person_id=person.id, training_key=training_key, completed_on=completed_on
    )
    db.session.add(record)
    db.session.flush()
    return record


def neighbourhoods() -> list[Neighbourhood]:
    """The tenant's neighbourhoods by name (tens, not thousands: not paged)."""
    return list(db.session.execute(select(Neighbourhood).order_by(Neighbourhood.name)).scalars())


PAGE_SIZE = 50
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, its number (from 1), and whether another follows."""

    items: list[Person]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def _matching(query: str) -> Any:
    """People whose name contains ``query``, or whose postcode starts with it."""
    words = " ".join(query.split()).lower()
    return or_(
        func.lower(Person.name).contains(words, autoescape=True),
        Person.postcode.startswith(normalise_postcode(query), autoescape=True),
    )


def page(number: int = 1, query: str = "", size: int = PAGE_SIZE) -> Page:
    """One page of the tenant's people by name, optionally those matching ``query``.

    Reads one row more than it shows to know whether a next page exists, instead of counting
    every person of the tenant.
    """
    number = max(number, 1)
    select_people = select(Person).order_by(Person.name, Person.id)
    if query.strip():
        select_people = select_people.where(_matching(query))
    rows = list(
        db.session.execute(select_people.offset((number - 1) * size).limit(size + 1)).scalars()
    )
    return Page(rows[:size], number, len(rows) > size)


def search(query: str, limit: int = SEARCH_LIMIT, exclude: set[int] | None = None) -> list[Person]:
    """At most ``limit`` people matching ``query`` by name or postcode, leaving out ``exclude``
    (the circle's members, say): choosing a person never lists the whole tenant."""
    if not query.strip():
        return []
    select_people = select(Person).where(_matching(query)).order_by(Person.name, Person.id)
    if exclude:
        select_people = select_people.where(Person.id.not_in(exclude))
    return list(db.session.execute(select_people.limit(limit)).scalars())


def trainings_of(person: Person) -> list[TrainingRecord]:
    """A person's completed trainings, oldest first."""
    return list(
        db.session.execute(
            select(TrainingRecord)
            .where(TrainingRecord.person_id == person.id)
            .order_by(TrainingRecord.completed_on)
        ).scalars()
    )
