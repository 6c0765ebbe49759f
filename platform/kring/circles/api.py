"""Circles, members and phases, as JSON: the same services and read model as the pages.

Refusals answer 409 (the circle's state does not allow it) or 422 (the request itself is wrong,
as each ``Unmet`` says), always with every unmet condition.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint

from kring.access import log, policy
from kring.circles import membership, overview, phases, queries
from kring.circles.lookup import circle_to_change, circle_to_read, member_or_404
from kring.circles.models import Circle, CircleMember
from kring.circles.schemas import (
    CircleDetailSchema,
    CircleSchema,
    EndMembershipSchema,
    IntakeSchema,
    MemberAttributesSchema,
    MemberSchema,
    PhaseMoveSchema,
)
from kring.core.access import Reach
from kring.core.db import today
from kring.core.paging import Page
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import as_json, hooks_for, methodologies
from kring.http.paging import PageArgsSchema, paged
from kring.http.tenancy import get_or_404
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood
from kring.plugins import MethodologyHooks

blp = Blueprint("api_circles", __name__, url_prefix="/t/<tenant>/api/v1", description="Circles")


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
    """The circle page's read model as JSON, as far as the reader reaches."""
    who = policy.viewer()
    reach = policy.circle_reach(who, circle)
    view = overview.of(circle, hooks_for(circle.methodology_key), today(), who, reach)
    m = view.methodology
    return {
        "id": view.id,
        "name": view.name,
        "methodology": m.key,
        "organisation_id": view.organisation_id,
        "neighbourhood_id": view.neighbourhood_id,
        "phase": view.phase,
        "phase_since": view.phase_since,
        "members": view.members,
        "history": view.history,
        "outlook": [
            {
                "phase": step.phase,
                "is_ready": step.is_ready,
                "checks": [{**as_json(c.unmet, m), "is_met": c.is_met} for c in step.checks]
                + [{**as_json(u, m), "is_met": False} for u in step.plugin_unmet],
            }
            for step in view.outlook
        ],
        "warnings": [as_json(u, m) for u in view.warnings],
        "next_audit_due": view.next_audit_due,
        "member_counts": view.counts,
    }


def _member(circle: Circle, member_id: int) -> overview.MemberLine:
    """One membership as far as the reader reaches; below first names it is not found."""
    reach = policy.circle_reach(policy.viewer(), circle)
    if reach < Reach.first_names:
        abort(404)
    member = member_or_404(circle, member_id)
    log.shown(policy.viewer(), [member.person_id])
    return overview.MemberLine.of(member, reach)


def _change(
    circle_id: int,
    member_id: int,
    command: Callable[[CircleMember, MethodologyHooks], object],
    intake: bool = False,
) -> overview.MemberLine:
    """Run one command on a membership of a circle of this tenant, and answer the membership
    as it is afterwards (or every reason it was refused)."""
    circle, hooks = circle_to_change(circle_id, intake=intake)
    member = member_or_404(circle, member_id)
    perform(lambda: command(member, hooks), hooks.methodology)
    return _member(circle, member.id)


@blp.route("/circles")
class Circles(MethodView):
    @requires("circle.view")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, CircleSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """The tenant's circles by name, a page at a time; the ``Link`` header names the next
        page when there is one."""
        visible = policy.visible_circles(policy.viewer())
        found = queries.summaries(visible, args["page"], args["per_page"])
        page = Page([_circle_json(s.circle) for s in found.items], found.number, found.has_next)
        return paged(page, "api_circles.Circles", per_page=args["per_page"])

    @requires("circle.edit")
    @blp.arguments(CircleSchema)
    @blp.response(201, CircleDetailSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Start a circle in its methodology's first phase."""
        organisation = get_or_404(Organisation, data["organisation_id"])
        if not policy.leads(policy.viewer(), organisation.id):
            abort(404)
        neighbourhood = get_or_404(Neighbourhood, data["neighbourhood_id"])
        if data["methodology"] not in methodologies():
            invalid("methodology", "no such methodology is installed")
        hooks = hooks_for(data["methodology"])
        circle = perform(
            lambda: phases.create_circle(
                hooks, organisation, neighbourhood, data["name"], current_user.id, today()
            ),
            hooks.methodology,
        )
        return _detail(circle)


@blp.route("/circles/<int:circle_id>")
class CircleItem(MethodView):
    @requires("circle.view")
    @blp.response(200, CircleDetailSchema)
    def get(self, circle_id: int) -> Any:
        """A circle with its members, phase history and what the methodology still expects."""
        circle, _hooks, _reach = circle_to_read(circle_id)
        return _detail(circle)


@blp.route("/circles/<int:circle_id>/members")
class CircleMembers(MethodView):
    @requires("circle.view")
    @blp.response(200, MemberSchema(many=True))
    def get(self, circle_id: int) -> Any:
        """Every membership of the circle, ended ones included."""
        circle, _hooks, reach = circle_to_read(circle_id)
        if reach < Reach.first_names:
            return []
        members = queries.members_of(circle, include_ended=True)
        log.shown(policy.viewer(), [x.person_id for x in members])
        return [overview.MemberLine.of(x, reach) for x in members]

    @requires("circle.edit")
    @blp.arguments(MemberSchema)
    @blp.response(201, MemberSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Let a person join in a role (a candidate first where the methodology has an intake)."""
        circle, hooks = circle_to_change(circle_id)
        person = policy.get_in_reach(data["person_id"]) or abort(404)
        member = perform(
            lambda: membership.add_member(
                circle, person, data["role"], hooks, current_user.id, today(), data["attributes"]
            ),
            hooks.methodology,
        )
        return _member(circle, member.id)


@blp.route("/circles/<int:circle_id>/members/<int:member_id>")
class MemberItem(MethodView):
    @requires("circle.view")
    @blp.response(200, MemberSchema)
    def get(self, circle_id: int, member_id: int) -> Any:
        """One membership."""
        circle, _hooks, _reach = circle_to_read(circle_id)
        return _member(circle, member_id)

    @requires("circle.edit")
    @blp.arguments(MemberAttributesSchema)
    @blp.response(200, MemberSchema)
    def patch(self, data: dict[str, Any], circle_id: int, member_id: int) -> Any:
        """Record facts about a member (given values replace recorded ones; "" clears one)."""
        return _change(
            circle_id,
            member_id,
            lambda member, hooks: membership.set_attributes(
                member, data["attributes"], hooks, current_user.id
            ),
        )


@blp.route("/circles/<int:circle_id>/members/<int:member_id>/intake")
class MemberIntake(MethodView):
    @requires("circle.intake")
    @blp.arguments(IntakeSchema)
    @blp.response(200, MemberSchema)
    def post(self, data: dict[str, Any], circle_id: int, member_id: int) -> Any:
        """Record a candidate's intake: a fit joins the circle, no fit ends the candidacy."""

        def hold(member: CircleMember, hooks: MethodologyHooks) -> object:
            interviewer = queries.member_of(
                circle_to_read(circle_id)[0], data["interviewer_id"]
            ) or invalid("interviewer_id", "not a member of this circle")
            return membership.complete_intake(
                member, interviewer, data["fits"], data["note"], hooks, current_user.id, today()
            )

        return _change(circle_id, member_id, hold, intake=True)


@blp.route("/circles/<int:circle_id>/members/<int:member_id>/end")
class MemberEnd(MethodView):
    @requires("circle.edit")
    @blp.arguments(EndMembershipSchema)
    @blp.response(200, MemberSchema)
    def post(self, data: dict[str, Any], circle_id: int, member_id: int) -> Any:
        """End a membership; members whose support need ended may stay on as alumni."""
        return _change(
            circle_id,
            member_id,
            lambda member, hooks: membership.end_membership(
                member, data["reason"], hooks, current_user.id, today()
            ),
        )


@blp.route("/circles/<int:circle_id>/phase")
class CirclePhase(MethodView):
    @requires("circle.edit")
    @blp.arguments(PhaseMoveSchema)
    @blp.response(200, CircleDetailSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Move the circle to a next phase, or answer why not."""
        circle, hooks = circle_to_change(circle_id)
        perform(
            lambda: phases.move_phase(
                circle, data["target"], hooks, current_user.id, data["reason"], today()
            ),
            hooks.methodology,
        )
        return _detail(circle)
