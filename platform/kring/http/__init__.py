"""What pages and the API share: which tenant a request is for, who is signed in and what they
may do, errors, the menu, methodology lookups and running a command (``perform``).

Areas build their views and API resources on it. It asks two areas one question each: which
methodologies the request's tenant has enabled (plugin pages and menu entries follow that), and
which API token a bearer header names (``bearer.py`` asks ``apiaccess``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, abort, current_app, g, request
from flask_babel import format_decimal, get_locale
from flask_login import current_user

from kring import __version__
from kring.core.accounts import User
from kring.extensions import login_manager
from kring.http.access import has_permission
from kring.http.bearer import init_bearer
from kring.http.errors import init_errors
from kring.http.headers import init_headers
from kring.http.input import init_input
from kring.http.tenancy import init_tenancy
from kring.module import Module, NavCount, load
from kring.organisations import service as organisations


def init_http(app: Flask) -> None:
    """Tenancy, errors, sign-in, the menu, and plugin pages only where their methodology is on."""
    from kring.http.methodology import (  # it imports this package
        recorded_value,
        tenant_term,
        upper_first,
    )

    init_tenancy(app)
    init_errors(app)
    app.jinja_env.globals["tenant_term"] = tenant_term
    app.jinja_env.filters["upper_first"] = upper_first
    app.jinja_env.filters["recorded"] = recorded_value
    app.jinja_env.filters["number"] = format_decimal  # 2,5 on a Dutch page, 2.5 on an English one
    init_headers(app, production=app.extensions["kring.config"].is_production)
    init_input(app)

    # g.request_id is set when the request starts, by kring.observe.requests.

    init_bearer(app)

    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def _load_user(session_id: str) -> User | None:
        # The login and its server-side session row (kring.identity.web): revoked, timed out
        # or ended sessions name nobody.
        from kring.identity.web import load_user

        return load_user(session_id)

    @app.before_request
    def _plugin_pages_only_where_enabled() -> None:
        host = current_app.extensions["kring.plugins"]
        if request.blueprint in host.methodologies() and request.blueprint not in enabled_keys():
            abort(404)

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {
            "current_tenant": g.get("tenant"),
            "current_locale": str(get_locale()),
            "can": has_permission,
            "current_user": current_user,
            "kring_version": __version__,
            "menu": menu,
        }


def enabled_keys() -> set[str]:
    """The methodologies enabled in the request's tenant, read once per request."""
    if "enabled_keys" not in g:
        g.enabled_keys = organisations.enabled_keys() if g.get("tenant") is not None else set()
    keys: set[str] = g.enabled_keys
    return keys


@dataclass(frozen=True)
class MenuLink:
    label: str
    endpoint: str
    is_current: bool
    count: NavCount | None = None


def menu() -> list[MenuLink]:
    """The menu for the signed-in user: each area's entries they may follow, then what the
    tenant's methodology plugins add; each says whether it is the page being shown."""
    modules: list[Module] = current_app.extensions["kring.modules"]
    from kring.http.methodology import tenant_term, upper_first  # it imports this package

    links = [
        MenuLink(
            upper_first(tenant_term(entry.term, str(entry.label)))
            if entry.term
            else str(entry.label),
            entry.endpoint,
            entry.is_current(request.endpoint),
            load(entry.count)() if entry.count else None,
        )
        for module in modules
        for entry in module.nav
        if has_permission(entry.permission) and (not entry.shown_when or load(entry.shown_when)())
    ]
    tenant = g.get("tenant")
    if tenant is not None and current_user.is_authenticated:
        host = current_app.extensions["kring.plugins"]
        locale = str(get_locale())
        links += [
            MenuLink(item.label.render(locale), item.endpoint, request.endpoint == item.endpoint)
            for item in host.nav_items(current_user, tenant, enabled_keys())
        ]
    return links
