"""The safety net as JSON: a circle's contact log and escalations, and the team's answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.core.db import today, utcnow
from kring.core.methodology import Methodology
from kring.core.paging import Page
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import methodologies
from kring.http.paging import PageArgsSchema, paged
from kring.safetynet import escalations as escalation_service
from kring.safetynet import service as safetynet
from kring.safetynet.lookup import (
    escalation_to_handle,
    escalation_to_read,
    methodology_of,
    sensitive_circles,
)
from kring.safetynet.models import ContactKind, Escalation
from kring.safetynet.service import NOTE_MAX

blp = Blueprint(
    "api_safetynet", __name__, url_prefix="/t/<tenant>/api/v1", description="The safety net"
)

_TEXT = validate.Length(min=1, max=NOTE_MAX)


class ContactLogSchema(Schema):
    id = fields.Int(dump_only=True)
    person_id = fields.Int(required=True)
    person_name = fields.Str(dump_only=True)
    contact_on = fields.Date(required=True)
    kind = fields.Enum(ContactKind, required=True)
    note = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=NOTE_MAX))
    is_sensitive = fields.Bool(load_default=False)
    note_hidden = fields.Bool(dump_only=True)
    logged_by = fields.Str(dump_only=True, allow_none=True)


class EscalationSchema(Schema):
    id = fields.Int(dump_only=True)
    circle_id = fields.Int(dump_only=True)
    person_id = fields.Int(required=True)
    person_name = fields.Str(dump_only=True)
    severity = fields.Str(required=True, validate=validate.Length(min=1, max=40))
    question = fields.Str(required=True, allow_none=True, validate=_TEXT)
    is_sensitive = fields.Bool(load_default=False)
    note_hidden = fields.Bool(dump_only=True)
    step = fields.Int(dump_only=True)
    step_key = fields.Str(dump_only=True)
    is_last_step = fields.Bool(dump_only=True)
    raised_by = fields.Str(dump_only=True, allow_none=True)
    raised_at = fields.DateTime(dump_only=True)
    due_by = fields.DateTime(dump_only=True)
    is_overdue = fields.Bool(dump_only=True)
    answer = fields.Str(dump_only=True, allow_none=True)
    answered_by = fields.Str(dump_only=True, allow_none=True)
    answered_at = fields.DateTime(dump_only=True, allow_none=True)
    resolution = fields.Str(dump_only=True, allow_none=True)
    resolved_by = fields.Str(dump_only=True, allow_none=True)
    resolved_at = fields.DateTime(dump_only=True, allow_none=True)


class AnswerSchema(Schema):
    answer = fields.Str(required=True, validate=_TEXT)


class ResolveSchema(Schema):
    resolution = fields.Str(required=True, validate=_TEXT)


class EscalationListArgs(Schema):
    open = fields.Bool(load_default=False, metadata={"description": "only open escalations"})


def _escalation(escalation: Escalation) -> escalation_service.EscalationRow:
    who = policy.viewer()
    return escalation_service.escalation_row(
        escalation, methodologies(), who.user_id, sensitive_circles(), utcnow()
    )


@blp.route("/circles/<int:circle_id>/contacts")
class CircleContacts(MethodView):
    @requires("contact.view")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ContactLogSchema(many=True))
    def get(self, args: dict[str, Any], circle_id: int) -> Any:
        """The circle's contact log, latest first, a page at a time; a sensitive note the
        reader may not read is ``null`` with ``note_hidden``."""
        circle = policy.contact_log_or_404(circle_id)
        who = policy.viewer()
        found = safetynet.contact_log(
            circle, who.user_id, sensitive_circles(), args["page"], args["per_page"]
        )
        log.shown(who, [r.person_id for r in found.items])
        page = Page(list(found.items), found.number, found.has_next)
        return paged(
            page, "api_safetynet.CircleContacts", circle_id=circle.id, per_page=args["per_page"]
        )

    @requires("contact.log")
    @blp.arguments(ContactLogSchema)
    @blp.response(201, ContactLogSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Log a contact with a current member of the circle."""
        circle = policy.contact_log_or_404(circle_id)
        contact = perform(
            lambda: safetynet.log_contact(
                circle,
                data["person_id"],
                data["contact_on"],
                data["kind"],
                data["note"],
                data["is_sensitive"],
                current_user.id,
                today(),
            ),
            methodology_of(circle),
        )
        return safetynet.contact_row(contact, current_user.id, sensitive_circles())


@blp.route("/circles/<int:circle_id>/escalations")
class CircleEscalations(MethodView):
    @requires("escalation.view")
    @blp.arguments(EscalationListArgs, location="query")
    @blp.response(200, EscalationSchema(many=True))
    def get(self, args: dict[str, Any], circle_id: int) -> Any:
        """The circle's escalations the reader may see: open ones first, most overdue on top."""
        circle = policy.contact_log_or_404(circle_id)
        who = policy.viewer()
        rows = escalation_service.escalations(
            policy.visible_escalations(who),
            methodologies(),
            who.user_id,
            sensitive_circles(),
            utcnow(),
            circle_id=circle.id,
            only_open=args["open"],
        )
        log.shown(who, [r.person_id for r in rows])
        return rows

    @requires("escalation.raise")
    @blp.arguments(EscalationSchema)
    @blp.response(201, EscalationSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Raise a question about a member to the next step of the methodology's ladder."""
        circle = policy.contact_log_or_404(circle_id)
        m = methodology_of(circle)
        escalation = perform(
            lambda: escalation_service.raise_escalation(
                circle,
                m,
                data["person_id"],
                data["severity"],
                data["question"] or "",
                data["is_sensitive"],
                current_user.id,
                utcnow(),
            ),
            m,
        )
        return _escalation(escalation)


@blp.route("/circles/<int:circle_id>/escalations/<int:escalation_id>")
class CircleEscalation(MethodView):
    @requires("escalation.view")
    @blp.response(200, EscalationSchema)
    def get(self, circle_id: int, escalation_id: int) -> Any:
        """One escalation, with where it sits on the ladder and by when it should be answered."""
        circle = policy.contact_log_or_404(circle_id)
        return _escalation(escalation_to_read(escalation_id, circle))


def _handled(
    circle_id: int, escalation_id: int, act: Callable[[Escalation, Methodology], object]
) -> Any:
    """Run one of the team's commands on an escalation of this circle it handles."""
    circle = policy.contact_log_or_404(circle_id)
    escalation, _circle, m = escalation_to_handle(escalation_id, circle)
    perform(lambda: act(escalation, m), m)
    return _escalation(escalation)


@blp.route("/circles/<int:circle_id>/escalations/<int:escalation_id>/answer")
class EscalationAnswer(MethodView):
    @requires("escalation.handle")
    @blp.arguments(AnswerSchema)
    @blp.response(200, EscalationSchema)
    def post(self, data: dict[str, Any], circle_id: int, escalation_id: int) -> Any:
        """Answer an open escalation (the team of the circle)."""
        return _handled(
            circle_id,
            escalation_id,
            lambda e, _m: escalation_service.answer(e, data["answer"], current_user.id, utcnow()),
        )


@blp.route("/circles/<int:circle_id>/escalations/<int:escalation_id>/pass-up")
class EscalationPassUp(MethodView):
    @requires("escalation.handle")
    @blp.response(200, EscalationSchema)
    def post(self, circle_id: int, escalation_id: int) -> Any:
        """Pass an open escalation to the next step of the ladder (409 at the last step)."""
        return _handled(
            circle_id,
            escalation_id,
            lambda e, m: escalation_service.pass_up(e, m, current_user.id, utcnow()),
        )


@blp.route("/circles/<int:circle_id>/escalations/<int:escalation_id>/resolve")
class EscalationResolve(MethodView):
    @requires("escalation.handle")
    @blp.arguments(ResolveSchema)
    @blp.response(200, EscalationSchema)
    def post(self, data: dict[str, Any], circle_id: int, escalation_id: int) -> Any:
        """Resolve an open escalation, saying how."""
        return _handled(
            circle_id,
            escalation_id,
            lambda e, _m: escalation_service.resolve(
                e, data["resolution"], current_user.id, utcnow()
            ),
        )


@blp.route("/escalations")
class Escalations(MethodView):
    @requires("escalation.view")
    @blp.arguments(EscalationListArgs, location="query")
    @blp.response(200, EscalationSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Every escalation the reader may see (the home page's "open escalations" with
        ``?open=true``): open ones first, the most overdue at the top."""
        who = policy.viewer()
        rows = escalation_service.escalations(
            policy.visible_escalations(who),
            methodologies(),
            who.user_id,
            sensitive_circles(),
            utcnow(),
            only_open=args["open"],
        )
        log.shown(who, [r.person_id for r in rows])
        return rows
