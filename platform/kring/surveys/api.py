"""A person's measurements, as JSON: recorded through the same service as the person's page."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.db import today
from kring.exchange import service as exchange
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import hooks_for, locale, methodologies, plugin_host
from kring.surveys import outcomes, service
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


class QuestionnaireSchema(Schema):
    methodology = fields.Str()
    survey = fields.Str()
    title = fields.Str()
    is_open = fields.Bool(metadata={"description": "whether it may be filled in today"})
    occasion = fields.Str(allow_none=True)
    opens_on = fields.Date(allow_none=True)
    last_result = fields.Str(allow_none=True, metadata={"description": "in words"})


class QuestionnaireAnswerSchema(Schema):
    methodology = fields.Str(required=True)
    survey = fields.Str(required=True)
    answers = fields.Dict(keys=fields.Str(), values=fields.Str(), required=True)


@blp.route("/my-questionnaires")
class MyQuestionnaires(MethodView):
    @requires("survey.answer")
    @blp.response(200, QuestionnaireSchema(many=True))
    def get(self) -> Any:
        """The questionnaires of the participant (or of the one acted for): open today, or
        from when, with the latest result in words."""
        person = policy.questionnaire_person_or_404()
        latest = {(r.methodology_key, r.survey_key): r for r in service.responses_of(person)}
        found = []
        for due in service.surveys_for(person, plugin_host()):
            last = latest.get((due.methodology_key, due.survey.key))
            found.append(
                {
                    "methodology": due.methodology_key,
                    "survey": due.survey.key,
                    "title": due.survey.title.render(locale()),
                    "is_open": due.occasion is not None,
                    "occasion": due.occasion.value if due.occasion else None,
                    "opens_on": due.opens_on,
                    "last_result": service.result_words(due.survey, last.total, locale())
                    if last
                    else None,
                }
            )
        return found

    @requires("survey.answer")
    @blp.arguments(QuestionnaireAnswerSchema)
    @blp.response(201, SurveyResponseSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Answer a questionnaire today: alone, or recorded as with the volunteer or coach who
        acts on the participant's behalf."""
        person = policy.questionnaire_person_or_404()
        if data["methodology"] not in methodologies():
            invalid("methodology", "no such methodology is installed")
        hooks = hooks_for(data["methodology"])
        response = perform(
            lambda: service.record(
                person,
                hooks,
                data["survey"],
                data["answers"],
                today(),
                current_user.id,
                today(),
                answered_with=service.answering_with(policy.viewer()),
            ),
            hooks.methodology,
        )
        return _json(response)


class OutcomeMonthSchema(Schema):
    month = fields.Date()
    average = fields.Float(allow_none=True)
    answers = fields.Int()


class OutcomeSchema(Schema):
    circle_id = fields.Int()
    methodology = fields.Str()
    survey = fields.Str()
    title = fields.Str()
    people = fields.Int(metadata={"description": "whose latest answer the average rests on"})
    average = fields.Float(allow_none=True, metadata={"description": "None: too few to show"})
    result = fields.Str(allow_none=True, metadata={"description": "the average in words"})
    benchmark = fields.Float(allow_none=True)
    benchmark_source = fields.Str(allow_none=True)
    higher_is_better = fields.Bool()
    last_on = fields.Date(allow_none=True)
    trend = fields.List(fields.Nested(OutcomeMonthSchema))


class NetworkSizeSchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    inside = fields.Int()
    outside = fields.Int()


class QuestionnaireDueSchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    survey = fields.Str()
    occasion = fields.Str()


class CircleOutcomesSchema(Schema):
    measures = fields.List(fields.Nested(OutcomeSchema))
    network_sizes = fields.List(fields.Nested(NetworkSizeSchema))
    due = fields.List(fields.Nested(QuestionnaireDueSchema))


def _measure_json(circle_id: int, m: outcomes.Measure) -> dict[str, Any]:
    bm = m.benchmark
    return {
        "circle_id": circle_id,
        "methodology": m.methodology_key,
        "survey": m.survey.key,
        "title": m.survey.title.render(locale()),
        "people": m.answers,
        "average": m.average,
        "result": service.result_words(m.survey, m.average, locale()),
        "benchmark": bm.value if bm else None,
        "benchmark_source": bm.source.render(locale()) if bm else None,
        "higher_is_better": m.survey.higher_is_better,
        "last_on": m.last_on,
        "trend": [vars(p) for p in m.trend],
    }


@blp.route("/circles/<int:circle_id>/outcomes")
class CircleOutcomes(MethodView):
    @requires("outcomes.circle")
    @blp.response(200, CircleOutcomesSchema)
    def get(self, circle_id: int) -> Any:
        """The circle's outcomes as its panel shows them, for its coach and project leader."""
        circle = policy.outcomes_circle_or_404(circle_id)
        m = methodologies().get(circle.methodology_key)
        if m is None:
            abort(409)
        day = today()
        members = exchange.current_members(circle)
        due = [r for r in service.due_in(circle, hooks_for(m.key), day) if r.occasion]
        log.shown(policy.viewer(), sorted({*members, *(r.person.id for r in due)}))
        return {
            "measures": [
                _measure_json(circle.id, x) for x in outcomes.circle_measures(circle, m, day)
            ],
            "network_sizes": [
                {
                    "person_id": s.person.id,
                    "name": s.person.name,
                    "inside": s.inside,
                    "outside": s.outside,
                }
                for s in outcomes.network_sizes(circle, members, day)
            ],
            "due": [
                {
                    "person_id": r.person.id,
                    "name": r.person.name,
                    "survey": r.survey.key,
                    "occasion": r.occasion,
                }
                for r in due
            ],
        }


@blp.route("/outcomes")
class TenantOutcomes(MethodView):
    @requires("outcomes.view")
    @blp.response(200, OutcomeSchema(many=True))
    def get(self) -> Any:
        """Per circle the reader reports on, each survey's figures; an average (and a month)
        resting on fewer than five answers is null. No names."""
        circles = list(
            db.session.execute(
                select(Circle)
                .where(policy.outcome_circles(policy.viewer()))
                .order_by(Circle.name, Circle.id)
            ).scalars()
        )
        found = outcomes.tenant_measures(circles, methodologies(), today())
        return [_measure_json(c.id, x) for c in circles for x in found[c.id]]
