"""Neighbourhoods and the people who live in them: residents, volunteers and professionals.

A ``Person`` is who takes part in a circle; they may or may not have a login (``user_id``).
Postcodes are kept normalised (upper case, no spaces), so "6041 ab" and "6041AB" are one place.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kring.core.db import Model, today, utcnow
from kring.core.methodology import age_on
from kring.core.tenancy import TenantScoped

# Normalised (upper case, no spaces). A whole postcode names an address's street; an area is a
# prefix a neighbourhood is made of ("6041", "6041A", "BS1", "BS14").
_DUTCH = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_UK = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
_DUTCH_AREA = re.compile(r"^[1-9][0-9]{1,3}$|^[1-9][0-9]{3}[A-Z]{1,2}$")
_UK_AREA = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?([0-9][A-Z]{0,2})?$")


def normalise_postcode(value: str) -> str:
    """Upper case without spaces, so "6041 ab" and "6041AB" are one place."""
    return re.sub(r"\s+", "", value).upper()


def is_postcode(value: str) -> bool:
    """A whole Dutch (6041 AB) or UK (BS1 4DJ) postcode, as a person's address has one; spaces
    and case do not matter."""
    code = normalise_postcode(value)
    return bool(_DUTCH.match(code) or _UK.match(code))


def is_postcode_area(value: str) -> bool:
    """A postcode or a prefix of one that a neighbourhood is made of: "6041", "6041 A", "BS1",
    "BS1 4" (a Dutch area has at least two digits, a UK one its whole outward code)."""
    code = normalise_postcode(value)
    return bool(_DUTCH_AREA.match(code) or _UK_AREA.match(code) or is_postcode(code))


def has_happened(day: date) -> bool:
    """A birth date or a completed training lies today or before: a later one is a mistype."""
    return day <= today()


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
    erased_at: Mapped[datetime | None]
    """When the person's data was erased (``kring.privacy.erase``): the row stays, under a
    pseudonym, so that counts and attendance keep adding up."""

    # People are listed and paged by name within a tenant: an index in that order lets a page
    # be read without sorting the whole tenant.
    __table_args__ = (Index("ix_person_tenant_name", "tenant_id", "name", "id"),)

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, day)
