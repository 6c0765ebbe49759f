"""Neighbourhoods, people and their trainings, as JSON."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from kring.api.v1.circles import refuse
from kring.api.v1.errors import invalid
from kring.api.v1.schemas import (
    NeighbourhoodSchema,
    PersonSchema,
    SurveyResponseSchema,
    TrainingRecordSchema,
)
from kring.core import people, surveys
from kring.core.circles import Refused
from kring.core.db import today
from kring.core.people import Neighbourhood, Person, is_postcode
from kring.extensions import db
from kring.web.access import requires
from kring.web.methodologies import hooks_for
from kring.web.tenancy import get_or_404

blp = Blueprint("api_people", __name__, url_prefix="/t/<tenant>/api/v1", description="People")


def _check_postcodes(field: str, codes: list[str]) -> None:
    wrong = [c for c in codes if not is_postcode(c)]
    if wrong:
        invalid(field, f"not a postcode: {', '.join(wrong)}")


@blp.route("/neighbourhoods")
class Neighbourhoods(MethodView):
    @requires("circle.view")
    @blp.response(200, NeighbourhoodSchema(many=True))
    def get(self) -> Any:
        """Neighbourhoods of this tenant with their postcode areas."""
        return db.session.execute(select(Neighbourhood).order_by(Neighbourhood.name)).scalars()

    @requires("circle.edit")
    @blp.arguments(NeighbourhoodSchema)
    @blp.response(201, NeighbourhoodSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a neighbourhood."""
        _check_postcodes("postcodes", data["postcodes"])
        try:
            neighbourhood = people.create_neighbourhood(
                data["name"], data["postcodes"], data["cbs_code"], current_user.id
            )
        except people.DuplicateName:
            db.session.rollback()
            invalid("name", "A neighbourhood with this name already exists.", 409)
        db.session.commit()
        return neighbourhood


@blp.route("/people")
class People(MethodView):
    @requires("person.view")
    @blp.response(200, PersonSchema(many=True))
    def get(self) -> Any:
        """People of this tenant."""
        return db.session.execute(select(Person).order_by(Person.name)).scalars()

    @requires("person.edit")
    @blp.arguments(PersonSchema)
    @blp.response(201, PersonSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a person."""
        if data.get("postcode"):
            _check_postcodes("postcode", [data["postcode"]])
        person = people.create_person(current_user.id, **data)
        db.session.commit()
        return person


@blp.route("/people/<int:person_id>")
class PersonItem(MethodView):
    @requires("person.view")
    @blp.response(200, PersonSchema)
    def get(self, person_id: int) -> Any:
        """One person."""
        return get_or_404(Person, person_id)


def _response_json(response: surveys.SurveyResponse) -> dict[str, Any]:
    return {
        "id": response.id,
        "methodology": response.methodology_key,
        "survey": response.survey_key,
        "answers": response.answers,
        "taken_on": response.taken_on,
        "scores": response.scores,
    }


@blp.route("/people/<int:person_id>/surveys")
class PersonSurveys(MethodView):
    @requires("person.view")
    @blp.response(200, SurveyResponseSchema(many=True))
    def get(self, person_id: int) -> Any:
        """A person's recorded measurements with their scores, oldest first."""
        return [_response_json(r) for r in surveys.responses_of(get_or_404(Person, person_id))]

    @requires("person.edit")
    @blp.arguments(SurveyResponseSchema)
    @blp.response(201, SurveyResponseSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Record a completed survey; the methodology scores it."""
        person = get_or_404(Person, person_id)
        if data["methodology"] not in current_app.extensions["kring.plugins"].methodologies():
            invalid("methodology", "no such methodology is installed")
        hooks = hooks_for(data["methodology"])
        try:
            response = surveys.record(
                person,
                hooks,
                data["survey"],
                data["answers"],
                data["taken_on"],
                current_user.id,
                today(),
            )
        except Refused as refused:
            refuse(refused, hooks.methodology)
        db.session.commit()
        return _response_json(response)


@blp.route("/people/<int:person_id>/trainings")
class PersonTrainings(MethodView):
    @requires("person.edit")
    @blp.arguments(TrainingRecordSchema)
    @blp.response(201, TrainingRecordSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Record a completed training (recording it again keeps the first date)."""
        person = get_or_404(Person, person_id)
        known = {
            t.key
            for m in current_app.extensions["kring.plugins"].methodologies().values()
            for t in m.trainings
        }
        if data["training"] not in known:
            invalid("training", "not a training of an installed methodology")
        record = people.record_training(person, data["training"], data["completed_on"])
        db.session.commit()
        return {"training": record.training_key, "completed_on": record.completed_on}
