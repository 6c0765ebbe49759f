"""Neighbourhoods, people and their trainings, as JSON."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.core.access import Reach
from kring.core.db import today
from kring.core.paging import Page
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import enabled_methodologies
from kring.http.paging import PageArgsSchema, paged
from kring.people import service
from kring.people.models import Person, is_postcode_area
from kring.people.validators import api_not_in_future as _not_in_future
from kring.people.validators import api_postcode as _postcode
from kring.trainings import service as trainings

blp = Blueprint("api_people", __name__, url_prefix="/t/<tenant>/api/v1", description="People")


class NeighbourhoodSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    cbs_code = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=20))
    postcodes = fields.List(fields.Str(validate=validate.Length(min=2, max=10)), load_default=list)


class PersonSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    postcode = fields.Str(
        load_default=None, allow_none=True, validate=[validate.Length(max=10), _postcode]
    )
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    birth_date = fields.Date(load_default=None, allow_none=True, validate=_not_in_future)


class TrainingRecordSchema(Schema):
    training = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    completed_on = fields.Date(required=True, validate=_not_in_future)
    expires_on = fields.Date(
        dump_only=True,
        allow_none=True,
        metadata={"description": "The last day it is valid; null when it never lapses."},
    )


class PeopleQuerySchema(PageArgsSchema):
    q = fields.Str(
        load_default="",
        validate=validate.Length(max=200),
        metadata={
            "description": "Only people whose name contains this, or whose postcode starts with it."
        },
    )


def _listed(person: Person) -> dict[str, Any]:
    """What a list shows of a person: enough to choose the right one."""
    return {"id": person.id, "name": person.name, "postcode": person.postcode}


def _person(person: Person, reach: Reach) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "postcode": person.postcode,
        "email": person.email,
        "phone": person.phone,
        "birth_date": person.birth_date if reach is Reach.full else None,
    }


def _check_postcodes(field: str, codes: list[str]) -> None:
    wrong = [c for c in codes if not is_postcode_area(c)]
    if wrong:
        invalid(field, f"not a postcode: {', '.join(wrong)}")


@blp.route("/neighbourhoods")
class Neighbourhoods(MethodView):
    @requires("circle.view")
    @blp.response(200, NeighbourhoodSchema(many=True))
    def get(self) -> Any:
        """Neighbourhoods of this tenant with their postcode areas."""
        return service.neighbourhoods()

    @requires("circle.edit")
    @blp.arguments(NeighbourhoodSchema)
    @blp.response(201, NeighbourhoodSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a neighbourhood."""
        _check_postcodes("postcodes", data["postcodes"])
        try:
            neighbourhood = service.create_neighbourhood(
                data["name"], data["postcodes"], data["cbs_code"], current_user.id
            )
        except service.DuplicateName:
            db.session.rollback()
            invalid("name", "A neighbourhood with this name already exists.", 409)
        db.session.commit()
        return neighbourhood


@blp.route("/people")
class People(MethodView):
    @requires("person.view")
    @blp.arguments(PeopleQuerySchema, location="query")
    @blp.response(200, PersonSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """People of this tenant by name, a page at a time; the ``Link`` header names the next
        page when there is one."""
        who = policy.viewer()
        visible = policy.visible_people(who, Reach.contact)
        found = service.page(args["page"], args["q"], args["per_page"], visible)
        log.shown(who, [p.id for p in found.items])
        page = Page([_listed(p) for p in found.items], found.number, found.has_next)
        return paged(page, "api_people.People", q=args["q"], per_page=args["per_page"])

    @requires("person.create")
    @blp.arguments(PersonSchema)
    @blp.response(201, PersonSchema)
    def post(self, data: dict[str, Any]) -> Any:
        """Add a person (someone a project leader recruits)."""
        try:
            person = service.create_person(current_user.id, **data)
        except service.DuplicatePerson as duplicate:
            db.session.rollback()
            with_what = "date of birth" if duplicate.field == "birth_date" else "postcode"
            invalid("name", f"Someone with this name and {with_what} is already here.", 409)
        db.session.commit()
        return person


@blp.route("/people/<int:person_id>")
class PersonItem(MethodView):
    @requires("person.view")
    @blp.response(200, PersonSchema)
    def get(self, person_id: int) -> Any:
        """One person, as far as the reader reaches: the birth date only with the whole record."""
        person, reach = policy.person_or_404(person_id)
        return _person(person, reach)


@blp.route("/people/<int:person_id>/trainings")
class PersonTrainings(MethodView):
    @requires("person.edit")
    @blp.arguments(TrainingRecordSchema)
    @blp.response(201, TrainingRecordSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Record a completed training; a later completion renews it, the same day again
        changes nothing."""
        person, _reach = policy.person_or_404(person_id, need=Reach.full)
        course = trainings.offered(enabled_methodologies()).get(data["training"])
        if course is None:
            invalid("training", "not a training of a methodology this tenant works with")
        record = perform(
            lambda: trainings.record_training(
                person, course, data["completed_on"], current_user.id, today()
            ),
            None,
        )
        return {
            "training": record.training_key,
            "completed_on": record.completed_on,
            "expires_on": record.expires_on,
        }
