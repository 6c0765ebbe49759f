"""Migrations are tested on the engine of the run: up from empty, down to empty, and no drift."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, make_url, text

from kring.extensions import db
from kring.migrations.helpers import include_name

MIGRATIONS = Path(__file__).parents[2] / "platform" / "kring" / "migrations"


def test_alembic_has_exactly_one_head() -> None:
    from alembic.config import Config

    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_models_and_migrations_do_not_drift(app: Flask) -> None:
    engine = create_engine(app.extensions["kring.config"].owner_sqlalchemy_url)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            ),
            db.metadata,
        )
    engine.dispose()
    assert diff == [], f"models differ from migrations: {diff}"


def _round_trip(tmp_path: Any, url: str, schema: str | None = None) -> None:
    """Up to the head, down to empty, and up again, on the database ``url`` names."""
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    app = create_app(config_for_tests(tmp_path, database_url=url, migration_database_url=url))
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        engine = create_engine(url)
        assert set(inspect(engine).get_table_names(schema)) <= {"alembic_version"}
        upgrade()
        assert "organisation" in inspect(engine).get_table_names(schema)
        engine.dispose()


def test_downgrade_to_empty_and_upgrade_again(tmp_path: Any) -> None:
    """On a database of its own, so the shared test schema stays as it is."""
    _round_trip(tmp_path, f"sqlite:///{tmp_path / 'roundtrip.sqlite'}")


@pytest.mark.postgres
def test_downgrade_to_empty_and_upgrade_again_on_postgresql(tmp_path: Any) -> None:
    """As the schema owner, in a schema of its own (first on the search path) that is dropped
    afterwards, so the shared test schema stays as it is."""
    owner = make_url(os.environ["KRING_TEST_MIGRATION_DATABASE_URL"])
    schema = f"roundtrip_{uuid.uuid4().hex[:8]}"
    engine = create_engine(owner)
    with engine.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = owner.update_query_dict({"options": f"-csearch_path={schema}"})
        _round_trip(tmp_path, url.render_as_string(hide_password=False), schema)
    finally:
        with engine.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def test_circles_sharing_a_name_are_numbered_before_names_become_unique(tmp_path: Any) -> None:
    """0008s: the oldest keeps its name, the next get "(2)", "(3)", skipping a name in use;
    another tenant's circle of the same name is left alone."""
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    url = f"sqlite:///{tmp_path / 'names.sqlite'}"
    app = create_app(config_for_tests(tmp_path, database_url=url, migration_database_url=url))
    with app.app_context():
        upgrade(revision="0008x")
        engine = create_engine(url)
        with engine.begin() as c:
            now = "'2026-01-01 00:00:00'"
            for tenant in (1, 2):
                c.execute(
                    text(
                        "INSERT INTO tenant (id, slug, name, kind, locale, status, created_at) "
                        f"VALUES ({tenant}, 't{tenant}', 'T', 'municipality', 'nl', 'active',"
                        f" {now})"
                    )
                )
                c.execute(
                    text(
                        f"INSERT INTO organisation (id, tenant_id, name, kind, created_at) "
                        f"VALUES ({tenant}, {tenant}, 'O', 'welfare', {now})"
                    )
                )
                c.execute(
                    text(
                        f"INSERT INTO neighbourhood (id, tenant_id, name, postcodes, created_at) "
                        f"VALUES ({tenant}, {tenant}, 'N', '[]', {now})"
                    )
                )
            names = [(1, "Kring"), (1, "Kring"), (1, "Kring (2)"), (1, "Kring"), (2, "Kring")]
            for i, (tenant, name) in enumerate(names, start=1):
                c.execute(
                    text(
                        "INSERT INTO circle (id, tenant_id, name, methodology_key, organisation_id,"
                        " neighbourhood_id, phase, phase_since, created_at) VALUES "
                        f"({i}, {tenant}, '{name}', 'x', {tenant}, {tenant}, 'p', '2026-01-01',"
                        f" {now})"
                    )
                )
        upgrade()
        with engine.connect() as c:
            renamed = c.execute(text("SELECT tenant_id, name FROM circle ORDER BY id")).all()
        engine.dispose()
    assert [tuple(r) for r in renamed] == [
        (1, "Kring"),
        (1, "Kring (3)"),
        (1, "Kring (2)"),
        (1, "Kring (4)"),
        (2, "Kring"),
    ]
