"""A tenant's home: who you are here, and what your organisation works with."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, render_template
from flask_login import current_user

from kring.core import organisations
from kring.core.accounts import roles_in_current_tenant
from kring.web.access import requires

bp = Blueprint("home", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/")
@requires("tenant.view")
def index() -> Any:
    host = current_app.extensions["kring.plugins"]
    methodologies = host.methodologies()
    return render_template(
        "home/index.html",
        tenant=g.tenant,
        roles=sorted(roles_in_current_tenant(current_user)),
        organisations=organisations.summaries(),
        methodologies=methodologies,
    )
