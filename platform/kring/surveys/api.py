"""A person's measurements, as JSON: recorded through the same service as the person's page."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from kring.access import policy
from kring.core.access import Reach
from kring.core.db import today
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import hooks_for, locale, methodologies
from kring.surveys import service
from kring.surveys.models import AnsweredWith, SurveyResponse

blp = Blueprint(
    "api_surveys", __name__, url_prefix="/t/<tenant>/api/v1", description="Measurements"
)


class SurveyResponseSchema(Schema):
    id = fields.Int(dump_only=True)
    methodology = fields.Str(required=True)
    survey = fields.Str(required=True)
    answers = fields.Dict(keys=fields.Str(), values=fields.Str(), required=True)
    taken_on = fields.Date(required=True)
    answered_with = fields.Enum(
        AnsweredWith,
        load_default=AnsweredWith.self,
        metadata={"description": "alone (self), or with the volunteer or coach"},
    )
    circle_id = fields.Int(dump_only=True)
    occasion = fields.Str(dump_only=True, allow_none=True)
    total = fields.Int(dump_only=True, allow_none=True)
    result = fields.Str(
        dump_only=True, allow_none=True, metadata={"description": "the total in words"}
    )
    scores = fields.Dict(dump_only=True)


def _json(response: SurveyResponse) -> dict[str, Any]:
    return {
        "id": response.id,
        "methodology": response.methodology_key,
        "survey": response.survey_key,
        "answers": response.answers,
        "taken_on": response.taken_on,
        "answered_with": response.answered_with,
        "circle_id": response.circle_id,
        "occasion": response.occasion.value if response.occasion else None,
        "total": response.total,
        "result": service.result_words(
            service.survey_of(methodologies().get(response.methodology_key), response.survey_key),
            response.total,
            locale(),
        ),
        "scores": response.scores,
    }


@blp.route("/people/<int:person_id>/surveys")
class PersonSurveys(MethodView):
    @requires("person.view")
    @blp.response(200, SurveyResponseSchema(many=True))
    def get(self, person_id: int) -> Any:
        """A person's recorded measurements with their scores, oldest first."""
        person, _reach = policy.person_or_404(person_id, need=Reach.full)
        return [_json(r) for r in service.responses_of(person)]

    @requires("person.edit")
    @blp.arguments(SurveyResponseSchema)
    @blp.response(201, SurveyResponseSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Record a completed survey; the methodology scores it."""
        person, _reach = policy.person_or_404(person_id, need=Reach.full)
        if data["methodology"] not in methodologies():
            invalid("methodology", "no such methodology is installed")
        hooks = hooks_for(data["methodology"])
        response = perform(
            lambda: service.record(
                person,
                hooks,
                data["survey"],
                data["answers"],
                data["taken_on"],
                current_user.id,
                today(),
                answered_with=data["answered_with"],
            ),
            hooks.methodology,
        )
        return _json(response)
