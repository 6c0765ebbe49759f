"""The signed-in user, partner organisations and methodology enablement, as JSON."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from kring.api.v1.errors import invalid
from kring.api.v1.schemas import EnableMethodologySchema, MeSchema, OrganisationSchema
from kring.core import enablement, organisations
from kring.core.accounts import ALL_PERMISSIONS, roles_in_current_tenant
from kring.core.tenancy import Organisation, OrganisationKind
from kring.extensions import db
from kring.web.access import has_permission, requires
from kring.web.tenancy import get_or_404

blp = Blueprint(
    "api_organisations", __name__, url_prefix="/t/<tenant>/api/v1", description="Organisations"
)


def _as_dict(summary: organisations.OrganisationSummary) -> dict[str, Any]:
    o = summary.organisation
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind,
        "methodologies": list(summary.methodology_keys),
    }


@blp.route("/me")
class Me(MethodView):
    @requires("tenant.view")
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, Any]:
        """The signed-in user, with their roles and permissions in this tenant."""
        permissions = sorted(p for p in ALL_PERMISSIONS if has_permission(p))
        return {
            "id": current_user.id,
            "name": current_user.name,
            "email": current_user.email,
            "roles": sorted(roles_in_current_tenant(current_user)),
            "permissions": permissions,
        }


@blp.route("/organisations")
class Organisations(MethodView):
    @requires("tenant.view")
    @blp.response(200, OrganisationSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Partner organisations of this tenant and the methodologies they work with."""
        return [_as_dict(s) for s in organisations.summaries()]

    @requires("organisation.manage")
    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Add a partner organisation."""
        try:
            organisation = organisations.create(
                data["name"], OrganisationKind(data["kind"]), current_user.id
            )
        except organisations.DuplicateOrganisation:
            db.session.rollback()
            invalid("name", "An organisation with this name already exists.", 409)
        except ValueError as exc:
            db.session.rollback()
            invalid("name", str(exc))
        db.session.commit()
        return _as_dict(organisations.OrganisationSummary(organisation, ()))


@blp.route("/organisations/<int:organisation_id>/methodologies")
class OrganisationMethodologies(MethodView):
    @requires("methodology.enable")
    @blp.arguments(EnableMethodologySchema)
    @blp.response(201, OrganisationSchema)
    def post(self, data: dict[str, Any], organisation_id: int) -> dict[str, Any]:
        """Enable an installed methodology for this organisation (idempotent)."""
        organisation = get_or_404(Organisation, organisation_id)
        installed = current_app.extensions["kring.plugins"].methodologies()
        try:
            enablement.enable(organisation, data["methodology"], installed, current_user.id)
        except enablement.UnknownMethodology as exc:
            db.session.rollback()
            invalid("methodology", str(exc))
        db.session.commit()
        summary = next(s for s in organisations.summaries() if s.organisation.id == organisation_id)
        return _as_dict(summary)
