"""The signed-in user, as JSON."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from kring.core.accounts import Role, roles_in_current_tenant
from kring.http.access import has_permission, permission_table, requires

blp = Blueprint("api_auth", __name__, url_prefix="/t/<tenant>/api/v1", description="Who I am")


class MeSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True)
    email = fields.Email(dump_only=True)
    roles = fields.List(fields.Enum(Role), dump_only=True)
    permissions = fields.List(fields.Str(), dump_only=True)


@blp.route("/me")
class Me(MethodView):
    @requires("tenant.view")
    @blp.response(200, MeSchema)
    def get(self) -> dict[str, Any]:
        """The signed-in user, with their roles and permissions in this tenant."""
        return {
            "id": current_user.id,
            "name": current_user.name,
            "email": current_user.email,
            "roles": sorted(roles_in_current_tenant(current_user)),
            "permissions": sorted(p for p in permission_table().known if has_permission(p)),
        }
