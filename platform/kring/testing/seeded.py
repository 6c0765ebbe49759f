"""A database seeded by ``kring bench seed`` for a test module, and removed again afterwards.

The seed commits (it is a bulk load by the schema owner, not a rolled-back test transaction),
so the module that asks for it gets committed tenants, and every row of theirs is deleted at
the end, children first, as the owner in system mode.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import Connection, create_engine, pool, text

from kring.extensions import db
from kring.tenants.benchseed import SLUG_PREFIX


def owner_engine() -> Any:
    """The schema owner's engine of the test database (PostgreSQL runs only)."""
    return create_engine(os.environ["KRING_TEST_MIGRATION_DATABASE_URL"], poolclass=pool.NullPool)


def system(connection: Connection) -> None:
    """Let this transaction see and change every tenant's rows, as system work does."""
    connection.execute(text("SELECT set_config('kring.system', 'on', true)"))


@contextmanager
def seeded(app: Flask, scale: str = "tiny") -> Iterator[str]:
    """Run ``kring bench seed --scale <scale>`` against the test database; yields its output."""
    from kring.tenants.cli import bench

    result = app.test_cli_runner().invoke(bench, ["seed", "--scale", scale])
    try:
        assert result.exit_code == 0, result.output + repr(result.exception)
        yield result.output
    finally:
        remove_seed(app)


def remove_seed(app: Flask) -> None:
    """Delete every seeded tenant with all its rows, and the seeded accounts."""
    engine = owner_engine()
    try:
        with engine.begin() as connection:
            system(connection)
            ids = list(
                connection.execute(
                    text("SELECT id FROM tenant WHERE slug LIKE :p"), {"p": f"{SLUG_PREFIX}%"}
                ).scalars()
            )
            if ids:
                for table in reversed(db.metadata.sorted_tables):
                    if "tenant_id" in table.c and table.name != "tenant":
                        connection.execute(
                            text(f"DELETE FROM {table.name} WHERE tenant_id = ANY(:ids)"),
                            {"ids": ids},
                        )
                connection.execute(text("DELETE FROM tenant WHERE id = ANY(:ids)"), {"ids": ids})
            connection.execute(
                text("DELETE FROM user_account WHERE email LIKE :p"),
                {"p": f"%@{SLUG_PREFIX}%.example.org"},
            )
    finally:
        engine.dispose()
    with app.app_context():
        db.engine.dispose()
