"""Server-rendered pages: one blueprint per area, registered from the explicit list below."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import get_locale
from flask_login import current_user

from kring import __version__
from kring.extensions import db, login_manager


def register_web(app: Flask) -> None:
    from kring.core.accounts import User
    from kring.web import admin, auth, circles, health, home, i18n, people, signals
    from kring.web.access import has_permission
    from kring.web.errors import init_errors
    from kring.web.tenancy import init_tenancy

    init_tenancy(app)
    init_errors(app)

    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.is_active else None

    for blueprint in (
        health.bp,
        i18n.bp,
        auth.bp,
        home.bp,
        admin.bp,
        circles.bp,
        people.bp,
        signals.bp,
    ):
        app.register_blueprint(blueprint)
    for key, blueprint in app.extensions["kring.plugins"].blueprints().items():
        app.register_blueprint(blueprint, url_prefix=f"/t/<tenant>/m/{key}")

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "current_tenant": g.get("tenant"),
            "current_locale": str(get_locale()),
            "can": has_permission,
            "current_user": current_user,
            "kring_version": __version__,
        }
