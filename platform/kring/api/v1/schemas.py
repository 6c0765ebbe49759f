"""Request and response shapes of API v1; validation errors name the field that is wrong."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from kring.core.accounts import Role
from kring.core.signals import SignalStatus
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


class NeighbourhoodSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    cbs_code = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=20))
    postcodes = fields.List(fields.Str(validate=validate.Length(min=2, max=10)), load_default=list)


class PersonSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postcode = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=10))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    birth_date = fields.Date(load_default=None, allow_none=True)


class TrainingRecordSchema(Schema):
    training = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    completed_on = fields.Date(required=True)


class UnmetSchema(Schema):
    rule = fields.Str()
    message = fields.Str()
    params = fields.Dict()


class CheckSchema(UnmetSchema):
    is_met = fields.Bool()


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
    first_audit_due = fields.Date(dump_only=True, allow_none=True)


class PhaseMoveSchema(Schema):
    target = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    reason = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class IntakeSchema(Schema):
    interviewer_id = fields.Int(required=True)
    fits = fields.Bool(required=True)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class EndMembershipSchema(Schema):
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=60))


class SignalSchema(Schema):
    id = fields.Int(dump_only=True)
    organisation_id = fields.Int(required=True)
    methodology = fields.Str(required=True)
    resident_name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postcode = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=10))
    birth_date = fields.Date(load_default=None, allow_none=True)
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    status = fields.Str(dump_only=True)
    note = fields.Str(dump_only=True, allow_none=True)
    in_target_group = fields.Bool(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class SignalStatusSchema(Schema):
    status = fields.Enum(SignalStatus, required=True)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=4000))


class SurveyResponseSchema(Schema):
    id = fields.Int(dump_only=True)
    methodology = fields.Str(required=True)
    survey = fields.Str(required=True)
    answers = fields.Dict(keys=fields.Str(), values=fields.Str(), required=True)
    taken_on = fields.Date(required=True)
    scores = fields.Dict(dump_only=True)
