"""Neighbourhoods and the people who live in them: residents, volunteers and professionals.

A ``Person`` is who takes part in a circle; they may or may not have a login (``user_id``).
Postcodes are kept normalised (upper case, no spaces), so "6041 ab" and "6041AB" are one place.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from kring.core import journal
from kring.core.db import Model, utcnow
from kring.core.tenancy import TenantScoped
from kring.extensions import db

_POSTCODE = re.compile(r"^[A-Z0-9]{2,8}$")


def age_on(birth_date: date | None, day: date) -> int | None:
    """Age in whole years on ``day``; someone born on 29 February turns a year older on 1 March
    in years without one."""
    if birth_date is None:
        return None
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def normalise_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def is_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))


class Neighbourhood(TenantScoped, Model):
    """A neighbourhood a circle lives in; ``postcodes`` are prefixes ("6041", "6042AB", "BS1")."""

    __tablename__ = "neighbourhood"

    name: Mapped[str] = mapped_column(String(200))
    cbs_code: Mapped[str | None] = mapped_column(String(20))
    """Statistics Netherlands' wijk or buurt code (WK/BU...), where there is one."""
    postcodes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    def contains(self, postcode: str | None) -> bool:
        """Whether a postcode lies inside: it starts with one of the neighbourhood's prefixes."""
        if not postcode:
            return False
        code = normalise_postcode(postcode)
        return any(code.startswith(prefix) for prefix in self.postcodes)


class Person(TenantScoped, Model):
    """Someone who takes part in circles. Personal data: keep to what the work needs."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    birth_date: Mapped[date | None]
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, day)


class TrainingRecord(TenantScoped, Model):
    """A person completed one of a methodology's trainings (a mandatory course, say)."""

    __tablename__ = "training_record"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    training_key: Mapped[str] = mapped_column(String(60))
    completed_on: Mapped[date]

    __table_args__ = (UniqueConstraint("tenant_id", "person_id", "training_key"),)


class DuplicateName(ValueError):
    """Another record of this tenant already has that name."""


def create_neighbourhood(
    name: str, postcodes: list[str], cbs_code: str | None, actor_id: int | None
) -> Neighbourhood:
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
