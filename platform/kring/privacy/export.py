"""Everything Kring holds about one person, table by table (AVG/GDPR articles 15 and 20): the
rows about them and the rows of others that name them, as the areas declared them
(``Module.personal``). One query per declared table, however much there is."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import force_locale
from sqlalchemy import or_, select

from kring.core.db import utcnow
from kring.core.tenancy import current_tenant_id
from kring.extensions import db
from kring.people.models import Person
from kring.privacy.declared import Subject, about, declarations, in_order, model_of, naming


@dataclass(frozen=True)
class Section:
    """The rows of one table that hold something of the person."""

    table: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class PersonalExport:
    """A person's data as it leaves Kring: the same for the JSON, the PDF and the API."""

    person_id: int
    name: str
    tenant_id: int | None
    exported_at: datetime
    erased_at: datetime | None
    sections: tuple[Section, ...]

    @property
    def record_count(self) -> int:
        """How many rows went into the file."""
        return sum(len(section.rows) for section in self.sections)

    def as_json(self) -> dict[str, Any]:
        """The export as plain JSON: one key per table, each row with every column."""
        return {
            "person_id": self.person_id,
            "name": self.name,
            "exported_at": plain(self.exported_at),
            "erased_at": plain(self.erased_at),
            "tables": {s.table: {"title": s.title, "rows": list(s.rows)} for s in self.sections},
        }


def subject(person: Person) -> Subject:
    """Who to look for, read now (before an erasure changes the person)."""
    return Subject(
        person_id=person.id,
        user_id=person.user_id,
        values={"name": person.name, "postcode": person.postcode},
    )


def export(person: Person, locale: str) -> PersonalExport:
    """Every declared table's rows about ``person`` or naming them, titles in ``locale``."""
    found = declarations()
    who = subject(person)
    sections = []
    for declared in in_order(found):
        if not declared.finds_rows:
            continue
        model = model_of(declared.table)
        rows = db_rows(model, or_(about(declared, who, found), naming(declared, who)))
        if not rows:
            continue
        columns = tuple(c.name for c in model.__table__.columns if c.name not in declared.secret)
        with force_locale(locale):
            title = str(declared.title)
        sections.append(
            Section(
                table=declared.table,
                title=title,
                columns=columns,
                rows=tuple(
                    {c: plain(getattr(row, _attribute(model, c))) for c in columns} for row in rows
                ),
            )
        )
    return PersonalExport(
        person_id=person.id,
        name=person.name,
        tenant_id=current_tenant_id(),
        exported_at=utcnow(),
        erased_at=person.erased_at,
        sections=tuple(sections),
    )


def db_rows(model: Any, condition: Any) -> list[Any]:
    """The model's rows meeting ``condition``, oldest first."""
    return list(db.session.execute(select(model).where(condition).order_by(model.id)).scalars())


def _as_row(model: Any, row: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: plain(getattr(row, _attribute(model, c))) for c in columns}


def _attribute(model: Any, column: str) -> str:
    """The mapped attribute of a column (they are named alike, except where a model says)."""
    for attribute in model.__mapper__.column_attrs:
        if attribute.columns[0].name == column:
            return str(attribute.key)
    return column


def plain(value: Any) -> Any:
    """A column's value as JSON holds it: dates and times as ISO text, choices as their key."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value
