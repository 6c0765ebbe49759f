"""Signals as JSON: report a resident, list signals target group first, follow one up."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from kring.api.v1.circles import refuse
from kring.api.v1.errors import invalid
from kring.api.v1.schemas import SignalSchema, SignalStatusSchema
from kring.core import signals
from kring.core.circles import Refused
from kring.core.db import today
from kring.core.signals import Signal
from kring.extensions import db
from kring.web.access import requires
from kring.web.tenancy import get_or_404

blp = Blueprint("api_signals", __name__, url_prefix="/t/<tenant>/api/v1", description="Signals")


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


def _methodologies() -> Any:
    return current_app.extensions["kring.plugins"].methodologies()


def _row(signal: Signal) -> signals.SignalRow:
    return next(r for r in signals.listing(_methodologies(), today()) if r.signal.id == signal.id)


@blp.route("/signals")
class Signals(MethodView):
    @requires("signal.view")
    @blp.response(200, SignalSchema(many=True))
    def get(self) -> Any:
        """Signals, new before handled and the target group first."""
        return [_json(r) for r in signals.listing(_methodologies(), today())]

    @requires("signal.create")
    @blp.arguments(SignalSchema)
    @blp.response(201, SignalSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Report a resident to an organisation's team that takes signals."""
        destination = next(
            (
                d
                for d in signals.destinations(_methodologies())
                if d.organisation.id == data["organisation_id"]
                and d.methodology.key == data["methodology"]
            ),
            None,
        ) or invalid("organisation_id", "this organisation takes no signals with that methodology")
        try:
            signal = signals.report(
                destination,
                data["resident_name"],
                data["postcode"],
                data["birth_date"],
                data["reason"],
                current_user.id,
                today(),
            )
        except Refused as refused:
            refuse(refused, destination.methodology)
        db.session.commit()
        return _json(_row(signal))


@blp.route("/signals/<int:signal_id>/status")
class SignalStatusItem(MethodView):
    @requires("signal.handle")
    @blp.arguments(SignalStatusSchema)
    @blp.response(200, SignalSchema)
    def post(self, data: dict[str, Any], signal_id: int) -> Any:
        """Record how the team followed a signal up."""
        signal = get_or_404(Signal, signal_id)
        signals.set_status(signal, data["status"], data["note"], current_user.id)
        db.session.commit()
        return _json(_row(signal))
