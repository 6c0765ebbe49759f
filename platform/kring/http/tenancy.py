"""Which tenant a request is for: the ``/t/<slug>/`` prefix, or a subdomain of the base domain.

Subdomain requests are rewritten to the path form before Flask routes them, so both forms share
one set of routes and one resolver.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Flask, abort, g, render_template, request
from flask_babel import gettext as _

from kring.core.db import Model
from kring.core.tenancy import (
    TenantStatus,
    enter_request_tenant,
    get_in_tenant,
    reset_request_tenant,
    set_request_tenant,
)

UNPREFIXED = (
    "/static/",
    "/healthz",
    "/readyz",
    "/metrics",
    "/language",
    "/api/v1/openapi.json",
    "/t/",
)


class SubdomainTenants:
    """WSGI middleware: ``<slug>.<base_domain>/x`` is served as ``/t/<slug>/x``."""

    def __init__(self, wsgi_app: Any, base_domain: str) -> None:
        self.wsgi_app = wsgi_app
        self.suffix = "." + base_domain.lower().lstrip(".")

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        host = environ.get("HTTP_HOST", "").split(":")[0].lower()
        path = environ.get("PATH_INFO", "/")
        if host.endswith(self.suffix) and not path.startswith(UNPREFIXED):
            slug = host[: -len(self.suffix)]
            if slug and "." not in slug:
                environ["PATH_INFO"] = f"/t/{slug}{path}"
        return self.wsgi_app(environ, start_response)


M = TypeVar("M", bound=Model)


MAX_ID = 2**31 - 1
"""Ids are PostgreSQL integers: a larger number names no record and must not reach the database."""


def get_or_404(model: type[M], record_id: int) -> M:
    """The record of the current tenant, or a 404: another tenant's id is simply not found."""
    return get_or_none(model, record_id) or abort(404)


def get_or_none(model: type[M], record_id: object) -> M | None:
    """The record of the current tenant with this id (given as a number or as form text), or
    None for anything that names no record here."""
    try:
        number = int(str(record_id))
    except ValueError:
        return None
    return get_in_tenant(model, number) if 0 < number <= MAX_ID else None


class TenantUnavailable(Exception):
    """The tenant exists but is pending approval or suspended."""

    def __init__(self, status: TenantStatus) -> None:
        self.status = status


def init_tenancy(app: Flask) -> None:
    base_domain = app.extensions["kring.config"].base_domain
    if base_domain:
        app.wsgi_app = SubdomainTenants(app.wsgi_app, base_domain)  # type: ignore[method-assign]

    @app.url_value_preprocessor
    def _resolve_tenant(_endpoint: str | None, values: dict[str, Any] | None) -> None:
        g.tenant = None
        if not values or "tenant" not in values:
            # A page outside every tenant (the trainer's, the platform's) runs with none in
            # scope, whatever scope the caller's thread holds: as in production, where no
            # request inherits one, so a test cannot pass on a tenant it would not have.
            g.tenant_token = set_request_tenant(None)
            return
        tenant, token = enter_request_tenant(values.pop("tenant"))
        if tenant is None:
            abort(404)
        g.tenant = tenant
        g.tenant_token = token
        if tenant.status is not TenantStatus.active:
            raise TenantUnavailable(tenant.status)

    @app.url_defaults
    def _add_tenant(endpoint: str, values: dict[str, Any]) -> None:
        if "tenant" in values or not g.get("tenant"):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "tenant"):
            values["tenant"] = g.tenant.slug

    @app.teardown_request
    def _forget_tenant(_exc: BaseException | None) -> None:
        token = g.pop("tenant_token", None)
        if token is not None:
            reset_request_tenant(token)

    @app.errorhandler(TenantUnavailable)
    def _unavailable(error: TenantUnavailable) -> Any:
        if error.status is TenantStatus.pending:
            message = _("This organisation has signed up and is waiting for approval.")
        else:
            message = _("This organisation's access to Kring is suspended.")
        if "/api/" in request.path:
            return {"code": 403, "status": "Forbidden", "message": message}, 403
        return render_template("errors/tenant_unavailable.html", message=message), 403
