"""Request and response shapes of API v1; validation errors name the field that is wrong."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from kring.core.accounts import Role
from kring.core.tenancy import OrganisationKind


class MeSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True)
    email = fields.Email(dump_only=True)
    roles = fields.List(fields.Enum(Role), dump_only=True)
    permissions = fields.List(fields.Str(), dump_only=True)


class OrganisationSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.Enum(OrganisationKind, required=True)
    methodologies = fields.List(fields.Str(), dump_only=True)


class EnableMethodologySchema(Schema):
    methodology = fields.Str(required=True, validate=validate.Length(min=1, max=40))
