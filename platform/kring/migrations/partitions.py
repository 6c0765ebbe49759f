"""The access log's monthly partitions on PostgreSQL: made ahead of time, and dropped whole once
older than the retention, so old rows leave a month at a time and nothing rewrites the log.

Only the schema owner may create and drop partitions, so this lives with the migrations and
runs on the owner's connection: from the migration that creates the log, and from ``kring
access-log rotate`` (the scheduler runs it daily, ``kring.access.jobs``). Every partition gets
the log's own row-level security and append-only rights, so nobody reaches a month around the
log's rules. SQLite has no partitions: there the log is one table and this does nothing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, create_engine, make_url, pool, text

TABLE = "access_log"
AHEAD_MONTHS = 3
_CHECK = (
    "tenant_id = NULLIF(current_setting('kring.tenant_id', true), '')::integer "
    "OR current_setting('kring.system', true) = 'on'"
)


def month_start(day: date, plus: int = 0) -> date:
    """The first day of the month ``plus`` months after the month of ``day``."""
    months = day.year * 12 + day.month - 1 + plus
    return date(months // 12, months % 12 + 1, 1)


def name_of(month: date) -> str:
    """``access_log_y2026m12`` for December 2026."""
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def existing(connection: Connection) -> list[str]:
    """The log's monthly partitions, oldest first (the default partition left out)."""
    rows = connection.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :table"
        ),
        {"table": TABLE},
    ).scalars()
    return sorted(name for name in rows if name != f"{TABLE}_default")


def ensure(connection: Connection, today: date, app_role: str | None) -> list[str]:
    """Create the partitions of this month and the next ``AHEAD_MONTHS`` that are missing;
    returns the names created."""
    if connection.dialect.name != "postgresql":
        return []
    have = set(existing(connection))
    made = []
    for plus in range(AHEAD_MONTHS + 1):
        start = month_start(today, plus)
        name = name_of(start)
        if name in have:
            continue
        connection.execute(
            text(
                f"CREATE TABLE {name} PARTITION OF {TABLE} "
                f"FOR VALUES FROM ('{start.isoformat()}') TO ('{month_start(start, 1)}')"
            )
        )
        protect(connection, name, app_role)
        made.append(name)
    return made


def protect(connection: Connection, name: str, app_role: str | None) -> None:
    """The log's rules on one partition: row-level security, and add-and-read only."""
    connection.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
    connection.execute(text(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY"))
    connection.execute(
        text(f"CREATE POLICY tenant_isolation ON {name} USING ({_CHECK}) WITH CHECK ({_CHECK})")
    )
    if app_role:
        role = connection.dialect.identifier_preparer.quote(app_role)
        connection.execute(text(f"GRANT SELECT, INSERT ON {name} TO {role}"))
        connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {name} FROM {role}"))


def expired(names: list[str], today: date, keep_months: int) -> list[str]:
    """The monthly partitions among ``names`` older than the last ``keep_months`` months."""
    oldest_kept = name_of(month_start(today, -keep_months))
    return [name for name in names if name < oldest_kept]


def drop_older(connection: Connection, today: date, keep_months: int) -> list[str]:
    """Drop the partitions of months that ended more than ``keep_months`` months ago."""
    if connection.dialect.name != "postgresql":
        return []
    dropped = expired(existing(connection), today, keep_months)
    for name in dropped:
        connection.execute(text(f"ALTER TABLE {TABLE} DETACH PARTITION {name}"))
        connection.execute(text(f"DROP TABLE {name}"))
    return dropped


def rotate(
    owner_url: str, app_url: str, today: date, keep_months: int
) -> tuple[list[str], list[str]]:
    """Make the coming months' partitions and drop the expired ones, as the schema owner;
    returns (created, dropped)."""
    engine = create_engine(owner_url, poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            app_role = make_url(app_url).username
            owner = make_url(owner_url).username
            role = app_role if app_role and app_role != owner else None
            return ensure(connection, today, role), drop_older(connection, today, keep_months)
    finally:
        engine.dispose()
