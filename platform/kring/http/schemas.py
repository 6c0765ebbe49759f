"""Shapes the whole API shares: a refusal and a checklist line."""

from __future__ import annotations

from marshmallow import Schema, fields


class UnmetSchema(Schema):
    rule = fields.Str()
    message = fields.Str()
    params = fields.Dict()


class CheckSchema(UnmetSchema):
    is_met = fields.Bool()
