"""A tenant file that adds many people has the planner's statistics refreshed inside its sync,
before its circles read their members back; on a fresh database the planner otherwise took the
tenant's 2,400 people for one row and walked all of them for every member that joined."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import column, func, select, table

from kring.core.tenancy import Tenant
from kring.core.tenant_rows import outgrew_statistics, refresh_statistics
from kring.extensions import db
from kring.people.models import Person
from kring.tenants import files, sync

TODAY = date(2026, 3, 2)
PG_CLASS = table("pg_class", column("relname"), column("reltuples"))
PG_PROC = table("pg_proc", column("proname"), column("proacl"))


def _people_file(folder: Path, count: int) -> Path:
    people = "".join(f"  - name: Bewoner {i:04d}\n" for i in range(count))
    (folder / "proef.yaml").write_text(
        f"slug: proef\nname: Proef\nkind: municipality\npeople:\n{people}", encoding="utf-8"
    )
    return folder


def test_a_table_grown_past_autovacuums_threshold_asks_for_fresh_statistics() -> None:
    assert not outgrew_statistics(before=0, written=50)
    assert outgrew_statistics(before=0, written=51)
    assert not outgrew_statistics(before=2000, written=250)
    assert outgrew_statistics(before=2000, written=251)


@pytest.mark.postgres
def test_fresh_statistics_count_the_rows_the_transaction_has_not_committed(
    tenant: Tenant,
) -> None:
    db.session.add_all(Person(name=f"Bewoner {i:04d}") for i in range(1200))
    db.session.flush()
    refresh_statistics(Person)
    tuples = db.session.execute(
        select(PG_CLASS.c.reltuples).where(PG_CLASS.c.relname == Person.__tablename__)
    ).scalar()
    assert tuples is not None and tuples >= 1200


@pytest.mark.postgres
def test_a_sync_that_adds_many_people_refreshes_the_statistics_once(
    app: Flask, database: Any, tmp_path: Path, count_queries: Any
) -> None:
    host = app.extensions["kring.plugins"]
    specs = files.load_directory(_people_file(tmp_path, 80), host, True)
    for analyses in (1, 0):  # the second time nothing is new: autovacuum's picture will do
        with count_queries() as log:
            sync.apply(specs, host, TODAY)
        assert sum("kring_analyze" in s for s in log.statements) == analyses


@pytest.mark.postgres
def test_only_the_app_role_and_the_owner_may_refresh_statistics(database: Any) -> None:
    """Executing a function is everyone's by default; this one runs as the owner."""
    acl = db.session.execute(
        select(func.array_to_string(PG_PROC.c.proacl, ",")).where(
            PG_PROC.c.proname == "kring_analyze"
        )
    ).scalar_one()
    app_role = db.engine.url.username
    assert f"{app_role}=X/" in acl
    assert not any(entry.startswith("=") for entry in acl.split(","))  # PUBLIC's entry
