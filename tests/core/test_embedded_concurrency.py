"""The embedded SQLite mode serves requests at the same time without "database is locked": a
login reads the user and then writes, which SQLite refuses outright unless transactions take the
write lock first and a second writer waits (core.db.configure_sqlite)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kring.app import create_app
from kring.core.accounts import Role
from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.testing.factories import (
    DEFAULT_PASSWORD,
    RoleGrantFactory,
    TenantFactory,
    UserFactory,
)
from kring.testing.plugin import KringClient, config_for_tests, migrate

LOGINS = 20


def test_twenty_logins_at_once_all_succeed_on_sqlite(tmp_path: Any) -> None:
    app = create_app(
        config_for_tests(
            tmp_path,
            database_url=f"sqlite:///{tmp_path / 'embedded.sqlite'}",
            migration_database_url="",
            login_rate_limit="1000 per minute",
        )
    )
    migrate(app)
    with app.app_context():
        tenant = TenantFactory(slug="gelijktijdig")
        with tenant_scope(tenant):
            users = [UserFactory(email=f"bezoeker{n}@example.org") for n in range(LOGINS)]
            for user in users:
                RoleGrantFactory(user=user, role=Role.project_leader)
        db.session.commit()
        slug = tenant.slug
    app.test_client_class = KringClient

    def sign_in(number: int) -> int:
        client = app.test_client()
        token = client.csrf_token(f"/t/{slug}/login")
        response = client.post(
            f"/t/{slug}/login",
            data={
                "email": f"bezoeker{number}@example.org",
                "password": DEFAULT_PASSWORD,
                "csrf_token": token,
            },
        )
        return int(response.status_code)

    with ThreadPoolExecutor(max_workers=LOGINS) as pool:
        statuses = list(pool.map(sign_in, range(LOGINS)))
    assert statuses == [302] * LOGINS
