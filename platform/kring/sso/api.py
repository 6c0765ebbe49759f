"""The tenant's provider settings and one's linked accounts, as JSON. The client secret goes
in and never comes out."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.extensions import db
from kring.http.access import requires
from kring.http.errors import invalid
from kring.sso import oidc, service
from kring.sso.models import IdentityProvider

blp = Blueprint("api_sso", __name__, url_prefix="/t/<tenant>/api/v1", description="Signing in")


class ProviderSchema(Schema):
    issuer = fields.Url(required=True, require_tld=False, validate=validate.Length(max=300))
    client_id = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    client_secret = fields.Str(
        load_only=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Needed the first time; left out, the saved one is kept."},
    )
    label = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    trusts_mfa = fields.Bool(load_default=True)
    is_enabled = fields.Bool(load_default=True)
    callback_url = fields.Str(dump_only=True)


class IdentitySchema(Schema):
    issuer = fields.Str(dump_only=True)
    linked_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)


def _json(found: IdentityProvider) -> dict[str, Any]:
    from flask import url_for

    return {
        "issuer": found.issuer,
        "client_id": found.client_id,
        "label": found.label,
        "trusts_mfa": found.trusts_mfa,
        "is_enabled": found.is_enabled,
        "callback_url": url_for("sso.callback", _external=True),
    }


@blp.route("/identity-provider")
class Provider(MethodView):
    @requires("sso.configure")
    @blp.response(200, ProviderSchema)
    def get(self) -> dict[str, Any]:
        """The tenant's OpenID provider (404 when it has none)."""
        found = service.provider()
        if found is None:
            abort(404)
        return _json(found)

    @requires("sso.configure")
    @blp.arguments(ProviderSchema)
    @blp.response(200, ProviderSchema)
    def put(self, data: dict[str, Any]) -> dict[str, Any]:
        """Set the tenant's OpenID provider; Kring reads its discovery document first."""
        if service.provider() is None and not data.get("client_secret"):
            invalid("client_secret", "A new provider needs its client secret.")
        problem = oidc.check_discovery(
            data["issuer"], current_app.extensions["kring.config"].is_production
        )
        if problem is not None:
            invalid("issuer", str(oidc.PROBLEMS[problem]))
        found = service.configure(
            service.ProviderSettings(
                issuer=data["issuer"],
                client_id=data["client_id"],
                client_secret=data.get("client_secret"),
                label=data["label"],
                trusts_mfa=data["trusts_mfa"],
                is_enabled=data["is_enabled"],
            ),
            current_user.id,
        )
        db.session.commit()
        return _json(found)

    @requires("sso.configure")
    @blp.response(204)
    def delete(self) -> None:
        """Staff sign in with their password again."""
        found = service.provider()
        if found is None:
            abort(404)
        service.remove(found, current_user.id)
        db.session.commit()


@blp.route("/me/identities")
class Identities(MethodView):
    @requires("sso.link")
    @blp.response(200, IdentitySchema(many=True))
    def get(self) -> list[Any]:
        """The provider accounts linked to your login."""
        return service.links_of(current_user)
