"""Signals as JSON: report a resident, list signals target group first, follow one up."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.core.db import today
from kring.core.paging import Page
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import methodologies
from kring.http.paging import PageArgsSchema, paged
from kring.people.validators import api_not_in_future, api_postcode
from kring.signals import service as signals
from kring.signals.models import Signal, SignalStatus

blp = Blueprint("api_signals", __name__, url_prefix="/t/<tenant>/api/v1", description="Signals")


class SignalSchema(Schema):
    id = fields.Int(dump_only=True)
    organisation_id = fields.Int(required=True)
    methodology = fields.Str(required=True)
    resident_name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postcode = fields.Str(
        load_default=None, allow_none=True, validate=[validate.Length(max=10), api_postcode]
    )
    birth_date = fields.Date(load_default=None, allow_none=True, validate=api_not_in_future)
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    status = fields.Str(dump_only=True)
    note = fields.Str(dump_only=True, allow_none=True)
    in_target_group = fields.Bool(dump_only=True)
    created_at = fields.DateTime(dump_only=True)


class SignalStatusSchema(Schema):
    status = fields.Enum(SignalStatus, required=True)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=4000))


def _json(row: signals.SignalRow) -> dict[str, Any]:
    s = row.signal
    return {
        "id": s.id,
        "organisation_id": s.organisation_id,
        "methodology": s.methodology_key,
        "resident_name": s.resident_name,
        "postcode": s.postcode,
        "birth_date": s.birth_date,
        "reason": s.reason,
        "status": s.status.value,
        "note": s.note,
        "in_target_group": row.in_target_group,
        "created_at": s.created_at,
    }


def _row(signal: Signal) -> signals.SignalRow:
    return signals.row(signal, methodologies(), today())


@blp.route("/signals")
class Signals(MethodView):
    @requires("signal.view")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SignalSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Signals, new before handled and the target group first, a page at a time; the
        ``Link`` header names the next page when there is one."""
        who = policy.viewer()
        found = signals.listing(
            methodologies(),
            today(),
            None,
            args["page"],
            args["per_page"],
            visible=policy.visible_signals(who),
        )
        log.shown(who, [r.signal.id for r in found.items], log.SIGNAL)
        page = Page([_json(r) for r in found.items], found.number, found.has_next)
        return paged(page, "api_signals.Signals", per_page=args["per_page"])

    @requires("signal.create")
    @blp.arguments(SignalSchema)
    @blp.response(201, SignalSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Report a resident to an organisation's team that takes signals."""
        destination = next(
            (
                d
                for d in signals.destinations(methodologies())
                if d.organisation.id == data["organisation_id"]
                and d.methodology.key == data["methodology"]
            ),
            None,
        ) or invalid("organisation_id", "this organisation takes no signals with that methodology")
        signal = perform(
            lambda: signals.report(
                destination,
                data["resident_name"],
                data["postcode"],
                data["birth_date"],
                data["reason"],
                current_user.id,
                today(),
            ),
            destination.methodology,
        )
        return _json(_row(signal))


@blp.route("/signals/<int:signal_id>/status")
class SignalStatusItem(MethodView):
    @requires("signal.handle")
    @blp.arguments(SignalStatusSchema)
    @blp.response(200, SignalSchema)
    def post(self, data: dict[str, Any], signal_id: int) -> Any:
        """Record how the team followed a signal up."""
        signal = policy.signal_or_404(signal_id)
        signals.set_status(signal, data["status"], data["note"], current_user.id)
        db.session.commit()
        return _json(_row(signal))
