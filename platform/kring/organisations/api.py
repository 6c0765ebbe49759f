"""Partner organisations and methodology enablement, as JSON."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.extensions import db
from kring.http.access import requires
from kring.http.errors import invalid
from kring.http.methodology import methodologies
from kring.http.tenancy import get_or_404
from kring.organisations import service
from kring.organisations.models import Organisation, OrganisationKind

blp = Blueprint(
    "api_organisations", __name__, url_prefix="/t/<tenant>/api/v1", description="Organisations"
)


class OrganisationSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Enum(OrganisationKind, required=True)
    methodologies = fields.List(fields.Str(), dump_only=True)


class EnableMethodologySchema(Schema):
    methodology = fields.Str(required=True, validate=validate.Length(min=1, max=40))


def _json(summary: service.OrganisationSummary) -> dict[str, Any]:
    o = summary.organisation
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind,
        "methodologies": list(summary.methodology_keys),
    }


@blp.route("/organisations")
class Organisations(MethodView):
    @requires("tenant.view")
    @blp.response(200, OrganisationSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Partner organisations of this tenant and the methodologies they work with."""
        return [_json(s) for s in service.summaries()]

    @requires("organisation.manage")
    @blp.arguments(OrganisationSchema)
    @blp.response(201, OrganisationSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Add a partner organisation."""
        try:
            organisation = service.create(
                data["name"], OrganisationKind(data["kind"]), current_user.id
            )
        except service.DuplicateOrganisation:
            db.session.rollback()
            invalid("name", "An organisation with this name already exists.", 409)
        except ValueError as exc:
            db.session.rollback()
            invalid("name", str(exc))
        db.session.commit()
        return _json(service.OrganisationSummary(organisation, ()))


@blp.route("/organisations/<int:organisation_id>/methodologies")
class OrganisationMethodologies(MethodView):
    @requires("methodology.enable")
    @blp.arguments(EnableMethodologySchema)
    @blp.response(201, OrganisationSchema)
    def post(self, data: dict[str, Any], organisation_id: int) -> dict[str, Any]:
        """Enable an installed methodology for this organisation (idempotent)."""
        organisation = get_or_404(Organisation, organisation_id)
        try:
            service.enable(organisation, data["methodology"], methodologies(), current_user.id)
        except service.UnknownMethodology as exc:
            db.session.rollback()
            invalid("methodology", str(exc))
        db.session.commit()
        return _json(service.summary(organisation))
