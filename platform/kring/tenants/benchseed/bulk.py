"""The bulk load's machinery: ``COPY`` streams, ids taken from the sequences in blocks, and the
keys, indexes and row-level security set aside while the rows go in and made again after.

This is the one module of the seed that speaks raw SQL (``COPY``, ``ALTER TABLE``, catalogue
queries, ``setval``): none of it has a SQLAlchemy construct, and all of it runs as the schema
owner in the seed's own transaction, so a failure rolls it all back.

- **Deterministic ids**: ``Ids`` takes a block from each table's sequence and moves the
  sequence past it, so two runs on fresh databases write the same rows with the same ids.
- **Fast**: the large tables' secondary indexes and foreign keys are dropped inside the
  transaction and made again after their rows are in (one index build and one join to check a
  key are far cheaper than millions of single updates). They come back with the very
  definitions PostgreSQL printed for them (``set_aside``, ``restore``).
- **Row-level security** is forced on the owner too, and PostgreSQL refuses ``COPY FROM`` into
  a table whose policies apply to the writer: the transaction lifts ``FORCE`` while it writes
  and sets it again before it commits (``unforce``, ``reforce``), so no other session ever
  sees it lifted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text


class SeedError(Exception):
    """The seed cannot run here (SQLite, or tenants of an earlier seed are in the way)."""


Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]
"""``progress(label, length)`` gives a context whose value advances the bar by n."""


def no_progress(_label: str, _length: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda _n: None)


def _value(value: Any) -> str:
    """One field of COPY's text format; the seed writes no tab, newline or backslash."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _line(values: tuple[Any, ...]) -> str:
    return "\t".join(map(_value, values)) + "\n"


@dataclass
class Ids:
    """Blocks of ids taken from the tables' sequences, given back with ``setval`` at the end."""

    first: dict[str, int]
    count: dict[str, int]

    @classmethod
    def allocate(cls, connection: Connection, counts: dict[str, int]) -> Ids:
        first = {}
        for table, count in counts.items():
            sequence = f"{table}_id_seq"
            start = connection.execute(text(f"SELECT nextval('{sequence}')")).scalar_one()
            if count:
                connection.execute(
                    text(f"SELECT setval('{sequence}', {start + count - 1})"),
                )
            first[table] = int(start)
        return cls(first, dict(counts))


def copy_rows(
    connection: Connection,
    table: str,
    columns: tuple[str, ...],
    rows: Iterator[tuple[Any, ...]],
    progress: Progress,
    length: int,
) -> int:
    """Stream ``rows`` into ``table`` with COPY in chunks of about a megabyte."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    written = 0
    with (
        progress(table, length) as advance,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        chunk: list[str] = []
        size = 0
        for row in rows:
            line = _line(row)
            chunk.append(line)
            size += len(line)
            if size > 1 << 20:
                copy.write("".join(chunk))
                advance(len(chunk))
                written += len(chunk)
                chunk, size = [], 0
        if chunk:
            copy.write("".join(chunk))
            advance(len(chunk))
            written += len(chunk)
    return written


@dataclass(frozen=True)
class Saved:
    """What was set aside of the large tables, as PostgreSQL prints it: primary keys and unique
    constraints (only of tables no foreign key points at), the other indexes, the foreign keys."""

    constraints: list[tuple[str, str, str]]
    indexes: list[tuple[str, str]]
    foreign_keys: list[tuple[str, str, str]]


def set_aside(connection: Connection, tables: tuple[str, ...]) -> Saved:
    """Drop the indexes and foreign keys of ``tables``, and the primary and unique keys of
    those nothing refers to; what to make again is returned (``restore``)."""
    constraints: list[tuple[str, str, str]] = []
    indexes: list[tuple[str, str]] = []
    keys: list[tuple[str, str, str]] = []
    for table in tables:
        referenced = connection.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint "
                "WHERE contype = 'f' AND confrelid = CAST(:t AS regclass))"
            ),
            {"t": table},
        ).scalar_one()
        kinds = "'f'" if referenced else "'f', 'p', 'u'"
        found = connection.execute(
            text(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                f"WHERE conrelid = CAST(:t AS regclass) AND contype IN ({kinds}) "
                "ORDER BY contype DESC, conname"
            ),
            {"t": table},
        ).all()
        table_indexes = connection.execute(
            text(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = CAST(:t AS regclass) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                "ORDER BY i.relname"
            ),
            {"t": table},
        ).all()
        for name, kind, definition in found:
            connection.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
            (keys if kind == "f" else constraints).append((table, name, definition))
        for name, definition in table_indexes:
            connection.execute(text(f"DROP INDEX {name}"))
            indexes.append((name, definition))
    return Saved(constraints, indexes, keys)


def unforce(connection: Connection) -> list[str]:
    """Let the owner write past row-level security for this transaction: PostgreSQL refuses
    ``COPY FROM`` into a table whose policies apply to the writer, and ``FORCE`` makes them apply
    to the owner too. Returns the tables to ``FORCE`` again (``reforce``) before the commit."""
    forced = list(
        connection.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relforcerowsecurity ORDER BY 1"
            )
        ).scalars()
    )
    for table in forced:
        connection.execute(text(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY"))
    return forced


def reforce(connection: Connection, tables: list[str]) -> None:
    for table in tables:
        connection.execute(text(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"))


def restore(connection: Connection, saved: Saved, progress: Progress, label: str) -> None:
    """Make everything set aside again: keys first (their indexes), then the other indexes,
    then the foreign keys, each checked against the rows as it is made."""
    steps = [
        *(
            text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            for table, name, definition in saved.constraints
        ),
        *(text(definition) for _name, definition in saved.indexes),
        *(
            text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            for table, name, definition in saved.foreign_keys
        ),
    ]
    with progress(label, len(steps)) as advance:
        for step in steps:
            connection.execute(step)
            advance(1)


def prepare(connection: Connection) -> None:
    """The session of a bulk load: no wait for the disk at commit, room to build indexes, and
    system mode, which the tables' policies let see and write every tenant's rows."""
    if connection.dialect.name != "postgresql":
        raise SeedError(
            "kring bench seed writes with PostgreSQL's COPY and needs PostgreSQL: "
            "set KRING_DATABASE_URL and KRING_MIGRATION_DATABASE_URL to a PostgreSQL database"
        )
    connection.execute(text("SET LOCAL synchronous_commit = off"))
    connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    connection.execute(text("SELECT set_config('kring.system', 'on', true)"))
