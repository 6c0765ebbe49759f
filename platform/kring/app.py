"""The application factory.

The start-up order below is deliberate; each step says why it is where it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fakeredis
from flask import Flask
from redis import Redis
from rq import Queue

from kring.config import Config
from kring.extensions import api, babel, csrf, db, limiter, login_manager, migrate


def create_app(config: Config | None = None) -> Flask:
    # 1. Configuration first: a wrong setting must stop the process before anything connects.
    config = config or Config.from_env()
    config.validate()
    Path(config.instance_path).mkdir(parents=True, exist_ok=True)

    app = Flask(__name__, instance_path=str(Path(config.instance_path).resolve()))
    app.extensions["kring.config"] = config
    app.config.update(_flask_settings(config))

    # 2. Database and the other extensions, before anything that queries.
    db.init_app(app)
    with app.app_context():
        from kring.core.db import configure_sqlite

        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    from kring.web.i18n import select_locale

    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    # 3. Redis and the job queue: real Redis when configured, an in-process substitute otherwise.
    redis = _redis(config)
    app.extensions["kring.redis"] = redis
    app.extensions["kring.queue"] = Queue(
        "default", connection=redis, is_async=config.env != "test" or bool(config.redis_url)
    )

    # 4. Plugins, before blueprints: plugins contribute pages and periodic jobs.
    from kring.plugins import PluginHost

    app.extensions["kring.plugins"] = PluginHost.load(disabled=config.disabled_plugins)

    # 5. Request handling: tenancy, access control, pages, API, errors.
    from kring.web import register_web

    register_web(app)
    api.init_app(app)
    from kring.api.v1 import register_api

    register_api(app, api)

    # 6. Every model module, so metadata (and Alembic) sees all tables; and outbox delivery,
    #    which listens for commits to enqueue what they wrote.
    import kring.jobs.outbox
    import kring.models  # noqa: F401

    return app


def _flask_settings(config: Config) -> dict[str, Any]:
    production = config.is_production
    return {
        "SECRET_KEY": config.secret_key,
        "TESTING": config.env == "test",
        "SQLALCHEMY_DATABASE_URI": config.sqlalchemy_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
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
