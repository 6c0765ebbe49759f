"""Choosing the language of a page: the visitor's own choice, then their profile, then their
browser, then the tenant's language."""

from __future__ import annotations

from flask import current_app, g, request, session
from flask_login import current_user

LOCALES = ("nl", "en")


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
