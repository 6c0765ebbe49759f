"""A tenant's home: who you are here, what your organisation works with, and the tiles the
tenant's methodology plugins add."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, g, render_template
from flask_login import current_user

from kring.access import policy
from kring.core.accounts import Role, roles_in_current_tenant
from kring.core.db import today
from kring.http import enabled_keys
from kring.http.access import requires
from kring.http.methodology import methodologies, plugin_host
from kring.module import ShownPanel, shown_panels
from kring.organisations import service as organisations

bp = Blueprint("home", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def panels(page: str = "home") -> list[ShownPanel]:
    """The areas' panels of ``page`` ("home" or "week") that have something for the reader."""
    return shown_panels(current_app.extensions["kring.modules"], page, policy.viewer())


@bp.get("/")
@requires("tenant.view")
def index() -> Any:
    roles = sorted(roles_in_current_tenant(current_user))
    return render_template(
        "home/index.html",
        tenant=g.tenant,
        roles=roles,
        # A participant's home holds only what is theirs, in plain words: no roles or partners.
        participant_only=roles == [Role.participant],
        organisations=organisations.summaries(),
        methodologies=methodologies(),
        panels=panels(),
        widgets=plugin_host().dashboard_widgets(current_user, g.tenant, enabled_keys()),
    )


@bp.get("/week")
@requires("tenant.view")
def week() -> Any:
    """The week on one printable page, for people who keep it on paper or on the fridge."""
    start = today()
    return render_template(
        "home/week.html", start=start, end=start + timedelta(days=6), panels=panels("week")
    )
