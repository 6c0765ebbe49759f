"""One tenant's backup and restore (``kring tenants backup`` / ``restore``), on PostgreSQL.

The tenant is a demo tenant with all its areas' invented life, so every kind of column (dates,
times, enums, JSON, binary) goes through the file. Restoring after the tenant was removed must
give back every row exactly; the rest of the database must not notice.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Table, Text, cast, func, select

from kring.core.db import today
from kring.core.tenancy import Tenant, system_scope, tenant_by_slug
from kring.core.tenant_rows import delete_tenant, tenant_tables
from kring.extensions import db
from kring.tenants import files, sync
from kring.tenants.backup import BackupError, backup, read_manifest, restore
from kring.tenants.cli import _bring_to_life, tenants

pytestmark = pytest.mark.postgres

TENANTS = Path(__file__).resolve().parents[2] / "tenants"
SLUG = "duurveld"


@pytest.fixture
def demo(app: Flask, database: Any) -> Tenant:
    """The Duurveld demo tenant with its months of life, committed to the test's transaction."""
    host = app.extensions["kring.plugins"]
    specs = [s for s in files.load_directory(TENANTS, host, True) if s.slug == SLUG]
    with app.test_request_context():
        sync.apply(specs, host, today())
        _bring_to_life([SLUG])
    with system_scope("the test reads the demo tenant back"):
        tenant = tenant_by_slug(SLUG)
    assert tenant is not None
    return tenant


def snapshot(tenant_id: int) -> dict[str, list[str]]:
    """Every row of the tenant, table by table, as PostgreSQL writes it in JSON."""
    rows: dict[str, list[str]] = {}
    tables: list[Table] = [Tenant.__table__, *tenant_tables()]  # type: ignore[list-item]
    with system_scope("the test compares the tenant's rows"):
        for table in tables:
            column = table.c.id if table is Tenant.__table__ else table.c.tenant_id
            found = db.session.execute(
                select(cast(func.row_to_json(table.table_valued()), Text)).where(
                    column == tenant_id
                )
            ).scalars()
            rows[table.name] = sorted(found)
    return rows


def test_a_removed_tenant_comes_back_row_for_row(demo: Tenant, tmp_path: Path) -> None:
    before = snapshot(demo.id)
    assert sum(len(r) for r in before.values()) > 300, "the demo should be rich"
    with system_scope("the test looks at the other tenants"):
        others = db.session.execute(select(func.count(Tenant.id))).scalar_one() - 1
    file = tmp_path / "duurveld.kring-backup.gz"

    manifest = backup(SLUG, file)
    assert manifest.rows["tenant"] == 1
    assert manifest.rows["circle"] == len(before["circle"]) > 0
    with system_scope("the test removes the tenant"):
        delete_tenant(demo)
    assert all(not rows for rows in snapshot(demo.id).values())

    restore(file)
    assert snapshot(demo.id) == before
    with system_scope("the test looks at the other tenants"):
        assert db.session.execute(select(func.count(Tenant.id))).scalar_one() - 1 == others


def test_a_tenant_that_is_here_is_replaced_only_when_asked(demo: Tenant, tmp_path: Path) -> None:
    file = tmp_path / "backup.gz"
    backup(SLUG, file)
    before = snapshot(demo.id)
    with pytest.raises(BackupError, match="--replace"):
        restore(file)
    with system_scope("the test damages the tenant"):
        demo.name = "Beschadigd"
        db.session.flush()
    restore(file, replace=True)
    assert snapshot(demo.id) == before


def test_a_backup_of_another_schema_or_a_broken_file_is_refused(
    demo: Tenant, tmp_path: Path
) -> None:
    file = tmp_path / "backup.gz"
    backup(SLUG, file)
    with gzip.open(file, "rt") as source:
        lines = source.read().splitlines()
    manifest = json.loads(lines[0])

    older = tmp_path / "older.gz"
    with gzip.open(older, "wt") as out:
        out.write("\n".join([json.dumps({**manifest, "revision": "0001a"}), *lines[1:]]) + "\n")
    with pytest.raises(BackupError, match="schema 0001a"):
        restore(older, replace=True)

    cut = tmp_path / "cut.gz"
    with gzip.open(cut, "wt") as out:
        out.write("\n".join(lines[:-5]) + "\n")
    with pytest.raises(BackupError, match="incomplete"):
        restore(cut, replace=True)

    junk = tmp_path / "junk.gz"
    junk.write_text("not a backup")
    with pytest.raises(BackupError, match="not a readable"):
        read_manifest(junk)


def test_the_commands_say_what_they_did_and_why_not(
    app: Flask, demo: Tenant, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    file = tmp_path / "backup.gz"
    done = runner.invoke(tenants, ["backup", SLUG, str(file)])
    assert done.exit_code == 0, done.output
    assert f"of {SLUG} to" in done.output
    refused = runner.invoke(tenants, ["restore", str(file)])
    assert refused.exit_code == 1
    assert "restore with --replace" in refused.output
    unknown = runner.invoke(tenants, ["backup", "no-such-tenant", str(file)])
    assert "no tenant 'no-such-tenant'" in unknown.output
