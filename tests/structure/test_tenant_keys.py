"""The third wall: a key from one tenant table to another includes the tenant.

``(tenant_id, x_id) REFERENCES x (tenant_id, id)``, with ``UNIQUE (tenant_id, id)`` on every
tenant table, lets the database itself refuse a row that points into another tenant, even when the
ORM and row-level security are bypassed. Checked on the models for every table (a table added
later included), on the live PostgreSQL schema, and by trying it as the schema owner.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import (
    Connection,
    ForeignKeyConstraint,
    Table,
    UniqueConstraint,
    create_engine,
    func,
    insert,
    inspect,
    select,
    true,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import configure_mappers

from kring.core.db import configure_sqlite
from kring.core.tenancy import PARTITIONED_BY
from kring.extensions import db
from tests.structure.tables import GLOBAL_TABLES, tenant_tables

TENANT_TABLES = tenant_tables()
TENANT_TABLE_NAMES = {table.name for table in TENANT_TABLES}


def _key_problem(table: str, columns: list[str], target: str, refers_to: list[str]) -> str | None:
    """Why a key into a tenant table is not the composite one, or None when it is."""
    pairs = set(zip(columns, refers_to, strict=True))
    own = [c for c in columns if c != "tenant_id"]
    if len(columns) != 2 or ("tenant_id", "tenant_id") not in pairs or (own[0], "id") not in pairs:
        return f"{table} ({', '.join(columns)}) -> {target} ({', '.join(refers_to)})"
    return None


@pytest.mark.parametrize("table", TENANT_TABLES, ids=lambda t: t.name)
def test_tenant_table_is_unique_on_tenant_and_id(table: Table) -> None:
    uniques = [set(c.columns.keys()) for c in table.constraints if isinstance(c, UniqueConstraint)]
    if PARTITIONED_BY in table.info:  # a partitioned log: nothing may point at it
        referring = [
            t.name for t in TENANT_TABLES for fk in t.foreign_keys if fk.column.table is table
        ]
        assert not referring and {"tenant_id", "id"} not in uniques
        return
    assert {"tenant_id", "id"} in uniques, f"{table.name}: needs UNIQUE (tenant_id, id)"


@pytest.mark.parametrize("table", TENANT_TABLES, ids=lambda t: t.name)
def test_keys_into_tenant_tables_include_the_tenant_on_both_sides(table: Table) -> None:
    keys = [
        fk
        for fk in table.constraints
        if isinstance(fk, ForeignKeyConstraint) and fk.referred_table.name in TENANT_TABLE_NAMES
    ]
    problems = [
        _key_problem(
            table.name,
            [e.parent.name for e in fk.elements],
            fk.referred_table.name,
            [e.column.name for e in fk.elements],
        )
        for fk in keys
    ]
    assert not any(problems), f"use tenant_key(): {[p for p in problems if p]}"
    # A composite SET NULL would null tenant_id too (see kring.core.tenancy.tenant_key).
    assert all((fk.ondelete or "").upper() in ("", "CASCADE", "RESTRICT") for fk in keys)


def test_relationships_never_copy_tenant_id_from_the_row_they_point_at(app: Flask) -> None:
    """A relationship over a composite key, left to itself, would write the related row's
    tenant_id into this one at flush: moving a row to another tenant behind the ORM wall's back.
    ``relationship(X, foreign_keys=[x_id])`` keeps it to the key's own column."""
    configure_mappers()
    copying = [
        str(rel)
        for mapper in db.Model.registry.mappers
        for rel in mapper.relationships
        if any(
            written.name == "tenant_id"
            for _, written in (*rel.synchronize_pairs, *(rel.secondary_synchronize_pairs or ()))
        )
    ]
    assert not copying, f"these relationships copy tenant_id: {copying}"


@pytest.fixture(scope="module")
def schema_owner(app: Flask) -> Iterator[Engine]:
    """The schema owner's engine; on SQLite with foreign keys on, as the app has them."""
    engine = create_engine(app.extensions["kring.config"].owner_sqlalchemy_url)
    configure_sqlite(engine)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_live_schema_keys_into_tenant_tables_include_the_tenant(schema_owner: Engine) -> None:
    inspector = inspect(schema_owner)
    partitioned = {t.name for t in TENANT_TABLES if PARTITIONED_BY in t.info}
    live = {
        table
        for table in inspector.get_table_names()
        if any(c["name"] == "tenant_id" for c in inspector.get_columns(table))
        and not any(table.startswith(f"{parent}_") for parent in partitioned)
        and table not in GLOBAL_TABLES
    }
    assert live == TENANT_TABLE_NAMES, "the schema and the models disagree on the tenant tables"
    problems = []
    for table in sorted(live):
        uniques = [set(u["column_names"]) for u in inspector.get_unique_constraints(table)]
        if {"tenant_id", "id"} not in uniques and table not in partitioned:
            problems.append(f"{table}: no UNIQUE (tenant_id, id)")
        for fk in inspector.get_foreign_keys(table):
            if fk["referred_table"] in live:
                problems.append(
                    _key_problem(
                        table,
                        fk["constrained_columns"],
                        fk["referred_table"],
                        fk["referred_columns"],
                    )
                    or ""
                )
    assert not any(problems), [p for p in problems if p]


def _insert(c: Connection, table: str, **values: Any) -> int:
    key = c.execute(insert(db.metadata.tables[table]).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def _tenant_with_a_circle(c: Connection) -> dict[str, int]:
    """A tenant, and in it a circle and a person, written with Core: no ORM wall in the way."""
    tenant = _insert(c, "tenant", slug=f"fk-{uuid.uuid4().hex[:8]}", name="FK", kind="municipality")
    organisation = _insert(c, "organisation", tenant_id=tenant, name="Zorg")
    neighbourhood = _insert(c, "neighbourhood", tenant_id=tenant, name="Wijk", postcodes=[])
    circle = _insert(
        c,
        "circle",
        tenant_id=tenant,
        name="Kring",
        methodology_key="proefkring",
        organisation_id=organisation,
        neighbourhood_id=neighbourhood,
        phase="start",
        phase_since=date(2026, 3, 2),
    )
    person = _insert(c, "person", tenant_id=tenant, name="Buur")
    return {"tenant_id": tenant, "circle_id": circle, "person_id": person}


@pytest.mark.parametrize("key", ["person_id", "intake_by_id", "circle_id"])
def test_database_refuses_a_key_into_another_tenant_when_the_orm_is_bypassed(
    schema_owner: Engine, key: str
) -> None:
    """As the schema owner in a system transaction (PostgreSQL in ``make test``, SQLite in quick
    runs): row-level security lets every row through, so only the composite key can refuse."""
    with schema_owner.connect() as c:
        c.begin()
        if c.dialect.name == "postgresql":
            c.execute(select(func.set_config("kring.system", "on", true())))
        a, b = _tenant_with_a_circle(c), _tenant_with_a_circle(c)
        member = {
            "tenant_id": a["tenant_id"],
            "circle_id": a["circle_id"],
            "person_id": a["person_id"],
            "role": "deelnemer",
            "status": "active",
            "joined_on": date(2026, 3, 2),
            "attributes": {},
        }
        foreign = b["person_id"] if key == "intake_by_id" else b[key]
        refused = r"fk_circle_member_|FOREIGN KEY constraint failed"
        with pytest.raises(IntegrityError, match=refused), c.begin_nested():
            _insert(c, "circle_member", **{**member, key: foreign})
        own = a["person_id"] if key == "intake_by_id" else a[key]
        assert _insert(c, "circle_member", **{**member, key: own})  # in its own tenant: fine
        c.rollback()
