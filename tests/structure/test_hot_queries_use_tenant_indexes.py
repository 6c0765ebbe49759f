"""Every statement the hot pages send reads tenant tables along an index that leads with
``tenant_id``, as the app role with the tenant set (row-level security on).

How: ``kring bench seed --scale small`` (10 tenants, 500 circles, 100,000 outbox rows), then
each hot request is made through the test client as a seeded coach, volunteer or admin while a
``before_cursor_execute`` listener keeps the statements it sends with their parameters. Each
SELECT is explained (``EXPLAIN (FORMAT JSON)``) with those parameters in a connection of the app
role scoped to the same tenant, and every scan of a tenant table (one under row-level security)
in the plan must be an index scan (plain, index-only or bitmap) on an index whose first column
is ``tenant_id``; a Seq Scan fails.

The seeded tables are small next to a real country, and on small tables the planner rightly
prefers a sequential scan. The explaining session therefore says ``SET LOCAL enable_seqscan =
off``: the planner then takes any usable index, so a Seq Scan left in the plan means no index
serves the statement at all, and an index scan on an index without ``tenant_id`` first means
the statement reads rows of every tenant to find its own.

Accepted besides: a primary-key lookup (the unique index on ``id`` finds exactly one row,
whoever's it is, and the policy then checks the tenant); scans of tables without row-level
security (the global tables: accounts, the tenant row itself); and the two indexes in
``ONE_ACCOUNT``, which find a signed-in account's own rows and must do so across tenants too.
The central trainer's views read only global, pseudonymised tables and are left out.

What it found: the index of every tenant key (``circle_id``, ``person_id``, ...) was on the
column alone; ``kring.core.tenancy`` now makes it ``(tenant_id, column)`` (migration 0014b).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, text

from kring.core.db import utcnow
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.tenants import benchseed
from kring.testing.seeded import owner_engine, seeded, system

pytestmark = pytest.mark.postgres

ONE_ACCOUNT = {
    "ix_role_grant_user_id": "the viewer's roles on every request, and at sign-in the tenants "
    "an account may enter, before any tenant is chosen",
    "ix_person_user_id": "the viewer's own person on every request, and the account's persons "
    "in every tenant when the account is removed (their user_id is set to NULL)",
}
"""Indexes on a key to the global ``user_account``: they read one account's few rows, in
whichever tenants it has them, and the lookups across tenants need them as they are."""

TENANT = 1  # the second seeded tenant: buurtcirkel_nl, the four roles of a circle
CIRCLE = 3  # its fourth circle


@pytest.fixture(scope="module")
def seed(app: Flask) -> Iterator[dict[str, Any]]:
    """The small scale, with what the test needs to know about the schema and the seed."""
    with seeded(app, "small"):
        engine = owner_engine()
        with engine.begin() as connection:
            system(connection)
            _as_never_read(connection)
            facts = {
                "tenant_tables": set(
                    connection.execute(
                        text(
                            "SELECT relname FROM pg_class WHERE relrowsecurity "
                            "AND relnamespace = CAST(current_schema() AS regnamespace)"
                        )
                    ).scalars()
                ),
                "indexes": {
                    row.index: row
                    for row in connection.execute(
                        text(
                            "SELECT i.relname AS index, t.relname AS table, a.attname AS first, "
                            "x.indisprimary AS is_primary FROM pg_index x "
                            "JOIN pg_class i ON i.oid = x.indexrelid "
                            "JOIN pg_class t ON t.oid = x.indrelid "
                            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]"
                        )
                    )
                },
                "tenant_id": connection.execute(
                    text("SELECT id FROM tenant WHERE slug = :s"),
                    {"s": benchseed.slug_of(TENANT)},
                ).scalar_one(),
                "circle_id": connection.execute(
                    text(
                        "SELECT c.id FROM circle c JOIN tenant t ON t.id = c.tenant_id "
                        "WHERE t.slug = :s AND c.name = :n"
                    ),
                    {"s": benchseed.slug_of(TENANT), "n": benchseed.circle_name(CIRCLE)},
                ).scalar_one(),
            }
        engine.dispose()
        yield facts


def _as_never_read(connection: Any) -> None:
    """Give the tenant tables the seed leaves empty the statistics of a fresh database.

    Earlier tests write to them in transactions they roll back; once autovacuum has analysed
    such a table it counts no rows on pages of dead ones, and with sequential scans off the
    planner reads an empty table by whichever index is smallest, so the plan would depend on
    the order the suite ran in. ``TRUNCATE`` gives a table back the statistics of one never
    read (PostgreSQL then assumes a few pages of rows), as in a run of this module alone. A
    table goes only with every table that points at it, all of them empty."""
    empty = set(
        connection.execute(
            text(
                "SELECT c.relname FROM pg_class c WHERE c.relrowsecurity AND c.relkind = 'r' "
                "AND c.relnamespace = CAST(current_schema() AS regnamespace)"
            )
        ).scalars()
    )
    empty = {
        t
        for t in empty
        if connection.execute(text(f"SELECT NOT EXISTS (SELECT FROM {t})")).scalar()
    }
    pointing = connection.execute(
        text(
            "SELECT r.relname AS referenced, c.relname AS referencing FROM pg_constraint k "
            "JOIN pg_class r ON r.oid = k.confrelid JOIN pg_class c ON c.oid = k.conrelid "
            "WHERE k.contype = 'f'"
        )
    ).all()
    while True:
        kept = {row.referenced for row in pointing if row.referencing not in empty}
        if not kept & empty:
            break
        empty -= kept
    if empty:
        connection.execute(text("SET LOCAL lock_timeout = '20s'"))  # fail, never hang
        connection.execute(text(f"TRUNCATE {', '.join(sorted(empty))}"))


class Captured:
    """The SELECTs sent while it listens, with their parameters."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, Any]] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        words = statement.upper().split()
        if words and words[0] in ("SELECT", "WITH") and "FROM" in words:
            self.statements.append((statement, parameters))


def _requests(client: Any, seed: dict[str, Any], who: str, paths: list[str]) -> Captured:
    slug = benchseed.slug_of(TENANT)
    email = benchseed.email_of(TENANT, who, None if who == "admin" else CIRCLE)
    response = client.login(Tenant(slug=slug, name=""), email, benchseed.PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)
    captured = Captured()
    event.listen(db.engine, "before_cursor_execute", captured)
    try:
        for path in paths:
            answer = client.get(path.format(slug=slug, circle=seed["circle_id"]))
            assert answer.status_code == 200, path
    finally:
        event.remove(db.engine, "before_cursor_execute", captured)
    assert captured.statements
    return captured


def _scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _offences(seed: dict[str, Any], captured: Captured) -> list[str]:
    """Each scan of a tenant table that is not along a ``tenant_id`` index, with its statement."""
    found = []
    with tenant_scope(seed["tenant_id"]):
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        cursor = db.session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        for statement, parameters in captured.statements:
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            document = cursor.fetchone()[0]
            plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
            for node in _scans(plan):
                problem = _problem(seed, node)
                if problem:
                    found.append(f"{problem}\n    in: {' '.join(statement.split())[:600]}")
        db.session.rollback()
    return found


def _problem(seed: dict[str, Any], node: dict[str, Any]) -> str | None:
    table = node.get("Relation Name")
    if node["Node Type"] == "Seq Scan" and table in seed["tenant_tables"]:
        return f"Seq Scan on {table}: no index serves it"
    index = node.get("Index Name")
    if index is None:
        return None
    known = seed["indexes"][index]
    if known.table not in seed["tenant_tables"] or known.is_primary or index in ONE_ACCOUNT:
        return None
    if known.first != "tenant_id":
        return f"{node['Node Type']} on {known.table} using {index}, which leads with {known.first}"
    return None


HOT = {
    "coach": [
        "/t/{slug}/",
        "/t/{slug}/circles/{circle}",
        "/t/{slug}/api/v1/circles/{circle}",
        "/t/{slug}/circles/{circle}/meetings",
    ],
    "volunteer": ["/t/{slug}/", "/t/{slug}/circles/{circle}"],
    "admin": [
        "/t/{slug}/",
        "/t/{slug}/circles/{circle}",
        "/t/{slug}/people",
        "/t/{slug}/api/v1/people",
        "/t/{slug}/circles/",
    ],
}


@pytest.mark.parametrize("who", sorted(HOT))
def test_the_hot_pages_read_tenant_tables_along_tenant_indexes(
    seed: dict[str, Any], client: Any, who: str
) -> None:
    captured = _requests(client, seed, who, HOT[who])
    offences = _offences(seed, captured)
    assert not offences, "\n".join(offences)


def test_the_outbox_finds_due_rows_along_a_tenant_index(
    seed: dict[str, Any], database: Any
) -> None:
    from kring.notify import service as notify

    captured = Captured()
    event.listen(db.engine, "before_cursor_execute", captured)
    try:
        with tenant_scope(seed["tenant_id"]):
            assert notify.due_message_ids(utcnow(), limit=500)
            db.session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", captured)
    assert not _offences(seed, captured)


def test_the_check_itself_sees_a_scan_along_another_index(seed: dict[str, Any]) -> None:
    """The rule is not vacuous: a circle's members read along ``circle_id`` alone, or a Seq
    Scan, would be named; a primary-key lookup and a global table would not."""
    along = SimpleNamespace(table="circle_member", first="circle_id", is_primary=False)
    checked = {**seed, "indexes": {**seed["indexes"], "ix_circle_member_circle_id": along}}
    node = {"Node Type": "Index Scan", "Index Name": "ix_circle_member_circle_id"}
    assert _problem(checked, node)
    assert _problem(seed, {"Node Type": "Seq Scan", "Relation Name": "circle_member"})
    assert _problem(seed, {"Node Type": "Seq Scan", "Relation Name": "tenant"}) is None
    assert _problem(seed, {"Node Type": "Index Scan", "Index Name": "pk_circle_member"}) is None
    leading = seed["indexes"]["ix_circle_member_tenant_circle_id"]
    assert leading.first == "tenant_id"
