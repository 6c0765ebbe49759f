"""Kring's pytest plugin: one migrated database per run, one rolled-back transaction per test.

Set ``KRING_TEST_DATABASE_URL`` (the app role) and ``KRING_TEST_MIGRATION_DATABASE_URL`` (the
schema owner) to run on PostgreSQL; without them the suite runs on a temporary SQLite file and
tests marked ``postgres`` are skipped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session
from sqlalchemy import event

from kring.config import Config
from kring.core.methodology import Methodology
from kring.core.tenancy import Tenant, system_scope, tenant_scope
from kring.extensions import db
from kring.organisations.models import Organisation
from kring.plugins import MethodologyHooks
from kring.testing.builders import hooks_for, organisation_with

_CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs PostgreSQL")
    config.addinivalue_line("markers", "redis: needs a real Redis server")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Quick runs skip what needs real servers; ``make test`` starts them, so skips nothing."""
    missing = {
        "postgres": not os.environ.get("KRING_TEST_DATABASE_URL", "").startswith("postgresql"),
        "redis": not os.environ.get("KRING_TEST_REDIS_URL"),
    }
    for marker, is_missing in missing.items():
        if not is_missing:
            continue
        skip = pytest.mark.skip(reason=f"needs {marker}: make test starts one")
        for item in items:
            if marker in item.keywords:
                item.add_marker(skip)


def config_for_tests(tmp_path: Any, **overrides: Any) -> Config:
    """The configuration tests run with: the test database, no real Redis, strict limits."""
    url = os.environ.get("KRING_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'kring-test.sqlite'}"
    values: dict[str, Any] = {
        "env": "test",
        "secret_key": "test-secret-key-that-is-long-enough-000",
        "database_url": url,
        "migration_database_url": os.environ.get("KRING_TEST_MIGRATION_DATABASE_URL", ""),
        "instance_path": str(tmp_path / "instance"),
        "login_rate_limit": "5 per minute",
    }
    values.update(overrides)
    return Config(**values)


def migrate(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture
def smtp_sink() -> Iterator[Any]:
    """A real SMTP server on loopback for one test (``kring.testing.smtp.SmtpSink``); pass
    ``smtp_sink.config()`` to ``config_for_tests`` or set it on the app's config."""
    from kring.testing.smtp import SmtpSink

    sink = SmtpSink().start()
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def oidc_provider() -> Iterator[Any]:
    """A real OpenID provider on loopback for one test (``kring.testing.oidc_provider``)."""
    from kring.testing.oidc_provider import OpenIdProvider

    provider = OpenIdProvider().start()
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """One application and one migrated database for the whole run."""
    from kring.app import create_app

    application = create_app(config_for_tests(tmp_path_factory.mktemp("kring")))
    migrate(application)
    return application


class _JoinedSession(Session):
    """Flask-SQLAlchemy's session, bound to the test's connection instead of the engine."""

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        return self.bind


@pytest.fixture
def database(app: Flask) -> Iterator[Any]:
    """Every test runs in a transaction that is rolled back, so tests never see each other's rows.

    Sessions join the outer transaction with savepoints (SQLAlchemy's recipe), so code under test
    may commit and roll back as it does in production.
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": _JoinedSession,
            }
        )
        try:
            yield db
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()
            from kring.extensions import limiter

            limiter.reset()


class KringClient(FlaskClient):
    """A test client that can fetch a CSRF token and sign in through the real login form.

    Each request gets an app context of its own (and so its own ``g`` and database session),
    as in production, even though the test itself holds one open.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)

    def csrf_token(self, path: str = "/") -> str:
        html = self.get(path).get_data(as_text=True)
        match = _CSRF.search(html)
        if not match:
            raise AssertionError(f"no csrf_token on {path}")
        return match.group(1) or match.group(2)

    def login(self, tenant: Tenant, email: str, password: str, **kwargs: Any) -> Any:
        """Sign in at the tenant's door: the password, then (for staff, enrolled first by
        ``kring.testing.second_factor``) the code from their authenticator."""
        from kring.testing.second_factor import prepare

        prepare(email)
        token = self.csrf_token(f"/t/{tenant.slug}/login")
        response = self.post(
            f"/t/{tenant.slug}/login",
            data={"email": email, "password": password, "csrf_token": token},
            **kwargs,
        )
        return self.second_step(response, email, **kwargs)

    def trainer_login(self, email: str, password: str, **kwargs: Any) -> Any:
        """Sign in at the central trainers' door, with the code of their authenticator."""
        from kring.testing.second_factor import prepare

        prepare(email)
        token = self.csrf_token("/trainer/login")
        response = self.post(
            "/trainer/login",
            data={"email": email, "password": password, "csrf_token": token},
            **kwargs,
        )
        return self.second_step(response, email, **kwargs)

    def second_step(self, response: Any, email: str, **kwargs: Any) -> Any:
        """When a password was accepted and a code is asked, give the code the person's app
        shows; any other answer is handed back as it is."""
        from kring.core.accounts import find_user_by_email
        from kring.testing.second_factor import code_for

        location = response.headers.get("Location", "") if response.status_code == 302 else ""
        if not location.endswith("/login/code"):
            return response
        user = find_user_by_email(email)
        assert user is not None
        token = self.csrf_token(location)
        return self.post(location, data={"code": code_for(user), "csrf_token": token}, **kwargs)

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call the JSON API as a signed-in browser's script would: a JSON body and the CSRF
        token in a header."""
        return self.open(path, method=method, json=body, headers={"X-CSRFToken": self.csrf_token()})

    def form(self, path: str, data: dict[str, Any], page: str | None = None) -> Any:
        """POST ``data`` to ``path`` with a CSRF token taken from ``page`` (default: ``path``)."""
        token = self.csrf_token(page or path)
        return self.post(path, data={**data, "csrf_token": token})


@pytest.fixture
def client(app: Flask, database: Any) -> FlaskClient:
    """A test client whose browser asks for English; Dutch tests switch or send their own header."""
    app.test_client_class = KringClient
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


@pytest.fixture
def tenant(database: Any) -> Iterator[Tenant]:
    """An active tenant, in scope for the whole test."""
    from kring.testing.factories import TenantFactory

    t = cast(Tenant, TenantFactory())
    with tenant_scope(t):
        yield t


@pytest.fixture
def other_tenant(database: Any) -> Tenant:
    """A second active tenant, for isolation tests (not in scope)."""
    from kring.testing.factories import TenantFactory

    return cast(Tenant, TenantFactory(slug="other", name="Gemeente Anders"))


@pytest.fixture
def methodology_key(request: pytest.FixtureRequest) -> str:
    """The methodology a plugin's tests are about: the plugin's folder name, which is its key
    (``plugins/buurtcirkel_nl/tests/...`` tests ``buurtcirkel_nl``). Override it elsewhere."""
    path = Path(str(request.node.path)).resolve()
    if path.parent.name == "tests" and path.parent.parent.parent.name == "plugins":
        return path.parent.parent.name
    raise pytest.UsageError(
        f"{path.name}: tests outside plugins/<key>/tests/ define a methodology_key fixture"
    )


@pytest.fixture
def hooks(app: Flask, methodology_key: str) -> MethodologyHooks:
    """The hooks of the methodology under test, as the application loaded them."""
    return hooks_for(app, methodology_key)


@pytest.fixture
def methodology(hooks: MethodologyHooks) -> Methodology:
    """The methodology under test, with what other plugins add to it."""
    return hooks.methodology


@pytest.fixture
def organisation(tenant: Tenant, methodology_key: str) -> Organisation:
    """A partner organisation of the tenant that has the methodology under test enabled."""
    return organisation_with(methodology_key)


@pytest.fixture
def in_tenant() -> Callable[[Tenant], Any]:
    return tenant_scope


@pytest.fixture
def as_system() -> Callable[[str], Any]:
    return system_scope


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """``with count_queries() as log: ...`` then ``assert log.count <= budget``."""

    @contextmanager
    def counting() -> Iterator[QueryLog]:
        log = QueryLog()
        with app.app_context():
            engine = db.engine

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            # The tenant setting sent on its own is bookkeeping, not a read of the page's.
            if not statement.startswith(("SELECT set_config(", "SAVEPOINT", "RELEASE", "ROLLBACK")):
                log.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield log
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting
