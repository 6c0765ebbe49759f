"""One tenant's backup and restore: ``kring tenants backup SLUG FILE`` and
``kring tenants restore FILE``.

The whole database is backed up with PostgreSQL's own tools (``docs/operations.md``); this is for
the one tenant whose data must come back without turning back the clock for every other tenant:
restore last night's dump into a scratch database, take that tenant's backup there, restore it
into production. The file is gzip'd JSON lines: a manifest (format, schema revision, tenant,
tables with their row counts), then one ``[table, row]`` line per row. PostgreSQL writes each
row (``row_to_json``) and reads it back (``json_populate_recordset``), so every type comes back
exactly as it was, without Kring converting values on the way.

A restore is one transaction: all of it, or nothing. It refuses a file from another schema
revision (restore into a database at that revision, then upgrade), and a tenant whose id or
slug is already there unless asked to replace it. Ids are never reused within a database, so a
tenant's rows go back under their own ids. Logins are global: a login the backup names that
no longer exists comes back; one that exists is left as it is now. The trainers' facts are not
in the file; the next refresh writes them again.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Table, Text, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import insert

from kring.core.accounts import User
from kring.core.db import utcnow
from kring.core.tenancy import (
    Tenant,
    system_scope,
    tenant_by_slug,
)
from kring.core.tenant_rows import delete_tenant, tenant_tables
from kring.extensions import db
from kring.onboarding.models import TenantSignup

FORMAT = "kring-tenant-backup"
VERSION = 1
BATCH = 2000
"""Rows sent to PostgreSQL in one statement when restoring."""


class BackupError(ValueError):
    """Why a backup or restore cannot be done, in words for the person at the terminal."""


@dataclass
class Manifest:
    """The first line of a backup: what it holds and from which schema."""

    revision: str
    tenant_id: int
    slug: str
    taken_at: str
    rows: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "revision": self.revision,
            "tenant_id": self.tenant_id,
            "slug": self.slug,
            "taken_at": self.taken_at,
            "rows": self.rows,
        }

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError("this is not a Kring tenant backup")
        if data.get("version") != VERSION:
            raise BackupError(f"backup format version {data.get('version')} is not {VERSION}")
        return cls(
            data["revision"], int(data["tenant_id"]), data["slug"], data["taken_at"], data["rows"]
        )


def _require_postgresql() -> None:
    if db.session.get_bind().dialect.name != "postgresql":
        raise BackupError(
            "a tenant's backup needs PostgreSQL; in the embedded mode, stop Kring and copy "
            "instance/kring.sqlite"
        )


def _revision() -> str:
    """The schema revision of this code (the newest migration); the app role may not read
    ``alembic_version``, and Kring serves only a database migrated to its own head."""
    import kring.migrations

    script = ScriptDirectory(str(Path(kring.migrations.__file__).parent))
    return ",".join(sorted(script.get_heads()))


def _login_ids(tenant_id: int) -> set[int]:
    """The logins the tenant's rows point at."""
    ids: set[int] = set()
    for table in tenant_tables():
        for column in table.c:
            if any(fk.column.table is User.__table__ for fk in column.foreign_keys):
                ids.update(
                    db.session.execute(
                        select(column)
                        .where(table.c.tenant_id == tenant_id, column.is_not(None))
                        .distinct()
                    ).scalars()
                )
    return ids


def _rows(table: Table, column: str, values: Iterable[int]) -> Iterator[str]:
    """Each row of ``table`` whose ``column`` is one of ``values``, as PostgreSQL's JSON."""
    chosen = list(values)
    if not chosen:
        return
    query = (
        select(cast(func.row_to_json(table.table_valued()), Text))
        .where(table.c[column].in_(chosen))
        .order_by(table.c[column], *table.primary_key.columns)
    )
    result = db.session.execute(query, execution_options={"yield_per": 2000})
    yield from result.scalars()


def backup(slug: str, path: Path, progress: Callable[[str], None] = lambda _t: None) -> Manifest:
    """Write the tenant ``slug`` to ``path``; returns the manifest written first."""
    _require_postgresql()
    with system_scope(f"a tenant backup of {slug} reads every one of its rows"):
        tenant = tenant_by_slug(slug)
        if tenant is None:
            raise BackupError(f"no tenant {slug!r}")
        logins: Table = User.__table__  # type: ignore[assignment]
        signup: Table = TenantSignup.__table__  # type: ignore[assignment]
        tenants: Table = Tenant.__table__  # type: ignore[assignment]
        sources = [
            (tenants, "id", [tenant.id]),
            (logins, "id", sorted(_login_ids(tenant.id))),
            (signup, "tenant_id", [tenant.id]),
            *((table, "tenant_id", [tenant.id]) for table in tenant_tables()),
        ]
        manifest = Manifest(_revision(), tenant.id, tenant.slug, utcnow().isoformat())
        body = path.with_name(path.name + ".rows")
        try:
            with gzip.open(body, "wt", encoding="utf-8") as out:
                for table, column, values in sources:
                    count = 0
                    for row in _rows(table, column, values):
                        out.write(f'["{table.name}",{row}]\n')
                        count += 1
                    manifest.rows[table.name] = count
                    progress(table.name)
            with gzip.open(path, "wt", encoding="utf-8") as out:
                out.write(json.dumps(manifest.to_json()) + "\n")
                with gzip.open(body, "rt", encoding="utf-8") as rows:
                    for line in rows:
                        out.write(line)
        finally:
            body.unlink(missing_ok=True)
    return manifest


def read_manifest(path: Path) -> Manifest:
    """The first line of the backup at ``path``, read before anything is changed, so a wrong
    file is refused with a reason instead of half restored."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as source:
            return Manifest.from_json(json.loads(source.readline()))
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"{path} is not a readable Kring tenant backup ({exc})") from None


def _lines(path: Path) -> Iterator[tuple[str, str]]:
    """(table, row JSON) of every row line, in file order."""
    with gzip.open(path, "rt", encoding="utf-8") as source:
        source.readline()
        for line in source:
            table, _comma, row = line.rstrip("\n")[2:-1].partition('",')
            yield table, row


def _insert(table: Table, rows: list[str], keep_existing: bool) -> None:
    """Insert rows of one table as PostgreSQL reads them from JSON; every column as it was."""
    record = func.json_populate_recordset(
        # Schema-qualified: pg_catalog's own types come first, and one of them is ``circle``.
        literal_column(f'NULL::{table.schema or "public"}."{table.name}"'),
        cast(literal("[" + ",".join(rows) + "]", Text), JSON),
    ).table_valued(*(c.name for c in table.c))
    statement = insert(table).from_select(
        [c.name for c in table.c], select(*(record.c[c.name] for c in table.c))
    )
    if keep_existing:
        statement = statement.on_conflict_do_nothing()
    db.session.execute(statement)


def restore(
    path: Path, replace: bool = False, progress: Callable[[str], None] = lambda _t: None
) -> Manifest:
    """Put the tenant of the backup at ``path`` back, in the caller's transaction."""
    _require_postgresql()
    manifest = read_manifest(path)
    if manifest.revision != _revision():
        raise BackupError(
            f"the backup is of schema {manifest.revision}, this database is at {_revision()}: "
            "restore it into a database at that revision, then upgrade"
        )
    tables = {table.name: table for table in db.metadata.sorted_tables}
    with system_scope(f"restoring the tenant {manifest.slug} from a backup"):
        present = db.session.execute(
            select(Tenant).where((Tenant.id == manifest.tenant_id) | (Tenant.slug == manifest.slug))
        ).scalar_one_or_none()
        if present is not None and not replace:
            raise BackupError(
                f"the tenant {present.slug} (id {present.id}) is here; "
                "restore with --replace to put the backup in its place"
            )
        if present is not None:
            delete_tenant(present)
        counted: dict[str, int] = {}
        lines = _lines(path)
        for name, group in _grouped(lines):
            table = tables.get(name)
            if table is None:
                raise BackupError(f"the backup has a table {name!r} this schema does not know")
            for batch in _batches(group):
                _insert(table, batch, keep_existing=table is User.__table__)
                counted[name] = counted.get(name, 0) + len(batch)
            progress(name)
        if counted != {name: count for name, count in manifest.rows.items() if count}:
            raise BackupError("the backup's rows do not match its manifest: it is incomplete")
    return manifest


def _grouped(lines: Iterator[tuple[str, str]]) -> Iterator[tuple[str, Iterator[str]]]:
    """Consecutive lines of one table together (the backup writes a table's rows in one run)."""
    for name, group in groupby(lines, key=lambda line: line[0]):
        yield name, (row for _name, row in group)


def _batches(rows: Iterator[str]) -> Iterator[list[str]]:
    while batch := list(islice(rows, BATCH)):
        yield batch
