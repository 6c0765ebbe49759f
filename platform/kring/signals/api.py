"""Signals as JSON: report a resident, see one's own reports picked up, and for the team: the
queue target group first, one signal, asking a volunteer, the conversation, the outcome, and
the figures per neighbourhood."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.core.db import today, utcnow
from kring.core.paging import Page
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import hooks_for, methodologies
from kring.http.paging import PageArgsSchema, paged
from kring.people.validators import api_not_in_future, api_postcode
from kring.signals import dashboard as counts
from kring.signals import followup, lookup
from kring.signals import service as signals
from kring.signals.models import AnonymousFollowUp, Signal, SignalOutcome

blp = Blueprint("api_signals", __name__, url_prefix="/t/<tenant>/api/v1", description="Signals")


class NewSignalSchema(Schema):
    organisation_id = fields.Int(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Where the signal goes when no neighbourhood team covers the "
            "postcode; leave out to let the postcode decide."
        },
    )
    methodology = fields.Str(load_default=None, allow_none=True)
    has_consent = fields.Bool(
        required=True,
        metadata={
            "description": "The resident agreed to be contacted; without it no name or "
            "birth date is kept."
        },
    )
    resident_name = fields.Str(load_default="", validate=validate.Length(max=200))
    address = fields.Str(load_default="", validate=validate.Length(max=200))
    postcode = fields.Str(required=True, validate=[validate.Length(min=1, max=10), api_postcode])
    birth_date = fields.Date(load_default=None, allow_none=True, validate=api_not_in_future)
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=4000))


class OwnSignalSchema(Schema):
    """What the signaller sees of their report: that it was picked up, never the notes."""

    id = fields.Int()
    postcode = fields.Str(allow_none=True)
    created_at = fields.DateTime()
    is_picked_up = fields.Bool()
    picked_up_on = fields.Date(allow_none=True)


class SignalSchema(Schema):
    id = fields.Int()
    organisation_id = fields.Int()
    methodology = fields.Str()
    circle_id = fields.Int(allow_none=True, metadata={"description": "The neighbourhood team."})
    resident_name = fields.Str(allow_none=True)
    address = fields.Str(allow_none=True)
    postcode = fields.Str(allow_none=True)
    birth_date = fields.Date(allow_none=True)
    has_consent = fields.Bool()
    reason = fields.Str()
    status = fields.Str()
    note = fields.Str(allow_none=True)
    assigned_to_id = fields.Int(allow_none=True)
    picked_up_at = fields.DateTime(allow_none=True)
    anonymous_follow_up = fields.Str(allow_none=True)
    contacted_on = fields.Date(allow_none=True)
    loneliness = fields.Dict(allow_none=True)
    outcome = fields.Str(allow_none=True)
    in_target_group = fields.Bool()
    created_at = fields.DateTime()


class SignalAssignSchema(Schema):
    volunteer_id = fields.Int(required=True)


class SignalVolunteerSchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    role = fields.Str()


class SignalConversationSchema(Schema):
    contacted_on = fields.Date(required=True, validate=api_not_in_future)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=4000))
    answers = fields.Dict(
        keys=fields.Str(),
        values=fields.Str(),
        load_default=None,
        allow_none=True,
        metadata={
            "description": "The loneliness scale, every item answered, when the resident "
            "agreed to answer."
        },
    )


class SignalAnonymousSchema(Schema):
    follow_up = fields.Enum(
        AnonymousFollowUp,
        required=True,
        metadata={
            "description": "card: a card at the address; ask_again: the reporter asks "
            "the resident again (they hear of it); none: nothing for now."
        },
    )


class SignalCloseSchema(Schema):
    outcome = fields.Enum(SignalOutcome, required=True)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=4000))


class NeighbourhoodFiguresSchema(Schema):
    neighbourhood = fields.Str(allow_none=True)
    received = fields.Int()
    picked_up = fields.Int()
    waiting = fields.Int()
    median_days_to_pick_up = fields.Float(allow_none=True)
    outcomes = fields.Dict(keys=fields.Str(), values=fields.Int())


def _json(row: signals.SignalRow) -> dict[str, Any]:
    s = row.signal
    return {
        "id": s.id,
        "organisation_id": s.organisation_id,
        "methodology": s.methodology_key,
        "circle_id": s.circle_id,
        "resident_name": s.resident_name,
        "address": s.address,
        "postcode": s.postcode,
        "birth_date": s.birth_date,
        "has_consent": s.has_consent,
        "reason": s.reason,
        "status": s.status.value,
        "note": s.note,
        "assigned_to_id": s.assigned_to_id,
        "picked_up_at": s.picked_up_at,
        "anonymous_follow_up": s.anonymous_follow_up.value if s.anonymous_follow_up else None,
        "contacted_on": s.contacted_on,
        "loneliness": s.loneliness,
        "outcome": s.outcome.value if s.outcome else None,
        "in_target_group": row.in_target_group,
        "created_at": s.created_at,
    }


def _own(s: Signal) -> dict[str, Any]:
    return {
        "id": s.id,
        "postcode": s.postcode,
        "created_at": s.created_at,
        "is_picked_up": s.picked_up_at is not None,
        "picked_up_on": s.picked_up_at.date() if s.picked_up_at else None,
    }


def _row(signal: Signal) -> signals.SignalRow:
    return signals.row(signal, methodologies(), today())


@blp.route("/signals")
class Signals(MethodView):
    @requires("signal.view")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SignalSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Signals to follow up, waiting first and the target group first, a page at a time;
        the ``Link`` header names the next page when there is one."""
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
    @blp.arguments(NewSignalSchema)
    @blp.response(201, OwnSignalSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Report a resident: to the neighbourhood team of the postcode, or where no team
        covers it to the named organisation's team."""
        found = signals.destinations(methodologies())
        chosen = None
        if data["organisation_id"] is not None:
            chosen = next(
                (
                    d
                    for d in found
                    if d.organisation.id == data["organisation_id"]
                    and d.methodology.key == data["methodology"]
                ),
                None,
            ) or invalid(
                "organisation_id", "this organisation takes no signals with that methodology"
            )
        told = signals.Report(
            postcode=data["postcode"],
            reason=data["reason"],
            has_consent=data["has_consent"],
            resident_name=data["resident_name"],
            address=data["address"],
            birth_date=data["birth_date"],
        )
        explained_by = chosen or next(iter(found), None)
        signal = perform(
            lambda: signals.report(found, chosen, told, current_user.id, today()),
            explained_by.methodology if explained_by else None,
        )
        return _own(signal)


@blp.route("/signals/mine")
class OwnSignals(MethodView):
    @requires("signal.create")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, OwnSignalSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """The signaller's own reports, newest first: whether the team picked each one up."""
        found = signals.listing(
            methodologies(), today(), current_user.id, args["page"], args["per_page"]
        )
        page = Page([_own(r.signal) for r in found.items], found.number, found.has_next)
        return paged(page, "api_signals.OwnSignals", per_page=args["per_page"])


@blp.route("/signals/<int:signal_id>")
class SignalItem(MethodView):
    @requires("signal.view")
    @blp.response(200, SignalSchema)
    def get(self, signal_id: int) -> Any:
        """One signal and how far its follow-up got."""
        signal, _m = lookup.signal_to_follow(signal_id)
        return _json(_row(signal))


@blp.route("/signals/<int:signal_id>/volunteers")
class SignalVolunteers(MethodView):
    @requires("signal.assign")
    @blp.response(200, SignalVolunteerSchema(many=True))
    def get(self, signal_id: int) -> Any:
        """Who of the neighbourhood team may be asked to make contact."""
        signal, m = lookup.signal_to_lead(signal_id)
        return [v.__dict__ for v in followup.volunteers(signal, m)]


@blp.route("/signals/<int:signal_id>/assign")
class SignalAssign(MethodView):
    @requires("signal.assign")
    @blp.arguments(SignalAssignSchema)
    @blp.response(200, SignalSchema)
    def post(self, data: dict[str, Any], signal_id: int) -> Any:
        """Ask a trained volunteer of the team to make contact; they hear of it."""
        signal, m = lookup.signal_to_lead(signal_id)
        perform(
            lambda: followup.assign(signal, data["volunteer_id"], m, current_user.id, utcnow()),
            m,
        )
        return _json(_row(signal))


@blp.route("/signals/<int:signal_id>/anonymous")
class SignalAnonymous(MethodView):
    @requires("signal.assign")
    @blp.arguments(SignalAnonymousSchema)
    @blp.response(200, SignalSchema)
    def post(self, data: dict[str, Any], signal_id: int) -> Any:
        """The team's follow-up of a resident who did not agree to be contacted."""
        signal, m = lookup.signal_to_lead(signal_id)
        perform(
            lambda: followup.decide_anonymous(signal, data["follow_up"], current_user.id, utcnow()),
            m,
        )
        return _json(_row(signal))


@blp.route("/signals/<int:signal_id>/conversation")
class SignalConversation(MethodView):
    @requires("signal.handle")
    @blp.arguments(SignalConversationSchema)
    @blp.response(200, SignalSchema)
    def post(self, data: dict[str, Any], signal_id: int) -> Any:
        """The conversation with the resident, with the loneliness scale when they answered it
        (every item, or none)."""
        signal, m = lookup.signal_to_follow(signal_id)
        answers, scores = data["answers"] or None, {}
        if answers:
            survey = followup.scale_of(m)
            if survey is None:
                invalid("answers", "this methodology asks no scale in the conversation")
            try:
                scores = hooks_for(m.key).score_survey(survey.key, answers)
            except ValueError as exc:
                invalid("answers", str(exc))
        perform(
            lambda: followup.record_conversation(
                signal,
                data["contacted_on"],
                data["note"],
                answers,
                scores,
                current_user.id,
                utcnow(),
            ),
            m,
        )
        return _json(_row(signal))


@blp.route("/signals/<int:signal_id>/close")
class SignalClose(MethodView):
    @requires("signal.handle")
    @blp.arguments(SignalCloseSchema)
    @blp.response(200, SignalSchema)
    def post(self, data: dict[str, Any], signal_id: int) -> Any:
        """End the signal with its outcome."""
        signal, m = lookup.signal_to_follow(signal_id)
        perform(
            lambda: followup.close(
                signal, data["outcome"], data["note"], current_user.id, utcnow()
            ),
            m,
        )
        return _json(_row(signal))


@blp.route("/signals/dashboard")
class SignalDashboard(MethodView):
    @requires("signal.dashboard")
    @blp.response(200, NeighbourhoodFiguresSchema(many=True))
    def get(self) -> Any:
        """Signals of the past year per neighbourhood: received, picked up, still waiting,
        median days to pick up, and outcomes; ``neighbourhood`` null for those no team covers."""
        found = counts.figures(utcnow(), policy.dashboard_signals(policy.viewer()))
        return [
            {
                "neighbourhood": f.name,
                "received": f.received,
                "picked_up": f.picked_up,
                "waiting": f.waiting,
                "median_days_to_pick_up": f.median_days,
                "outcomes": {o.value: n for o, n in f.outcomes.items()},
            }
            for f in found
        ]
