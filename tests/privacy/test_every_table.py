"""Every table that can hold something of a person says how it is exported and erased.

The walk reads the metadata, not a list: a table with a key to a person or a login, or a
column named like a name, an address, a phone number, a birth date or a note, fails here until
its area declares it in ``Module.personal`` (``kring.core.personal``)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Column, Table

from kring.app import CORE_MODELS, MODULES
from kring.core.personal import Erase
from kring.extensions import db
from kring.module import load
from kring.privacy.declared import declarations

PERSON_LIKE = re.compile(
    r"(^|_)(name|first_name|last_name|e?mail|phone|mobile|address|street|postcode|birth"
    r"|notes?|remark|recipient|contact)(_|$|s$)"
)
"""Column names a reviewer reads as personal data."""

PEOPLE_KEYS = {"person_id", "user_id", "on_behalf_of_id"}
"""Column names that hold a person or a login without a foreign key (the append-only logs)."""


def _tables() -> list[Table]:
    for path in (*CORE_MODELS, *(m for module in MODULES for m in module.models)):
        load(path)
    return sorted(db.metadata.tables.values(), key=lambda t: t.name)


def _points_at_a_person(column: Column) -> bool:  # type: ignore[type-arg]
    targets = {fk.target_fullname.split(".")[0] for fk in column.foreign_keys}
    if column.name == "tenant_id":
        return False
    return bool(targets & {"person", "user_account"}) or (
        column.name in PEOPLE_KEYS or column.name.endswith("_by_id")
    )


def person_columns(table: Table) -> set[str]:
    """The columns of a table that can hold something of a person."""
    return {c.name for c in table.columns if _points_at_a_person(c) or PERSON_LIKE.search(c.name)}


DECLARED = declarations(MODULES)


@pytest.mark.parametrize("table", _tables(), ids=lambda t: t.name)
def test_every_person_column_is_declared_for_export_and_erasure(table: Table) -> None:
    columns = person_columns(table)
    if not columns:
        return
    declared = DECLARED.get(table.name)
    assert declared is not None, (
        f"{table.name} holds {sorted(columns)}: declare it in its area's Module.personal "
        "(kring.core.personal) so the export and the erasure handle it"
    )
    if declared.erase is Erase.delete:
        return  # the whole row goes, every column with it
    missing = columns - declared.accounted()
    assert not missing, f"{table.name}: say how {sorted(missing)} are exported and erased"


@pytest.mark.parametrize("declared", list(DECLARED.values()), ids=lambda d: d.table)
def test_every_declared_column_exists(declared: object) -> None:
    tables = {t.name: t for t in _tables()}
    table = tables.get(declared.table)  # type: ignore[attr-defined]
    assert table is not None, f"{declared.table} is declared but no model maps it"  # type: ignore[attr-defined]
    names = set(table.columns.keys())
    unknown = declared.accounted() - names  # type: ignore[attr-defined]
    assert not unknown, f"{table.name} declares columns it does not have: {sorted(unknown)}"
    if declared.parent is not None:  # type: ignore[attr-defined]
        assert declared.parent[1] in DECLARED  # type: ignore[attr-defined]


def test_a_new_table_with_a_person_fails_until_declared() -> None:
    from sqlalchemy import ForeignKey, Integer, MetaData, String

    table = Table(
        "example_note",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("person_id", Integer, ForeignKey("person.id")),
        Column("note", String),
    )
    assert person_columns(table) == {"person_id", "note"}
    assert "example_note" not in DECLARED
