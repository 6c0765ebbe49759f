"""Partner organisations and methodology enablement, as JSON."""

from __future__ import annotations

from collections.abc import Callable
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
    stopped_methodologies = fields.List(
        fields.Str(), dump_only=True, metadata={"description": "no new circles of these"}
    )
    archived = fields.Bool(dump_only=True)


class EnableMethodologySchema(Schema):
    methodology = fields.Str(required=True, validate=validate.Length(min=1, max=40))


def _json(summary: service.OrganisationSummary) -> dict[str, Any]:
    o = summary.organisation
    return {
        "id": o.id,
        "name": o.name,
        "kind": o.kind,
        "methodologies": list(summary.methodology_keys),
        "stopped_methodologies": list(summary.disabled_keys),
        "archived": o.archived_at is not None,
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


@blp.route("/organisations/<int:organisation_id>")
class OrganisationItem(MethodView):
    """One partner organisation."""

    @requires("tenant.view")
    @blp.response(200, OrganisationSchema)
    def get(self, organisation_id: int) -> dict[str, Any]:
        """The organisation and the methodologies it works with (and stopped working with)."""
        return _json(service.summary(get_or_404(Organisation, organisation_id)))

    @requires("organisation.manage")
    @blp.arguments(OrganisationSchema)
    @blp.response(200, OrganisationSchema)
    def put(self, data: dict[str, Any], organisation_id: int) -> dict[str, Any]:
        """Rename the organisation or change its kind (names stay unique)."""
        kind = OrganisationKind(data["kind"])
        return _change(
            organisation_id, lambda o: service.update(o, data["name"], kind, current_user.id)
        )


def _change(organisation_id: int, change: Callable[[Organisation], object]) -> dict[str, Any]:
    """Make one change to an organisation, commit it and answer the organisation as it is now;
    a refusal rolls back and names its field (a name taken is 409)."""
    organisation = get_or_404(Organisation, organisation_id)
    try:
        change(organisation)
    except service.DuplicateOrganisation:
        db.session.rollback()
        invalid("name", "An organisation with this name already exists.", 409)
    except service.UnknownMethodology as exc:
        db.session.rollback()
        invalid("methodology", str(exc))
    except ValueError as exc:
        db.session.rollback()
        invalid("name", str(exc))
    db.session.commit()
    return _json(service.summary(organisation))


@blp.route("/organisations/<int:organisation_id>/archive")
class OrganisationArchive(MethodView):
    """Archiving an organisation, and bringing it back."""

    @requires("organisation.manage")
    @blp.response(200, OrganisationSchema)
    def post(self, organisation_id: int) -> dict[str, Any]:
        """Archive: no new circles; its circles and history stay."""
        return _change(organisation_id, lambda o: service.archive(o, current_user.id))

    @requires("organisation.manage")
    @blp.response(200, OrganisationSchema)
    def delete(self, organisation_id: int) -> dict[str, Any]:
        """Bring an archived organisation back."""
        return _change(organisation_id, lambda o: service.restore(o, current_user.id))


@blp.route("/organisations/<int:organisation_id>/methodologies/disable")
class OrganisationMethodologyDisable(MethodView):
    """An organisation stopping a methodology."""

    @requires("methodology.enable")
    @blp.arguments(EnableMethodologySchema)
    @blp.response(200, OrganisationSchema)
    def post(self, data: dict[str, Any], organisation_id: int) -> dict[str, Any]:
        """No new circles of this methodology for the organisation; its circles keep their
        history (enabling it again undoes this)."""
        key = data["methodology"]
        return _change(organisation_id, lambda o: service.disable(o, key, current_user.id))


@blp.route("/organisations/<int:organisation_id>/methodologies")
class OrganisationMethodologies(MethodView):
    @requires("methodology.enable")
    @blp.arguments(EnableMethodologySchema)
    @blp.response(201, OrganisationSchema)
    def post(self, data: dict[str, Any], organisation_id: int) -> dict[str, Any]:
        """Enable an installed methodology for this organisation (idempotent)."""
        key, installed = data["methodology"], methodologies()
        return _change(
            organisation_id, lambda o: service.enable(o, key, installed, current_user.id)
        )
