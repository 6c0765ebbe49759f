"""Trainings and screening as JSON: the overview of the teams a project leader leads, where one
person stands, and recording a background check or an exception, under the same rules as the
pages (a person outside the reader's full reach is 404)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.core.access import Reach
from kring.core.db import today
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import enabled_methodologies, locale
from kring.people.validators import api_not_in_future
from kring.trainings import overview, service
from kring.trainings.service import REASON_MAX, STATUSES

blp = Blueprint(
    "api_trainings",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Trainings and screening",
)


class ItemSchema(Schema):
    key = fields.Str(metadata={"description": "The course's or check's key in its methodology."})
    kind = fields.Str(metadata={"description": "training or screening"})
    title = fields.Str(
        metadata={"description": "In the methodology's words, the reader's language."}
    )
    bars_role = fields.Bool(
        metadata={"description": "The role is not given without it (or an exception)."}
    )
    status = fields.Str(metadata={"description": " | ".join(STATUSES)})
    until = fields.Date(
        allow_none=True,
        metadata={"description": "Valid until (or lapsed since, or the exception's last day)."},
    )


class TeamMemberSchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    methodology = fields.Str()
    role = fields.Str(metadata={"description": "The role's key in the methodology."})
    items = fields.List(fields.Nested(ItemSchema))


class CircleTeamSchema(Schema):
    circle_id = fields.Int()
    circle_name = fields.Str()
    methodology = fields.Str()
    members = fields.List(fields.Nested(TeamMemberSchema))


class OverviewSchema(Schema):
    counts = fields.Dict(keys=fields.Str(), values=fields.Int())
    circles = fields.List(fields.Nested(CircleTeamSchema))


class StandingSchema(Schema):
    roles = fields.List(fields.Nested(TeamMemberSchema))


class ScreeningRecordSchema(Schema):
    screening = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    issued_on = fields.Date(required=True, validate=api_not_in_future)
    expires_on = fields.Date(dump_only=True)


class ExceptionSchema(Schema):
    training = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=REASON_MAX))
    until = fields.Date(load_default=None, allow_none=True)
    granted_on = fields.Date(dump_only=True)


def _member(m: overview.TeamMember, locale: str) -> dict[str, Any]:
    return {
        "person_id": m.person_id,
        "name": m.name,
        "methodology": m.methodology_key,
        "role": m.role,
        "items": [
            {
                "key": i.asked.key,
                "kind": i.asked.kind,
                "title": i.asked.title.render(locale),
                "bars_role": i.asked.bars_role,
                "status": i.held.status,
                "until": i.held.until,
            }
            for i in m.items
        ],
    }


@blp.route("/trainings/overview")
class TrainingsOverview(MethodView):
    @requires("training.overview")
    @blp.response(200, OverviewSchema)
    def get(self) -> Any:
        """Every coach, volunteer and project leader of the circles the reader leads, with each
        course and check their role asks: valid, lapsing, lapsed, missing or exception."""
        who = policy.viewer()
        found = overview.teams(policy.led_circles(who), enabled_methodologies(), today())
        log.shown(who, found.people_ids)
        return {
            "counts": dict(found.counts),
            "circles": [
                {
                    "circle_id": c.circle_id,
                    "circle_name": c.circle_name,
                    "methodology": c.methodology_key,
                    "members": [_member(m, locale()) for m in c.members],
                }
                for c in found.circles
            ],
        }


@blp.route("/people/<int:person_id>/standing")
class PersonStanding(MethodView):
    @requires("person.view")
    @blp.response(200, StandingSchema)
    def get(self, person_id: int) -> Any:
        """Where a person stands with the courses and checks of the roles they hold now."""
        person, _reach = policy.person_or_404(person_id, need=Reach.full)
        found = overview.of_person(person, enabled_methodologies(), today())
        return {"roles": [_member(m, locale()) for m in found]}


@blp.route("/people/<int:person_id>/screenings")
class PersonScreenings(MethodView):
    @requires("training.record")
    @blp.arguments(ScreeningRecordSchema)
    @blp.response(201, ScreeningRecordSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Record a VOG or DBS check; it is valid for the tenant's renewal period, and a later
        one renews it."""
        person, _reach = policy.person_or_404(person_id, need=Reach.full)
        check = service.offered_screenings(enabled_methodologies()).get(data["screening"])
        if check is None:
            invalid("screening", "not a check of a methodology this tenant works with")
        record = perform(
            lambda: service.record_screening(
                person, check, data["issued_on"], current_user.id, today()
            ),
            None,
        )
        return {
            "screening": record.screening_key,
            "issued_on": record.issued_on,
            "expires_on": record.expires_on,
        }


@blp.route("/people/<int:person_id>/training-exceptions")
class PersonTrainingExceptions(MethodView):
    @requires("training.except")
    @blp.arguments(ExceptionSchema)
    @blp.response(201, ExceptionSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Let a person hold a role without one of its courses, for a reason, until a day or
        for good (project leaders only)."""
        person, _reach = policy.person_or_404(person_id, need=Reach.full)
        course = service.offered(enabled_methodologies()).get(data["training"])
        if course is None:
            invalid("training", "not a training of a methodology this tenant works with")
        exception = perform(
            lambda: service.grant_exception(
                person, course, data["reason"], current_user.id, today(), data["until"]
            ),
            None,
        )
        return {
            "training": exception.training_key,
            "reason": exception.reason,
            "until": exception.until,
            "granted_on": exception.granted_on,
        }
