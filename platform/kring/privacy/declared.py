"""The areas' declarations (``Module.personal``) read as one: which rows of which table are a
person's, and which name them. The export and the erasure both ask here, so they can never
disagree about what a table holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select

from kring.core.db import Model
from kring.core.personal import PersonalData
from kring.extensions import db
from kring.module import Module


@dataclass(frozen=True)
class Subject:
    """Who the rows are looked for: a person's id, their login and what the declarations'
    ``match`` columns compare against (read before anything is erased)."""

    person_id: int
    user_id: int | None
    values: dict[str, Any]


def declarations(modules: list[Module] | None = None) -> dict[str, PersonalData]:
    """Every table's declaration by table name; a table declared twice is a mistake."""
    found: dict[str, PersonalData] = {}
    for module in modules if modules is not None else current_app.extensions["kring.modules"]:
        for declared in module.personal:
            if declared.table in found:
                raise ValueError(f"{module.name!r} declares table {declared.table!r} again")
            found[declared.table] = declared
    return found


def model_of(table: str) -> Any:
    """The mapped class of a table."""
    for mapper in Model.registry.mappers:
        if getattr(mapper.local_table, "name", None) == table:
            return mapper.class_
    raise LookupError(f"no model maps table {table!r}")


def in_order(found: dict[str, PersonalData]) -> list[PersonalData]:
    """The declarations in the order the metadata sorts their tables: parents before the rows
    that point at them (the erasure walks it backwards)."""
    order = {table.name: i for i, table in enumerate(db.metadata.sorted_tables)}
    return sorted(found.values(), key=lambda d: order.get(d.table, len(order)))


def about(declared: PersonalData, who: Subject, found: dict[str, PersonalData]) -> Any:
    """A condition on the table for the rows about the person (erasure applies to these)."""
    model = model_of(declared.table)
    conditions: list[ColumnElement[bool]] = [
        getattr(model, column) == who.person_id for column in declared.person
    ]
    if who.user_id is not None:
        conditions += [getattr(model, column) == who.user_id for column in declared.login]
    conditions += [
        and_(getattr(model, id_column) == who.person_id, getattr(model, type_column) == kind)
        for id_column, type_column, kind in declared.typed
    ]
    if declared.parent is not None:
        column, table = declared.parent
        conditions.append(getattr(model, column).in_(ids_about(found[table], who, found)))
    if declared.match:
        conditions.append(_matching(model, declared, who))
    return or_(*conditions) if conditions else false()


def ids_about(declared: PersonalData, who: Subject, found: dict[str, PersonalData]) -> Select[Any]:
    """The ids of the rows about the person, as a subquery."""
    model = model_of(declared.table)
    return select(model.id).where(about(declared, who, found))


def naming(declared: PersonalData, who: Subject) -> Any:
    """A condition for rows of someone else's that name the person or their login (their
    work on another's record): exported, never erased."""
    model = model_of(declared.table)
    conditions: list[ColumnElement[bool]] = [
        getattr(model, column) == who.person_id for column in declared.names
    ]
    if who.user_id is not None:
        conditions += [getattr(model, column) == who.user_id for column in declared.by]
    return or_(*conditions) if conditions else false()


def _matching(model: Any, declared: PersonalData, who: Subject) -> ColumnElement[bool]:
    """Rows naming a resident by hand: every ``match`` column equal to what the person has,
    names without regard to case or spaces around them; a value the person lacks is not
    compared, and a person with none of them matches nothing."""
    parts: list[ColumnElement[bool]] = []
    for column, attribute in declared.match.items():
        value = who.values.get(attribute)
        if value is None:
            continue
        field = getattr(model, column)
        if isinstance(value, str):
            parts.append(func.lower(func.trim(field)) == value.strip().lower())
        else:
            parts.append(field == value)
    return and_(*parts) if parts else false()
