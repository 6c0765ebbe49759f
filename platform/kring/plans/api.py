"""Development plans as JSON: a person's plan with its goals, steps, notes and comments; add
and change them as the pages do, under the same rules (``policy.plan_or_404``)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import policy
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import methodologies
from kring.plans import service as plans
from kring.plans.models import Domain, Goal, GoalStatus, NoteKind, Plan
from kring.plans.words import DOMAIN_LABELS, STATUS_LABELS, describe

blp = Blueprint(
    "api_plans", __name__, url_prefix="/t/<tenant>/api/v1", description="Development plans"
)
PLAN = "/people/<int:person_id>/plan"


class StepSchema(Schema):
    id = fields.Int(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    supporter_id = fields.Int(load_default=None, allow_none=True)
    supporter_name = fields.Str(dump_only=True, allow_none=True)
    is_done = fields.Bool(dump_only=True)
    done_on = fields.Date(dump_only=True, allow_none=True)


class StepChangeSchema(Schema):
    is_done = fields.Bool(required=True)


class GoalSchema(Schema):
    id = fields.Int(dump_only=True)
    domain = fields.Enum(Domain, required=True)
    domain_label = fields.Str(dump_only=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    status = fields.Str(dump_only=True)
    status_label = fields.Str(dump_only=True)
    steps = fields.List(fields.Nested(StepSchema), dump_only=True)


class GoalChangeSchema(Schema):
    status = fields.Enum(GoalStatus, load_default=None)
    title = fields.Str(load_default=None, validate=validate.Length(min=1, max=200))


class NewNoteSchema(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=4000))
    goal_id = fields.Int(load_default=None, allow_none=True)
    is_sensitive = fields.Bool(
        load_default=False,
        metadata={"description": "Special personal data (health, faith, origin …)."},
    )


class NoteSchema(Schema):
    id = fields.Int()
    text = fields.Str(
        allow_none=True,
        metadata={"description": "null for a sensitive note the reader may not read."},
    )
    goal_id = fields.Int(allow_none=True)
    is_sensitive = fields.Bool()
    text_hidden = fields.Bool()
    author = fields.Str()
    created_at = fields.DateTime()


class PlanSchema(Schema):
    person_id = fields.Int(dump_only=True)
    review_on = fields.Date(allow_none=True, required=True)
    goals = fields.List(fields.Nested(GoalSchema), dump_only=True)
    notes = fields.List(fields.Nested(NoteSchema), dump_only=True)
    comments = fields.List(fields.Nested(NoteSchema), dump_only=True)
    may_edit = fields.Bool(dump_only=True)
    may_comment = fields.Bool(dump_only=True)


class EventSchema(Schema):
    action = fields.Str()
    text = fields.Str()
    actor = fields.Str()
    on_behalf_of_id = fields.Int(allow_none=True)
    on_behalf_of = fields.Str(allow_none=True)
    at = fields.DateTime()


def _note(n: plans.NoteView) -> dict[str, Any]:
    return {
        "id": n.note.id,
        "text": n.text,
        "goal_id": n.note.goal_id,
        "is_sensitive": n.note.is_sensitive,
        "text_hidden": n.hidden,
        "author": n.author,
        "created_at": n.note.created_at,
    }


def _goal(g: plans.GoalView) -> dict[str, Any]:
    return {
        "id": g.goal.id,
        "domain": g.goal.domain,
        "domain_label": str(DOMAIN_LABELS[g.goal.domain]),
        "title": g.goal.title,
        "status": g.goal.status.value,
        "status_label": str(STATUS_LABELS[g.goal.status]),
        "steps": [
            {
                "id": s.step.id,
                "title": s.step.title,
                "supporter_id": s.step.supporter_id,
                "supporter_name": s.supporter,
                "is_done": s.step.is_done,
                "done_on": s.step.done_on,
            }
            for s in g.steps
        ],
    }


def _plan(access: policy.PlanAccess) -> dict[str, Any]:
    view = plans.read(access.person, today(), access.reader)
    return {
        "person_id": access.person.id,
        "review_on": view.plan.review_on if view.plan else None,
        "goals": [_goal(g) for g in view.all_goals()],
        "notes": [_note(n) for n in view.notes],
        "comments": [_note(n) for n in view.comments],
        "may_edit": access.may_edit,
        "may_comment": access.may_comment,
    }


def _m(access: policy.PlanAccess) -> Methodology:
    key = plans.methodology_key_of(access.person)
    found = methodologies()
    return found.get(key or "") or next(iter(found.values()))


def _goal_of(access: policy.PlanAccess, goal_id: int) -> tuple[Plan, Goal]:
    plan = plans.plan_of(access.person)
    goal = plans.goal_in(plan, goal_id)
    if plan is None or goal is None:
        invalid("goal_id", "no such goal in this plan", 404)
    return plan, goal


@blp.route(PLAN)
class PersonPlan(MethodView):
    @requires("plan.view")
    @blp.response(200, PlanSchema)
    def get(self, person_id: int) -> Any:
        """A person's development plan: goals per life domain with their steps, notes and
        comments. An empty plan when none was started."""
        return _plan(policy.plan_or_404(person_id))

    @requires("plan.edit")
    @blp.arguments(PlanSchema)
    @blp.response(200, PlanSchema)
    def patch(self, data: dict[str, Any], person_id: int) -> Any:
        """Set the day the plan will be talked about again (``null`` clears it)."""
        access = policy.plan_or_404(person_id, "edit")
        perform(
            lambda: plans.set_review(access.person, data["review_on"], access.editor, today()),
            _m(access),
        )
        return _plan(access)


@blp.route(f"{PLAN}/goals")
class PlanGoals(MethodView):
    @requires("plan.edit")
    @blp.arguments(GoalSchema)
    @blp.response(201, GoalSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Add a goal in one life domain."""
        access = policy.plan_or_404(person_id, "edit")
        goal = perform(
            lambda: plans.add_goal(access.person, data["domain"], data["title"], access.editor),
            _m(access),
        )
        return _goal(plans.GoalView(goal, ()))


@blp.route(f"{PLAN}/goals/<int:goal_id>")
class PlanGoal(MethodView):
    @requires("plan.edit")
    @blp.arguments(GoalChangeSchema)
    @blp.response(200, GoalSchema)
    def patch(self, data: dict[str, Any], person_id: int, goal_id: int) -> Any:
        """Change a goal's words or status."""
        access = policy.plan_or_404(person_id, "edit")
        plan, goal = _goal_of(access, goal_id)
        perform(
            lambda: plans.set_goal(plan, goal, access.editor, data["status"], data["title"]),
            _m(access),
        )
        found = next(
            g
            for g in plans.read(access.person, today(), access.reader).all_goals()
            if g.goal.id == goal.id
        )
        return _goal(found)


@blp.route(f"{PLAN}/goals/<int:goal_id>/steps")
class GoalSteps(MethodView):
    @requires("plan.edit")
    @blp.arguments(StepSchema)
    @blp.response(201, StepSchema)
    def post(self, data: dict[str, Any], person_id: int, goal_id: int) -> Any:
        """Add a small step to a goal; ``supporter_id`` is a member of the participant's circle."""
        access = policy.plan_or_404(person_id, "edit")
        plan, goal = _goal_of(access, goal_id)
        allowed = plans.supporters(access.person)
        step = perform(
            lambda: plans.add_step(
                plan, goal, data["title"], data["supporter_id"], allowed, access.editor
            ),
            _m(access),
        )
        names = {s.person_id: s.name for s in allowed}
        return {
            "id": step.id,
            "title": step.title,
            "supporter_id": step.supporter_id,
            "supporter_name": names.get(step.supporter_id or 0),
            "is_done": step.is_done,
            "done_on": step.done_on,
        }


@blp.route(f"{PLAN}/steps/<int:step_id>")
class PlanStep(MethodView):
    @requires("plan.edit")
    @blp.arguments(StepChangeSchema)
    @blp.response(200, StepSchema)
    def patch(self, data: dict[str, Any], person_id: int, step_id: int) -> Any:
        """Mark a step done, or not done again."""
        access = policy.plan_or_404(person_id, "edit")
        plan = plans.plan_of(access.person)
        step = plans.step_in(plan, step_id)
        if plan is None or step is None:
            invalid("step_id", "no such step in this plan", 404)
        perform(
            lambda: plans.set_step_done(plan, step, data["is_done"], access.editor, today()),
            _m(access),
        )
        return {
            "id": step.id,
            "title": step.title,
            "supporter_id": step.supporter_id,
            "is_done": step.is_done,
            "done_on": step.done_on,
        }


def _add_note(person_id: int, data: dict[str, Any], kind: NoteKind) -> Any:
    access = policy.plan_or_404(person_id, "comment" if kind is NoteKind.comment else "edit")
    plan = plans.plan_of(access.person)
    goal = None
    if data["goal_id"] is not None:
        goal = plans.goal_in(plan, data["goal_id"]) or invalid("goal_id", "no such goal")
    note = perform(
        lambda: plans.add_note(
            access.person, kind, data["text"], goal, access.editor, data["is_sensitive"]
        ),
        _m(access),
    )
    return _note(plans.NoteView(note, ""))


@blp.route(f"{PLAN}/notes")
class PlanNotes(MethodView):
    @requires("plan.edit")
    @blp.arguments(NewNoteSchema)
    @blp.response(201, NoteSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """A progress note, by the participant or someone with them."""
        return _add_note(person_id, data, NoteKind.progress)


@blp.route(f"{PLAN}/comments")
class PlanComments(MethodView):
    @requires("plan.comment")
    @blp.arguments(NewNoteSchema)
    @blp.response(201, NoteSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """A comment by the coach or volunteer of the participant's circle."""
        return _add_note(person_id, data, NoteKind.comment)


@blp.route(f"{PLAN}/history")
class PlanHistory(MethodView):
    @requires("plan.view")
    @blp.response(200, EventSchema(many=True))
    def get(self, person_id: int) -> Any:
        """Who changed what in the plan, and on whose behalf, newest first."""
        access = policy.plan_or_404(person_id)
        return [
            {
                "action": e.event.action,
                "text": describe(e.event),
                "actor": e.actor,
                "on_behalf_of_id": e.event.on_behalf_of_id,
                "on_behalf_of": e.on_behalf_of,
                "at": e.event.created_at,
            }
            for e in plans.history(plans.plan_of(access.person))
        ]
