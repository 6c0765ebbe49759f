"""Alembic environment: migrations run as the schema owner, then grant the app role its rights.

On PostgreSQL the app connects as a role that owns nothing and cannot bypass row-level security
(``KRING_DATABASE_URL``); migrations connect as the owner (``KRING_MIGRATION_DATABASE_URL``).
"""

from __future__ import annotations

import logging

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, inspect, make_url, pool, text

from kring.extensions import db  # create_app has loaded every area's tables into it
from kring.migrations.helpers import APPEND_ONLY, include_name

log = logging.getLogger("alembic.env")

config = context.config
target_metadata = db.metadata


def _grant_app_role(connection, app_url: str, owner_url: str) -> None:
    app_user = make_url(app_url).username
    if (
        connection.dialect.name != "postgresql"
        or not app_user
        or app_user == make_url(owner_url).username
    ):
        return
    role = connection.dialect.identifier_preparer.quote(app_user)
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    connection.execute(
        text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    )
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    connection.execute(text(f"REVOKE ALL ON alembic_version FROM {role}"))
    if connection.execute(text("SELECT to_regprocedure('kring_analyze(text[])')")).scalar():
        connection.execute(text(f"GRANT EXECUTE ON FUNCTION kring_analyze(text[]) TO {role}"))
    tables = set(inspect(connection).get_table_names())
    for table in sorted(tables):
        if any(table == log or table.startswith(f"{log}_") for log in APPEND_ONLY):
            connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {role}"))


def run_migrations_online() -> None:
    kring_config = current_app.extensions["kring.config"]
    owner_url = kring_config.owner_sqlalchemy_url
    engine = create_engine(owner_url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_name=include_name,
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Data migrations work on every tenant's rows; row-level security is forced on
                # the owner too, so the transaction declares itself a system transaction.
                connection.execute(text("SELECT set_config('kring.system', 'on', true)"))
            context.run_migrations()
            _grant_app_role(connection, kring_config.sqlalchemy_url, owner_url)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run them against a database")
run_migrations_online()
