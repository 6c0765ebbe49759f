"""Flask extensions, created unbound so that every module can import them without an app."""

from __future__ import annotations

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from kring.core.db import Model

db = SQLAlchemy(model_class=Model)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def sign_in_limit() -> str:
    """The rate limit of every way to sign in (password, sign-in card), from the settings."""
    from flask import current_app

    return str(current_app.extensions["kring.config"].login_rate_limit)


class KringApi(Api):  # type: ignore[misc]
    """flask-smorest's Api, minus its app-wide JSON error handler: ``kring.http.errors`` answers
    pages with HTML and ``/api/`` paths with JSON, from one place."""

    def _register_error_handlers(self) -> None:
        pass


api = KringApi()
