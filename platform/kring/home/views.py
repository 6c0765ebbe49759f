"""A tenant's home: who you are here, what your organisation works with, and the tiles the
tenant's methodology plugins add."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template
from flask_login import current_user

from kring.core.accounts import roles_in_current_tenant
from kring.http import enabled_keys
from kring.http.access import requires
from kring.http.methodology import methodologies, plugin_host
from kring.organisations import service as organisations

bp = Blueprint("home", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/")
@requires("tenant.view")
def index() -> Any:
    return render_template(
        "home/index.html",
        tenant=g.tenant,
        roles=sorted(roles_in_current_tenant(current_user)),
        organisations=organisations.summaries(),
        methodologies=methodologies(),
        widgets=plugin_host().dashboard_widgets(current_user, g.tenant, enabled_keys()),
    )
