"""Request and response shapes of the circle API; validation errors name the field at fault."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from kring.http.schemas import CheckSchema, UnmetSchema


class OutlookSchema(Schema):
    phase = fields.Str()
    is_ready = fields.Bool()
    checks = fields.List(fields.Nested(CheckSchema))


class MemberSchema(Schema):
    id = fields.Int(dump_only=True)
    person_id = fields.Int(required=True)
    person_name = fields.Str(dump_only=True)
    role = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    status = fields.Str(dump_only=True)
    joined_on = fields.Date(dump_only=True)
    left_on = fields.Date(dump_only=True, allow_none=True)
    leave_reason = fields.Str(dump_only=True, allow_none=True)
    attributes = fields.Dict(keys=fields.Str(), load_default=dict)
    phone = fields.Str(dump_only=True, allow_none=True)
    email = fields.Str(dump_only=True, allow_none=True)


class MemberAttributesSchema(Schema):
    attributes = fields.Dict(keys=fields.Str(), required=True)


class TransitionSchema(Schema):
    from_phase = fields.Str(allow_none=True)
    to_phase = fields.Str()
    reason = fields.Str(allow_none=True)
    moved_on = fields.Date()
    moved_at = fields.DateTime()


class CircleSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    methodology = fields.Str(required=True)
    organisation_id = fields.Int(required=True)
    neighbourhood_id = fields.Int(required=True)
    phase = fields.Str(dump_only=True)
    phase_since = fields.Date(dump_only=True)


class CircleDetailSchema(CircleSchema):
    members = fields.List(fields.Nested(MemberSchema), dump_only=True)
    history = fields.List(fields.Nested(TransitionSchema), dump_only=True)
    outlook = fields.List(fields.Nested(OutlookSchema), dump_only=True)
    warnings = fields.List(fields.Nested(UnmetSchema), dump_only=True)
    next_audit_due = fields.Date(dump_only=True, allow_none=True)
    member_counts = fields.Dict(keys=fields.Str(), values=fields.Int(), dump_only=True)


class PhaseMoveSchema(Schema):
    target = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    reason = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class IntakeSchema(Schema):
    interviewer_id = fields.Int(required=True)
    fits = fields.Bool(required=True)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class EndMembershipSchema(Schema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=60))
