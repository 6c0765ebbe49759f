"""Circles, members and phases, as JSON. Refusals answer 409 (the state does not allow it) or
422 (the request names something that does not exist), always with every unmet condition."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort

from kring.api.v1.errors import invalid
from kring.api.v1.schemas import (
    CircleDetailSchema,
    CircleSchema,
    EndMembershipSchema,
    IntakeSchema,
    MemberAttributesSchema,
    MemberSchema,
    PhaseMoveSchema,
)
from kring.core import circles
from kring.core.circles import Circle, CircleMember, Refused
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.core.people import Neighbourhood, Person
from kring.core.tenancy import Organisation
from kring.extensions import db
from kring.web.access import requires
from kring.web.methodologies import (
    as_json,
    circle_or_404,
    explain_here,
    hooks_for,
    member_or_404,
)
from kring.web.tenancy import get_or_404

blp = Blueprint("api_circles", __name__, url_prefix="/t/<tenant>/api/v1", description="Circles")

# Refusals about the request itself rather than the circle's state.
INPUT_RULES = frozenset(
    {
        "phase.unknown",
        "role.unknown",
        "attribute.unknown",
        "attribute.required",
        "attribute.invalid",
        "leave.unknown_reason",
        "circle.name",
        "survey.unknown",
        "survey.answer",
        "survey.unknown_item",
        "survey.date",
        "survey.score",
    }
)


def refuse(refused: Refused, m: Methodology) -> NoReturn:
    db.session.rollback()
    status = 422 if all(u.rule in INPUT_RULES for u in refused.unmet) else 409
    abort(
        status,
        message="; ".join(explain_here(u, m) for u in refused.unmet),
        unmet=[as_json(u, m) for u in refused.unmet],
    )
    raise AssertionError("abort always raises")  # pragma: no cover


def _member_json(member: CircleMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "person_id": member.person_id,
        "person_name": member.person.name,
        "role": member.role,
        "status": member.status.value,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
        "leave_reason": member.leave_reason,
        "attributes": member.attributes,
    }


def _circle_json(circle: Circle) -> dict[str, Any]:
    return {
        "id": circle.id,
        "name": circle.name,
        "methodology": circle.methodology_key,
        "organisation_id": circle.organisation_id,
        "neighbourhood_id": circle.neighbourhood_id,
        "phase": circle.phase,
        "phase_since": circle.phase_since,
    }


def _detail(circle: Circle) -> dict[str, Any]:
    hooks = hooks_for(circle.methodology_key)
    m = hooks.methodology
    return {
        **_circle_json(circle),
        "members": [_member_json(x) for x in circles.members_of(circle, include_ended=True)],
        "history": circles.history(circle),
        "outlook": [
            {
                "phase": step.phase,
                "is_ready": step.is_ready,
                "checks": [{**as_json(c.unmet, m), "is_met": c.is_met} for c in step.checks]
                + [{**as_json(u, m), "is_met": False} for u in step.plugin_unmet],
            }
            for step in circles.outlook(circle, hooks, today())
        ],
        "warnings": [as_json(u, m) for u in circles.workload_warnings(circle, m)],
        "first_audit_due": circles.first_audit_due(circle, m),
    }


@blp.route("/circles")
class Circles(MethodView):
    @requires("circle.view")
    @blp.response(200, CircleSchema(many=True))
    def get(self) -> Any:
        """Every circle of this tenant."""
        return [_circle_json(s.circle) for s in circles.summaries()]

    @requires("circle.edit")
    @blp.arguments(CircleSchema)
    @blp.response(201, CircleDetailSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Start a circle in its methodology's first phase."""
        organisation = get_or_404(Organisation, data["organisation_id"])
        neighbourhood = get_or_404(Neighbourhood, data["neighbourhood_id"])
        if data["methodology"] not in current_app.extensions["kring.plugins"].methodologies():
            invalid("methodology", "no such methodology is installed")
        hooks = hooks_for(data["methodology"])
        try:
            circle = circles.create_circle(
                hooks, organisation, neighbourhood, data["name"], current_user.id, today()
            )
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _detail(circle)


@blp.route("/circles/<int:circle_id>")
class CircleItem(MethodView):
    @requires("circle.view")
    @blp.response(200, CircleDetailSchema)
    def get(self, circle_id: int) -> Any:
        """A circle with its members, phase history and what the methodology still expects."""
        return _detail(get_or_404(Circle, circle_id))


@blp.route("/circles/<int:circle_id>/members")
class CircleMembers(MethodView):
    @requires("circle.view")
    @blp.response(200, MemberSchema(many=True))
    def get(self, circle_id: int) -> Any:
        """Every membership of the circle, ended ones included."""
        circle = get_or_404(Circle, circle_id)
        return [_member_json(x) for x in circles.members_of(circle, include_ended=True)]

    @requires("circle.edit")
    @blp.arguments(MemberSchema)
    @blp.response(201, MemberSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Let a person join in a role (a candidate first where the methodology has an intake)."""
        circle = get_or_404(Circle, circle_id)
        person = get_or_404(Person, data["person_id"])
        hooks = hooks_for(circle.methodology_key)
        try:
            member = circles.add_member(
                circle, person, data["role"], hooks, current_user.id, today(), data["attributes"]
            )
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _member_json(circles.member_of(circle, member.id) or member)


@blp.route("/circles/<int:circle_id>/members/<int:member_id>")
class MemberItem(MethodView):
    @requires("circle.view")
    @blp.response(200, MemberSchema)
    def get(self, circle_id: int, member_id: int) -> Any:
        """One membership."""
        return _member_json(member_or_404(get_or_404(Circle, circle_id), member_id))

    @requires("circle.edit")
    @blp.arguments(MemberAttributesSchema)
    @blp.response(200, MemberSchema)
    def patch(self, data: dict[str, Any], circle_id: int, member_id: int) -> Any:
        """Record facts about a member (given values replace recorded ones; "" clears one)."""
        circle, hooks = circle_or_404(circle_id)
        member = member_or_404(circle, member_id)
        try:
            circles.set_attributes(member, data["attributes"], hooks, current_user.id)
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _member_json(member)


@blp.route("/circles/<int:circle_id>/members/<int:member_id>/intake")
class MemberIntake(MethodView):
    @requires("circle.intake")
    @blp.arguments(IntakeSchema)
    @blp.response(200, MemberSchema)
    def post(self, data: dict[str, Any], circle_id: int, member_id: int) -> Any:
        """Record a candidate's intake: a fit joins the circle, no fit ends the candidacy."""
        circle, hooks = circle_or_404(circle_id)
        member = member_or_404(circle, member_id)
        interviewer = circles.member_of(circle, data["interviewer_id"]) or invalid(
            "interviewer_id", "not a member of this circle"
        )
        try:
            circles.complete_intake(
                member, interviewer, data["fits"], data["note"], hooks, current_user.id, today()
            )
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _member_json(member)


@blp.route("/circles/<int:circle_id>/members/<int:member_id>/end")
class MemberEnd(MethodView):
    @requires("circle.edit")
    @blp.arguments(EndMembershipSchema)
    @blp.response(200, MemberSchema)
    def post(self, data: dict[str, Any], circle_id: int, member_id: int) -> Any:
        """End a membership; members whose support need ended may stay on as alumni."""
        circle, hooks = circle_or_404(circle_id)
        member = member_or_404(circle, member_id)
        try:
            circles.end_membership(member, data["reason"], hooks, current_user.id, today())
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _member_json(member)


@blp.route("/circles/<int:circle_id>/phase")
class CirclePhase(MethodView):
    @requires("circle.edit")
    @blp.arguments(PhaseMoveSchema)
    @blp.response(200, CircleDetailSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Move the circle to a next phase, or answer why not."""
        circle, hooks = circle_or_404(circle_id)
        try:
            circles.move_phase(
                circle, data["target"], hooks, current_user.id, data["reason"], today()
            )
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _detail(circle)
