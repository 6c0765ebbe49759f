"""The team's side of the calendar as JSON: a circle's volunteers and coaches suggest
activities to members and record that they went; the gap view for the team. Need-to-know as
on the pages (``policy.suggesting_circle_or_404``)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.activities import gaps, service, suggestions
from kring.activities.models import Audience
from kring.activities.words import AUDIENCES
from kring.core.db import today
from kring.extensions import db
from kring.http.access import requires
from kring.http.errors import invalid

blp = Blueprint(
    "api_activity_team",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Activities suggested to members, and the calendar's gaps",
)

_AUDIENCES = [a.value for a in Audience]


class ActivitySuggestionSchema(Schema):
    """A suggestion as the API gives it; ``person_id`` and ``activity_id`` when making one."""

    id = fields.Int(dump_only=True)
    person_id = fields.Int(required=True, validate=validate.Range(1, service.MAX_ID))
    person = fields.Str(dump_only=True)
    activity_id = fields.Int(required=True, validate=validate.Range(1, service.MAX_ID))
    activity = fields.Str(dump_only=True)
    suggested_on = fields.Date(dump_only=True)
    went_on = fields.Date(dump_only=True, allow_none=True)


class ActivityWentSchema(Schema):
    """When the member went; today when left out."""

    went_on = fields.Date(load_default=None)


def _suggestion_json(s: Any, person: str, activity: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "person_id": s.person_id,
        "person": person,
        "activity_id": s.activity_id,
        "activity": activity,
        "suggested_on": s.suggested_on,
        "went_on": s.went_on,
    }


@blp.route("/circles/<int:circle_id>/activity-suggestions")
class CircleActivitySuggestions(MethodView):
    """The suggestions of one circle."""

    @requires("activity.suggest")
    @blp.response(200, ActivitySuggestionSchema(many=True))
    def get(self, circle_id: int) -> Any:
        """The activities suggested to members of your circle, newest first, and who went."""
        circle = policy.suggesting_circle_or_404(circle_id)
        rows = suggestions.of_circle(circle)
        log.shown(policy.viewer(), {r.person.id for r in rows})
        return [_suggestion_json(r.suggestion, r.person.name, r.activity.title) for r in rows]

    @requires("activity.suggest")
    @blp.arguments(ActivitySuggestionSchema)
    @blp.response(201, ActivitySuggestionSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Suggest an activity of the calendar to a member of your circle."""
        circle = policy.suggesting_circle_or_404(circle_id)
        try:
            made = suggestions.suggest(
                circle, data["person_id"], data["activity_id"], current_user.id, today()
            )
        except suggestions.Refused as exc:
            db.session.rollback()
            invalid(exc.field, exc.message)
        db.session.commit()
        return _suggestion_json(made, "", "")


@blp.route("/activity-suggestions/<int:suggestion_id>/went")
class ActivitySuggestionWent(MethodView):
    """Recording that a member went."""

    @requires("activity.suggest")
    @blp.arguments(ActivityWentSchema)
    @blp.response(200, ActivitySuggestionSchema)
    def post(self, data: dict[str, Any], suggestion_id: int) -> Any:
        """Record that the member went (today, or ``went_on``)."""
        suggestion = policy.suggestion_or_404(suggestion_id)
        try:
            suggestions.record_went(suggestion, data["went_on"] or today(), today())
        except suggestions.Refused as exc:
            db.session.rollback()
            invalid(exc.field, exc.message)
        db.session.commit()
        return _suggestion_json(suggestion, "", "")


class ActivityGapRowSchema(Schema):
    """One neighbourhood or audience with its count per weekday."""

    label = fields.Str()
    key = fields.Str()
    per_day = fields.List(fields.Int(), metadata={"description": "Monday first"})
    total = fields.Int()


class ActivityGapsSchema(Schema):
    """The gap view as data: the same numbers as its page, table and chart."""

    start = fields.Date()
    end = fields.Date()
    audience = fields.Str(allow_none=True)
    neighbourhoods = fields.List(fields.Nested(ActivityGapRowSchema))
    town_wide = fields.Nested(ActivityGapRowSchema)
    audiences = fields.List(fields.Nested(ActivityGapRowSchema))
    empty_neighbourhoods = fields.List(fields.Str())
    empty_audiences = fields.List(fields.Str())


class ActivityGapArgs(Schema):
    """Which audience to count for, and from which day."""

    audience = fields.Str(load_default=None, validate=validate.OneOf(_AUDIENCES))
    start = fields.Date(data_key="from", load_default=None)


@blp.route("/activities/gaps")
class ActivityGaps(MethodView):
    """The calendar's gaps."""

    @requires("activity.gaps")
    @blp.arguments(ActivityGapArgs, location="query")
    @blp.response(200, ActivityGapsSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Neighbourhoods, weekdays and audiences without an activity in the coming four weeks."""
        found = gaps.gaps(
            args["start"] or today(),
            args["audience"],
            {a.value: str(w) for a, w in AUDIENCES.items()},
        )
        return {
            "start": found.start,
            "end": found.end,
            "audience": found.audience,
            "neighbourhoods": found.neighbourhoods,
            "town_wide": found.town_wide,
            "audiences": found.audiences,
            "empty_neighbourhoods": [r.label for r in found.empty_neighbourhoods],
            "empty_audiences": [r.key for r in found.empty_audiences],
        }
