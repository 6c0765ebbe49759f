"""The application factory, and the one list of Kring's domain areas.

The start-up order below is deliberate; each step says why it is where it is. To add a domain
area, create ``kring/<area>/`` (see ``docs/architecture.md``) and add its module to ``MODULES``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fakeredis
from flask import Flask
from redis import Redis

from kring import (
    access,
    activities,
    apiaccess,
    audits,
    auth,
    circles,
    exchange,
    home,
    identity,
    meetings,
    neighbourhoods,
    notify,
    onboarding,
    organisations,
    people,
    plans,
    privacy,
    reports,
    safetynet,
    signals,
    signin,
    site,
    sso,
    surveys,
    tenants,
    trainer,
    trainings,
)
from kring.config import Config
from kring.core.accounts import Permissions
from kring.extensions import api, babel, csrf, db, limiter, login_manager, migrate
from kring.jobs import make_queue
from kring.module import Module, load, roles_by_permission

MODULES: list[Module] = [
    site.module,
    auth.module,
    identity.module,
    signin.module,
    home.module,
    organisations.module,
    people.module,
    circles.module,
    signals.module,
    neighbourhoods.module,
    activities.module,
    exchange.module,
    safetynet.module,
    meetings.module,
    trainings.module,
    surveys.module,
    audits.module,
    plans.module,
    privacy.module,
    access.module,
    notify.module,
    tenants.module,
    apiaccess.module,
    sso.module,
    reports.module,
    trainer.module,
    onboarding.module,
]
"""Every domain area, in the order their pages, API resources and menu entries appear."""

CORE_MODELS = ("kring.core.tenancy", "kring.core.accounts", "kring.core.journal")


def create_app(config: Config | None = None) -> Flask:
    # 1. Configuration first: a wrong setting must stop the process before anything connects.
    config = config or Config.from_env()
    config.validate()
    Path(config.instance_path).mkdir(parents=True, exist_ok=True)

    app = Flask(__name__, instance_path=str(Path(config.instance_path).resolve()))
    app.extensions["kring.config"] = config
    app.config.update(_flask_settings(config))

    # 1b. Logs, Sentry and the request clock, before anything can go wrong or refuse a request:
    #     every later step's log lines, and every request's hooks, are then covered.
    from kring.observe import init_observe

    init_observe(app)

    # 2. Every table, so SQLAlchemy's metadata (and Alembic) sees them all before anything runs.
    for path in (*CORE_MODELS, *(m for module in MODULES for m in module.models)):
        load(path)

    # 3. Database and the other extensions, before anything that queries.
    db.init_app(app)
    with app.app_context():
        from kring.core.db import configure_sqlite

        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    from kring.http.i18n import select_locale

    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    # 4. Redis and the job queue: real Redis when configured, an in-process substitute otherwise.
    redis = _redis(config)
    app.extensions["kring.redis"] = redis
    app.extensions["kring.queue"] = make_queue(
        redis, is_async=config.env != "test" or bool(config.redis_url)
    )

    # 5. Plugins, before pages: plugins contribute pages, menu entries and periodic jobs.
    from kring.plugins import PluginHost

    app.extensions["kring.plugins"] = PluginHost.load(disabled=config.disabled_plugins)

    # 6. The areas: who may do what, then the request layer (tenancy, sign-in, errors, menu),
    #    then every area's pages and API resources, then a check that every view's permission
    #    is one an area declared.
    app.extensions["kring.modules"] = MODULES
    app.extensions["kring.permissions"] = Permissions(roles_by_permission(MODULES))
    from kring.http import init_http
    from kring.http.access import check_declared

    init_http(app)
    api.init_app(app)
    for module in MODULES:
        for path in module.blueprints:
            app.register_blueprint(load(path))
        for path in module.api:
            api.register_blueprint(load(path))
    for module in MODULES:
        for path in module.init:
            load(path)(app)
    for key, blueprint in app.extensions["kring.plugins"].blueprints().items():
        app.register_blueprint(blueprint, url_prefix=f"/t/<tenant>/m/{key}")
    check_declared(app)

    # 7. Outbox delivery listens for commits, to enqueue what each transaction wrote.
    import kring.notify.jobs  # noqa: F401

    return app


def _flask_settings(config: Config) -> dict[str, Any]:
    production = config.is_production
    return {
        "SECRET_KEY": config.secret_key,
        # Flask's session cookies still open with these (kring.core.keys does the rest).
        "SECRET_KEY_FALLBACKS": list(config.secret_key_fallbacks),
        "TESTING": config.env == "test",
        "SQLALCHEMY_DATABASE_URI": config.sqlalchemy_url,
        # A failed statement's parameters are personal data: not in the error's message, so
        # not in logs or error reports either.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # Checked by kring.http.bearer instead, which knows that a bearer request carries no
        # cookie a foreign page could borrow.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "BABEL_DEFAULT_LOCALE": config.default_locale,
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "RATELIMIT_STORAGE_URI": config.redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "API_TITLE": "Kring",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Kring's JSON API. Tenant resources live under /t/{tenant}/api/v1."
            },
            "components": {
                "securitySchemes": {
                    "session": {"type": "apiKey", "in": "cookie", "name": "session"}
                }
            },
        },
    }


def _redis(config: Config) -> Redis:
    if config.redis_url:
        return Redis.from_url(config.redis_url)
    return fakeredis.FakeRedis(server=fakeredis.FakeServer())
