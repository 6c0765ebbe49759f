"""``kring bench seed``: counts as planned, the same rows on every run, pages that render the
seeded data, a schema left exactly as it was, and a clear refusal on SQLite.

The tests seed the ``tiny`` scale (4 tenants, 20 circles): the same code as ``national``, in
seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text

from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.tenants import benchseed
from kring.tenants.benchseed import facts
from kring.testing.seeded import owner_engine, remove_seed, seeded, system

SCALE = benchseed.SCALES["tiny"]

SCHEMA = """
SELECT 'index', c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid::text
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()
UNION ALL
SELECT 'constraint', conname, pg_get_constraintdef(oid), convalidated::text
FROM pg_constraint WHERE connamespace = CAST(current_schema() AS regnamespace)
UNION ALL
SELECT 'table', relname, relrowsecurity::text, relforcerowsecurity::text
FROM pg_class WHERE relnamespace = CAST(current_schema() AS regnamespace) AND relkind IN ('r', 'p')
ORDER BY 1, 2, 3
"""

# The seeded rows by what they are, never by id: ids follow the sequences, which move on.
CHECKSUM = """
SELECT md5(string_agg(line, '|' ORDER BY line)) FROM (
  SELECT t.slug || c.name || c.methodology_key || c.phase || p.name || p.postcode || m.role
         || coalesce(u.email, '') AS line
  FROM circle_member m JOIN circle c ON c.id = m.circle_id JOIN tenant t ON t.id = c.tenant_id
  JOIN person p ON p.id = m.person_id LEFT JOIN user_account u ON u.id = p.user_id
  WHERE t.slug LIKE 'bench-%'
  UNION ALL
  SELECT t.slug || c.name || g.starts_at::text || p.name || a.status
  FROM meeting_attendance a JOIN meeting g ON g.id = a.meeting_id
  JOIN circle c ON c.id = g.circle_id JOIN tenant t ON t.id = c.tenant_id
  JOIN person p ON p.id = a.person_id WHERE t.slug LIKE 'bench-%'
  UNION ALL
  SELECT t.slug || o.idempotency_key || o.due_at::text || coalesce(o.sent_at::text, '-')
         || coalesce(o.failed_at::text, '-')
  FROM outbox_message o JOIN tenant t ON t.id = o.tenant_id WHERE t.slug LIKE 'bench-%'
) AS rows
"""


def _query(sql: str) -> list[tuple[Any, ...]]:
    engine = owner_engine()
    try:
        with engine.begin() as connection:
            system(connection)
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def seed(app: Flask) -> Iterator[dict[str, Any]]:
    """The tiny scale, seeded once for the module; the schema as it was before, too."""
    before = _query(SCHEMA)
    with seeded(app, "tiny") as output:
        yield {"schema": before, "output": output}


@pytest.mark.postgres
def test_the_seed_writes_the_planned_rows(app: Flask, seed: dict[str, Any]) -> None:
    planned = benchseed.planned_counts(SCALE, app.extensions["kring.plugins"])
    assert planned["circle"] == 4 * 5 and planned["circle_member"] == 20 * 12
    assert planned["outbox_message"] == 4000
    where = {
        "tenant": "WHERE x.slug LIKE 'bench-%'",
        "user_account": "WHERE x.email LIKE '%@bench-%.example.org'",
    }
    for table, rows in planned.items():
        condition = where.get(
            table, "WHERE x.tenant_id IN (SELECT id FROM tenant WHERE slug LIKE 'bench-%')"
        )
        found = _query(f"SELECT count(*) FROM {table} x {condition}")[0][0]
        assert found == rows, table
    # the four methodologies spread evenly, every tenant active, the trainer's facts written
    assert _query("SELECT methodology_key, count(*) FROM circle GROUP BY 1 ORDER BY 1") == [
        (key, SCALE.circles) for key in sorted(benchseed.METHODOLOGIES)
    ]
    assert _query("SELECT DISTINCT status FROM tenant WHERE slug LIKE 'bench-%'") == [("active",)]
    assert _query("SELECT count(*) FROM trainer_circle_fact")[0][0] >= SCALE.all_circles
    outbox = _query(
        "SELECT count(*) FILTER (WHERE sent_at IS NOT NULL), "
        "count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL), "
        "count(*) FILTER (WHERE failed_at IS NOT NULL) FROM outbox_message"
    )[0]
    assert outbox[0] > 0.95 * SCALE.outbox_rows and outbox[1] > 0 and outbox[2] > 0
    assert "meeting_attendance" in seed["output"] and "Seeded tiny" in seed["output"]


@pytest.mark.postgres
def test_the_schema_is_left_as_it_was(seed: dict[str, Any]) -> None:
    """Indexes and foreign keys set aside for speed are all back, valid, with the same
    definitions; row-level security is forced again on every table."""
    assert _query(SCHEMA) == seed["schema"]


@pytest.mark.postgres
def test_a_seeded_coach_sees_their_circle(app: Flask, seed: dict[str, Any], client: Any) -> None:
    tenant = Tenant(slug=benchseed.slug_of(1), name="")
    circle_id = _query(
        "SELECT c.id FROM circle c JOIN tenant t ON t.id = c.tenant_id "
        f"WHERE t.slug = '{tenant.slug}' AND c.name = '{benchseed.circle_name(2)}'"
    )[0][0]
    response = client.login(tenant, benchseed.email_of(1, "coach", 2), benchseed.PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(f"/t/{tenant.slug}/circles/{circle_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert benchseed.circle_name(2) in html
    member = (1 * SCALE.circles + 2) * benchseed.MEMBERS_PER_CIRCLE + 5
    assert benchseed.person_name(member) in html  # a member of that circle
    meetings = client.get(f"/t/{tenant.slug}/circles/{circle_id}/meetings")
    assert meetings.status_code == 200
    api = client.get(f"/t/{tenant.slug}/api/v1/circles/{circle_id}")
    assert api.status_code == 200 and api.get_json()["name"] == benchseed.circle_name(2)
    # another circle of the same tenant is out of the coach's reach
    other = client.get(f"/t/{tenant.slug}/circles/{circle_id + 1}")
    assert other.status_code == 404


FACTS = """
SELECT f.tenant_id, f.circle_id, f.code, f.phase, f.size, f.fidelity, f.audit_status,
       f.findings::text, f.months_small, f.is_outlier
FROM trainer_circle_fact f JOIN tenant t ON t.id = f.tenant_id
WHERE t.slug LIKE 'bench-%' ORDER BY f.circle_id
"""


@pytest.mark.postgres
def test_the_refresh_processes_write_what_a_refresh_here_writes(
    app: Flask, seed: dict[str, Any]
) -> None:
    """The seed refreshes the trainer's facts in forked processes: every circle's fact once,
    the same a refresh in this process writes."""
    by_processes = _query(FACTS)
    tenants = sorted({row[0] for row in by_processes})
    assert len(tenants) == SCALE.tenants and len(by_processes) == SCALE.all_circles
    written = facts.refresh_here(app, tenants, today(), lambda _n: None)
    assert written == SCALE.all_circles and _query(FACTS) == by_processes


@pytest.mark.postgres
def test_two_seeds_write_the_same_rows(app: Flask, seed: dict[str, Any]) -> None:
    first = _query(CHECKSUM)[0][0]
    assert first
    remove_seed(app)
    result = app.test_cli_runner().invoke(_bench(), ["seed", "--scale", "tiny"])
    assert result.exit_code == 0, result.output
    assert _query(CHECKSUM)[0][0] == first


@pytest.mark.postgres
def test_a_second_seed_into_the_same_database_is_refused(app: Flask, seed: dict[str, Any]) -> None:
    result = app.test_cli_runner().invoke(_bench(), ["seed", "--scale", "tiny"])
    assert result.exit_code == 1
    assert "fresh" in result.output


def test_sqlite_is_refused_with_a_message(app: Flask, tmp_path: Path) -> None:
    from kring.app import create_app

    embedded = {"database_url": f"sqlite:///{tmp_path / 'seed.sqlite'}"}
    config = replace(app.extensions["kring.config"], migration_database_url="", **embedded)
    sqlite = create_app(replace(config, instance_path=str(tmp_path / "instance")))
    result = sqlite.test_cli_runner().invoke(_bench(), ["seed", "--scale", "tiny"])
    assert result.exit_code == 1
    assert "needs PostgreSQL" in result.output and "SQLite" in result.output


def test_names_are_invented_and_the_methodologies_spread_evenly() -> None:
    assert benchseed.person_name(0) != benchseed.person_name(1)
    assert benchseed.person_name(12345).endswith(" 12345")
    assert [benchseed.methodology_of(t) for t in range(8)] == list(benchseed.METHODOLOGIES) * 2
    assert benchseed.SCALES["national"].people == 600_000
    assert benchseed.SCALES["national"].all_circles == 50_000


def _bench() -> Any:
    from kring.tenants.cli import bench

    return bench
