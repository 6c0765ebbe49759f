"""The second wall: on PostgreSQL every tenant table is behind row-level security.

These run as the schema owner (to read the catalogue) and as the app role (to prove it cannot
see or write across tenants with raw SQL).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from tests.structure.tables import tenant_tables

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def owner(app: Flask) -> Iterator[Engine]:
    engine = create_engine(app.extensions["kring.config"].owner_sqlalchemy_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def app_role(app: Flask) -> Iterator[Engine]:
    engine = create_engine(app.extensions["kring.config"].sqlalchemy_url)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("table", [t.name for t in tenant_tables()])
def test_tenant_table_has_not_null_tenant_id_index_and_forced_policy(
    owner: Engine, table: str
) -> None:
    with owner.connect() as c:
        nullable = c.execute(
            text(
                "SELECT is_nullable FROM information_schema.columns "
                "WHERE table_name = :t AND column_name = 'tenant_id'"
            ),
            {"t": table},
        ).scalar_one()
        rls, forced = c.execute(
            text("SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = :t"),
            {"t": table},
        ).one()
        policies = c.execute(
            text("SELECT qual, with_check FROM pg_policies WHERE tablename = :t"), {"t": table}
        ).all()
        leading = c.execute(
            text(
                "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] "
                "WHERE t.relname = :t AND a.attname = 'tenant_id'"
            ),
            {"t": table},
        ).scalar_one()
    assert nullable == "NO"
    assert rls and forced, f"{table}: row-level security must be enabled and forced"
    assert policies and all(
        "kring.tenant_id" in (q or "") and "kring.tenant_id" in (w or "") for q, w in policies
    )
    assert leading >= 1, f"{table}: needs an index that starts with tenant_id"


def test_app_role_cannot_bypass_row_level_security(app_role: Engine) -> None:
    with app_role.connect() as c:
        is_super, bypass = c.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        owns = c.execute(
            text(
                "SELECT count(*) FROM pg_tables "
                "WHERE schemaname = 'public' AND tableowner = current_user"
            )
        ).scalar_one()
    assert not is_super and not bypass and owns == 0


@pytest.fixture
def committed_tenants(app_role: Engine) -> Iterator[tuple[int, int]]:
    """Two tenants with one organisation each, committed, so other connections can look."""
    ids: list[int] = []
    with app_role.begin() as c:
        for _ in range(2):
            tenant_id = c.execute(
                text(
                    "INSERT INTO tenant (slug, name, kind, locale, status, created_at) "
                    "VALUES (:slug, 'RLS', 'municipality', 'nl', 'active', now()) RETURNING id"
                ),
                {"slug": f"rls-{uuid.uuid4().hex[:8]}"},
            ).scalar_one()
            c.execute(text("SELECT set_config('kring.tenant_id', :t, true)"), {"t": str(tenant_id)})
            c.execute(
                text(
                    "INSERT INTO organisation (tenant_id, name, kind, created_at) "
                    "VALUES (:t, 'Zorg', 'care', now())"
                ),
                {"t": tenant_id},
            )
            ids.append(tenant_id)
    yield ids[0], ids[1]
    with app_role.begin() as c:
        c.execute(text("DELETE FROM tenant WHERE id IN (:a, :b)"), {"a": ids[0], "b": ids[1]})


def _count(c: Any, tenant_ids: tuple[int, int]) -> int:
    return int(
        c.execute(
            text("SELECT count(*) FROM organisation WHERE tenant_id IN (:a, :b)"),
            {"a": tenant_ids[0], "b": tenant_ids[1]},
        ).scalar_one()
    )


def test_raw_sql_without_the_tenant_setting_sees_no_rows(
    app_role: Engine, committed_tenants: Any
) -> None:
    with app_role.connect() as c:
        assert _count(c, committed_tenants) == 0


def test_raw_sql_sees_only_the_tenant_of_the_transaction(
    app_role: Engine, committed_tenants: Any
) -> None:
    a, _ = committed_tenants
    with app_role.begin() as c:
        c.execute(text("SELECT set_config('kring.tenant_id', :t, true)"), {"t": str(a)})
        assert _count(c, committed_tenants) == 1
    with app_role.connect() as c:  # the setting died with its transaction: the pool keeps nothing
        assert _count(c, committed_tenants) == 0


def test_raw_insert_into_another_tenant_is_refused(
    app_role: Engine, committed_tenants: Any
) -> None:
    from sqlalchemy.exc import ProgrammingError

    a, b = committed_tenants
    with pytest.raises(ProgrammingError, match="row-level security"), app_role.begin() as c:
        c.execute(text("SELECT set_config('kring.tenant_id', :t, true)"), {"t": str(a)})
        c.execute(
            text(
                "INSERT INTO organisation (tenant_id, name, kind, created_at) "
                "VALUES (:t, 'X', 'care', now())"
            ),
            {"t": b},
        )


@pytest.mark.parametrize("change", ["UPDATE access_log SET roles = 'x'", "DELETE FROM access_log"])
def test_the_app_role_cannot_change_or_remove_the_access_log(
    app_role: Engine, committed_tenants: Any, change: str
) -> None:
    from sqlalchemy.exc import ProgrammingError

    a, _ = committed_tenants
    with app_role.begin() as c:
        c.execute(text("SELECT set_config('kring.tenant_id', :t, true)"), {"t": str(a)})
        c.execute(
            text(
                "INSERT INTO access_log (tenant_id, at, roles, subject_type, subject_id, action, "
                "outcome) VALUES (:t, now(), 'coach', 'person', 1, 'people.show', 'allowed')"
            ),
            {"t": a},
        )
    with pytest.raises(ProgrammingError, match="permission denied"), app_role.begin() as c:
        c.execute(text("SELECT set_config('kring.tenant_id', :t, true)"), {"t": str(a)})
        c.execute(text(f"{change} WHERE tenant_id = :t"), {"t": a})
