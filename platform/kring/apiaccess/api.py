"""Personal tokens and integrations, as JSON. Only with a signed-in session: a bearer token
cannot make or revoke tokens (``apiaccess`` is no scope), so a leaked token cannot keep itself
alive."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.apiaccess import scopes, service
from kring.apiaccess.models import ApiClient, ApiToken
from kring.extensions import db
from kring.http.access import requires
from kring.http.errors import invalid
from kring.http.tenancy import get_or_404, get_or_none

blp = Blueprint(
    "api_apiaccess", __name__, url_prefix="/t/<tenant>/api/v1", description="API access"
)

SCOPES = validate.OneOf(scopes.all_scopes())


class TokenSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    scopes = fields.List(
        fields.Str(validate=SCOPES), required=True, validate=validate.Length(min=1)
    )
    days = fields.Int(
        load_only=True,
        load_default=90,
        validate=validate.Range(min=1, max=service.MAX_EXPIRY_DAYS),
        metadata={"description": "How many days the token works."},
    )
    hint = fields.Str(dump_only=True, metadata={"description": "The token's last characters."})
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)


class IssuedTokenSchema(TokenSchema):
    token = fields.Str(dump_only=True, metadata={"description": "Shown this once."})


class ClientSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    scopes = fields.List(
        fields.Str(validate=SCOPES), required=True, validate=validate.Length(min=1)
    )
    client_id = fields.Str(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)


class IssuedClientSchema(ClientSchema):
    client_secret = fields.Str(dump_only=True, metadata={"description": "Shown this once."})


def _token(token: ApiToken, secret: str | None = None) -> dict[str, Any]:
    body = {c: getattr(token, c) for c in TokenSchema().dump_fields if hasattr(token, c)}
    body["scopes"] = token.scope_list
    return {**body, "token": secret} if secret else body


def _client(client: ApiClient, secret: str | None = None) -> dict[str, Any]:
    body = {c: getattr(client, c) for c in ClientSchema().dump_fields if hasattr(client, c)}
    body["scopes"] = client.scopes.split()
    return {**body, "client_secret": secret} if secret else body


@blp.route("/api-tokens")
class Tokens(MethodView):
    @requires("apiaccess.personal")
    @blp.response(200, TokenSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Your personal tokens in this tenant, revoked and expired ones included."""
        return [_token(t) for t in service.personal_tokens(current_user)]

    @requires("apiaccess.personal")
    @blp.arguments(TokenSchema)
    @blp.response(201, IssuedTokenSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Make a personal token. Its secret is in this answer and never again."""
        issued = service.create_personal(current_user, data["name"], data["scopes"], data["days"])
        db.session.commit()
        return _token(issued.record, issued.secret)  # type: ignore[arg-type]


@blp.route("/api-tokens/<int:token_id>")
class Token(MethodView):
    @requires("apiaccess.personal")
    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Revoke one of your tokens: it stops working at once."""
        token = get_or_none(ApiToken, token_id)
        if token is None or not service.owns(current_user, token):
            abort(404)  # another's token is out of reach, like any record
        service.revoke(token, current_user.id)
        db.session.commit()


@blp.route("/integrations")
class Clients(MethodView):
    @requires("apiaccess.clients")
    @blp.response(200, ClientSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """The tenant's integrations (OAuth2 clients), revoked ones included."""
        return [_client(c) for c in service.clients()]

    @requires("apiaccess.clients")
    @blp.arguments(ClientSchema)
    @blp.response(201, IssuedClientSchema)
    def post(self, data: dict[str, Any]) -> dict[str, Any]:
        """Register an integration acting with your reach, narrowed by its scopes. Its
        secret is in this answer and never again."""
        if service.name_taken(data["name"]):
            invalid("name", "An integration with this name already exists.", 409)
        issued = service.register_client(current_user, data["name"], data["scopes"])
        db.session.commit()
        return _client(issued.record, issued.secret)  # type: ignore[arg-type]


@blp.route("/integrations/<int:client_id>")
class Client(MethodView):
    @requires("apiaccess.clients")
    @blp.response(204)
    def delete(self, client_id: int) -> None:
        """Revoke an integration and every token it holds."""
        service.revoke_client(get_or_404(ApiClient, client_id), current_user.id)
        db.session.commit()
