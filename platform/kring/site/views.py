"""The platform's own pages: liveness, readiness, the front page and the language switch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from sqlalchemy import select

from kring.core.tenancy import Tenant, TenantStatus
from kring.extensions import db
from kring.http.access import public
from kring.http.i18n import LOCALES
from kring.http.redirects import safe_next

bp = Blueprint("site", __name__, template_folder="templates")


@bp.get("/healthz")
@public
def healthz() -> Any:
    """The process is up. Nothing else is checked, so a slow database never restarts pods."""
    return {"status": "ok"}


@bp.get("/readyz")
@public
def readyz() -> Any:
    """Ready for traffic: the database answers, and Redis too outside the embedded mode."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(select(1))
        checks["database"] = "ok"
    except Exception as exc:  # readiness reports; it never raises
        checks["database"] = f"error: {type(exc).__name__}"
    if not current_app.extensions["kring.config"].is_embedded:
        try:
            current_app.extensions["kring.redis"].ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


@bp.get("/")
@public
def index() -> Any:
    """Where to sign in. Which organisations are customers is not the public's business, so the
    list of sign-in pages shows only where the setting asks for it (the demo)."""
    if not current_app.extensions["kring.config"].list_tenants:
        return render_template("site/index.html", tenants=None)
    tenants = db.session.execute(
        select(Tenant).where(Tenant.status == TenantStatus.active).order_by(Tenant.name)
    ).scalars()
    return render_template("site/index.html", tenants=list(tenants))


@bp.post("/language")
@public
def switch() -> Any:
    """Remember the chosen language and go back; a plain form, so it works without JavaScript."""
    locale = request.form.get("locale", "")
    if locale in LOCALES:
        session["locale"] = locale
    return redirect(safe_next(request.form.get("next", ""), url_for("site.index")))
