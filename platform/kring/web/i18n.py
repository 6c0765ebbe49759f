"""Choosing the language of a page: the visitor's own choice, then their profile, then their
browser, then the tenant's language."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, redirect, request, session, url_for
from flask_login import current_user

from kring.web.access import public

LOCALES = ("nl", "en")

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = session.get("locale")
    if chosen in LOCALES:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in LOCALES:
        return str(current_user.locale)
    browser = request.accept_languages.best_match(LOCALES)
    if browser:
        return browser
    tenant = g.get("tenant")
    if tenant is not None:
        return str(tenant.locale)
    return str(current_app.extensions["kring.config"].default_locale)


@bp.post("/language")
@public
def switch() -> Any:
    """Remember the chosen language and go back; a plain form, so it works without JavaScript."""
    locale = request.form.get("locale", "")
    if locale in LOCALES:
        session["locale"] = locale
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("health.index")
    return redirect(target)
