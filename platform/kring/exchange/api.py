"""Exchange as JSON: a circle's help board and its commands, a person's talents and wishes and
contacts outside, meetings outside, and the circle's network picture as data. The same
services and read models as the pages; refusals answer 409 or 422 with every reason."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.db import today
from kring.exchange import network, service
from kring.exchange.board import Board, board, namer
from kring.exchange.models import CATEGORIES, ContactKind, OutsideContact, Talent, Wish
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.methodology import hooks_for
from kring.people.models import Person

blp = Blueprint(
    "api_exchange", __name__, url_prefix="/t/<tenant>/api/v1", description="Help between members"
)


class PersonRefSchema(Schema):
    id = fields.Int()
    name = fields.Str()


class SuggestionSchema(Schema):
    person = fields.Nested(PersonRefSchema)
    category = fields.Str(allow_none=True)
    words = fields.List(fields.Str())


class HelpRequestSchema(Schema):
    id = fields.Int(dump_only=True)
    what = fields.Str(required=True, validate=validate.Length(min=1, max=service.MAX_WHAT))
    category = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(CATEGORIES))
    status = fields.Str(dump_only=True)
    asked_by = fields.Nested(PersonRefSchema, dump_only=True)
    offered_by = fields.Nested(PersonRefSchema, dump_only=True, allow_none=True)
    asked_at = fields.DateTime(dump_only=True)
    offered_at = fields.DateTime(dump_only=True, allow_none=True)
    done_at = fields.DateTime(dump_only=True, allow_none=True)
    thanks = fields.Str(dump_only=True, allow_none=True)
    suggestions = fields.List(fields.Nested(SuggestionSchema), dump_only=True)


class CloseSchema(Schema):
    done = fields.Bool(required=True, metadata={"description": "true: the help was given"})


class ThanksSchema(Schema):
    thanks = fields.Str(required=True, validate=validate.Length(min=1, max=service.MAX_WHAT))


class WordsSchema(Schema):
    id = fields.Int(dump_only=True)
    kind = fields.Str(required=True, load_only=True, validate=validate.OneOf(("talent", "wish")))
    words = fields.Str(required=True, validate=validate.Length(min=1, max=service.MAX_WORDS))
    category = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(CATEGORIES))


class TalentsSchema(Schema):
    person_id = fields.Int()
    talents = fields.List(fields.Nested(WordsSchema))
    wishes = fields.List(fields.Nested(WordsSchema))


class ContactSchema(Schema):
    id = fields.Int(dump_only=True)
    kind = fields.Enum(ContactKind, required=True)
    description = fields.Str(
        required=True, validate=validate.Length(min=1, max=service.MAX_DESCRIPTION)
    )


class EncounterSchema(Schema):
    id = fields.Int(dump_only=True)
    other_id = fields.Int(required=True)
    met_on = fields.Date(required=True)


class NetworkArgsSchema(Schema):
    months = fields.Int(load_default=12, validate=validate.OneOf((3, 6, 12)))


class MemberSummarySchema(Schema):
    person_id = fields.Int()
    name = fields.Str()
    given = fields.Int()
    received = fields.Int()
    met = fields.Int()
    contacts = fields.Dict(keys=fields.Str(), values=fields.Int())
    went = fields.Int(metadata={"description": "activities of the calendar they went to"})


class EdgeSchema(Schema):
    kind = fields.Str(metadata={"description": "help (source helped target) or met"})
    source = fields.Int()
    target = fields.Int()
    count = fields.Int()


class MonthSchema(Schema):
    month = fields.Date()
    help_done = fields.Int()
    met = fields.Int()


class NetworkSchema(Schema):
    start = fields.Date()
    end = fields.Date(metadata={"description": "the first day after the period"})
    help_total = fields.Int()
    met_total = fields.Int()
    members = fields.List(fields.Nested(MemberSummarySchema))
    edges = fields.List(fields.Nested(EdgeSchema))
    trend = fields.List(fields.Nested(MonthSchema))


# --- help ----------------------------------------------------------------------------------


def _board(circle: Circle, reach: Reach) -> Board:
    shown = board(circle, reach, policy.acting_member(circle))
    log.shown(policy.viewer(), shown.person_ids)
    return shown


def _ref(person_id: int | None, names: dict[int, str]) -> dict[str, Any] | None:
    return None if person_id is None else {"id": person_id, "name": names.get(person_id, "")}


def _lines(shown: Board) -> list[dict[str, Any]]:
    found = []
    for line in shown.lines:
        r = line.request
        names = {r.asked_by_id: line.asked_by}
        if r.offered_by_id is not None:
            names[r.offered_by_id] = line.offered_by or ""
        found.append(
            {
                "id": r.id,
                "what": r.what,
                "category": r.category,
                "status": r.status.value,
                "asked_by": _ref(r.asked_by_id, names),
                "offered_by": _ref(r.offered_by_id, names),
                "asked_at": r.asked_at,
                "offered_at": r.offered_at,
                "done_at": r.done_at,
                "thanks": r.thanks,
                "suggestions": [
                    {
                        "person": {"id": fit.person_id, "name": fit.name},
                        "category": fit.suggestion.category,
                        "words": list(fit.suggestion.words),
                    }
                    for fit in line.fits
                ],
            }
        )
    return found


def _one(circle: Circle, reach: Reach, request_id: int) -> dict[str, Any]:
    line = next(x for x in _lines(_board(circle, reach)) if x["id"] == request_id)
    return line


def _circle(circle_id: int) -> tuple[Circle, Reach]:
    return policy.circle_or_404(circle_id, Reach.first_names)


@blp.route("/circles/<int:circle_id>/help")
class CircleHelp(MethodView):
    @requires("exchange.view")
    @blp.response(200, HelpRequestSchema(many=True))
    def get(self, circle_id: int) -> Any:
        """The circle's requests for help: open and offered first, then the latest closed; each
        open request with the members whose talents fit it, and why."""
        circle, reach = _circle(circle_id)
        return _lines(_board(circle, reach))

    @requires("exchange.take_part")
    @blp.arguments(HelpRequestSchema)
    @blp.response(201, HelpRequestSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Ask the circle for help (only its members ask)."""
        circle, reach = _circle(circle_id)
        asked = perform(
            lambda: service.ask(
                circle,
                policy.acting_member(circle),
                data["what"],
                data["category"],
                current_user.id,
            ),
            hooks_for(circle.methodology_key).methodology,
        )
        return _one(circle, reach, asked.id)


@blp.route("/circles/<int:circle_id>/help/<int:help_id>/offer")
class HelpOffer(MethodView):
    @requires("exchange.take_part")
    @blp.response(200, HelpRequestSchema)
    def post(self, circle_id: int, help_id: int) -> Any:
        """Offer to help with an open request (not your own)."""
        circle, reach = _circle(circle_id)
        found = policy.help_request_or_404(circle, help_id)
        perform(
            lambda: service.offer(found, circle, policy.acting_member(circle), current_user.id),
            hooks_for(circle.methodology_key).methodology,
        )
        return _one(circle, reach, found.id)


@blp.route("/circles/<int:circle_id>/help/<int:help_id>/close")
class HelpClose(MethodView):
    @requires("exchange.take_part")
    @blp.arguments(CloseSchema)
    @blp.response(200, HelpRequestSchema)
    def post(self, data: dict[str, Any], circle_id: int, help_id: int) -> Any:
        """Say the help was given (``done: true``) or did not happen; by the asker or helper."""
        circle, reach = _circle(circle_id)
        found = policy.help_request_or_404(circle, help_id)
        perform(
            lambda: service.close(
                found, policy.acting_member(circle), data["done"], current_user.id
            ),
            hooks_for(circle.methodology_key).methodology,
        )
        return _one(circle, reach, found.id)


@blp.route("/circles/<int:circle_id>/help/<int:help_id>/thanks")
class HelpThanks(MethodView):
    @requires("exchange.take_part")
    @blp.arguments(ThanksSchema)
    @blp.response(200, HelpRequestSchema)
    def post(self, data: dict[str, Any], circle_id: int, help_id: int) -> Any:
        """The asker thanks the helper, once the help is done."""
        circle, reach = _circle(circle_id)
        found = policy.help_request_or_404(circle, help_id)
        perform(
            lambda: service.thank(
                found, policy.acting_member(circle), data["thanks"], current_user.id
            ),
            hooks_for(circle.methodology_key).methodology,
        )
        return _one(circle, reach, found.id)


@blp.route("/circles/<int:circle_id>/encounters")
class CircleEncounters(MethodView):
    @requires("exchange.take_part")
    @blp.arguments(EncounterSchema)
    @blp.response(201, EncounterSchema)
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """Record that you met another member of the circle outside the meeting."""
        circle, _reach = _circle(circle_id)
        return perform(
            lambda: service.record_encounter(
                circle, policy.acting_member(circle), data["other_id"], data["met_on"], today()
            ),
            hooks_for(circle.methodology_key).methodology,
        )


class MatchSchema(Schema):
    person = fields.Nested(PersonRefSchema, metadata={"description": "who wishes"})
    wish = fields.Str()
    helper = fields.Nested(PersonRefSchema, metadata={"description": "whose talents fit"})
    category = fields.Str(allow_none=True)
    words = fields.List(fields.Str())


@blp.route("/circles/<int:circle_id>/matches")
class CircleMatches(MethodView):
    @requires("exchange.view")
    @blp.response(200, MatchSchema(many=True))
    def get(self, circle_id: int) -> Any:
        """Members' wishes with the other members whose talents fit them, and why (the shared
        kind of help and words)."""
        circle, reach = _circle(circle_id)
        return [
            {
                "person": {"id": m.person_id, "name": m.name},
                "wish": m.wish,
                "helper": {"id": m.helper_id, "name": m.helper},
                "category": m.category,
                "words": list(m.words),
            }
            for m in _board(circle, reach).matches
        ]


@blp.route("/circles/<int:circle_id>/encounters/<int:encounter_id>")
class CircleEncounter(MethodView):
    @requires("exchange.take_part")
    @blp.response(204)
    def delete(self, circle_id: int, encounter_id: int) -> None:
        """Take back a meeting outside you recorded by mistake."""
        circle, _reach = _circle(circle_id)
        db.session.delete(policy.encounter_or_404(circle, encounter_id))
        db.session.commit()


# --- the network picture -------------------------------------------------------------------


@blp.route("/circles/<int:circle_id>/network")
class CircleNetwork(MethodView):
    @requires("exchange.view")
    @blp.arguments(NetworkArgsSchema, location="query")
    @blp.response(200, NetworkSchema)
    def get(self, args: dict[str, Any], circle_id: int) -> Any:
        """Who helped whom and who met whom over the last ``months`` months, per member help
        given and received and contacts outside, and the months' trend. Someone who reaches
        the circle as counts only gets the totals and the trend, no members or edges."""
        circle, reach = policy.circle_or_404(circle_id)
        day = today()
        members = service.current_members(circle) if reach >= Reach.first_names else {}
        net = network.network(
            circle,
            members,
            network.month_start(day, args["months"] - 1),
            network.month_start(day, -1),
            namer(reach),
        )
        log.shown(policy.viewer(), list(members))
        return {
            "start": net.start,
            "end": net.end,
            "help_total": net.help_total,
            "met_total": net.met_total,
            "members": net.members,
            "edges": net.edges,
            "trend": network.trend(circle, day, args["months"]),
        }


# --- a person's talents, wishes and contacts outside ----------------------------------------


def _words_json(row: Talent | Wish) -> dict[str, Any]:
    return {"id": row.id, "words": row.words, "category": row.category}


def _talents(person: Person) -> dict[str, Any]:
    talents, wishes = service.words_of(person)
    return {
        "person_id": person.id,
        "talents": [_words_json(t) for t in talents],
        "wishes": [_words_json(w) for w in wishes],
    }


def _own(person_id: int) -> Person:
    """A person whose lists the viewer keeps: themself, or the participant they act for."""
    person, _reach = policy.person_or_404(person_id, Reach.first_names)
    if not policy.may_change_own(person.id):
        abort(404)
    return person


@blp.route("/people/<int:person_id>/talents")
class PersonTalents(MethodView):
    @requires("exchange.view")
    @blp.response(200, TalentsSchema)
    def get(self, person_id: int) -> Any:
        """What a person can do and would like help with; seen by whoever reaches them."""
        person, _reach = policy.person_or_404(person_id, Reach.first_names)
        return _talents(person)

    @requires("exchange.talents")
    @blp.arguments(WordsSchema)
    @blp.response(201, TalentsSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Add a talent or a wish to your own list (or of the participant you act for)."""
        person = _own(person_id)
        kind = Talent if data["kind"] == "talent" else Wish
        service.add_words(kind, person, data["words"], data["category"])
        db.session.commit()
        return _talents(person)


@blp.route("/people/<int:person_id>/contacts")
class PersonContacts(MethodView):
    @requires("exchange.talents")
    @blp.response(200, ContactSchema(many=True))
    def get(self, person_id: int) -> Any:
        """Your contacts outside the circle (or of the participant you act for)."""
        return service.contacts_of([_own(person_id).id])

    @requires("exchange.talents")
    @blp.arguments(ContactSchema)
    @blp.response(201, ContactSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Add someone you know outside the circle: a kind and a first name or description."""
        person = _own(person_id)
        contact: OutsideContact = service.add_contact(person, data["kind"], data["description"])
        db.session.commit()
        return contact


def _remove(
    model: type[Talent] | type[Wish] | type[OutsideContact], person_id: int, item_id: int
) -> None:
    person = _own(person_id)
    item = policy.owned_or_404(model, item_id)
    if item.person_id != person.id:
        abort(404)
    db.session.delete(item)
    db.session.commit()


@blp.route("/people/<int:person_id>/talents/<int:talent_id>")
class PersonTalent(MethodView):
    @requires("exchange.talents")
    @blp.response(204)
    def delete(self, person_id: int, talent_id: int) -> None:
        """Remove a talent from your own list (or of the participant you act for)."""
        _remove(Talent, person_id, talent_id)


@blp.route("/people/<int:person_id>/wishes/<int:wish_id>")
class PersonWish(MethodView):
    @requires("exchange.talents")
    @blp.response(204)
    def delete(self, person_id: int, wish_id: int) -> None:
        """Remove a wish from your own list (or of the participant you act for)."""
        _remove(Wish, person_id, wish_id)


@blp.route("/people/<int:person_id>/contacts/<int:contact_id>")
class PersonContact(MethodView):
    @requires("exchange.talents")
    @blp.response(204)
    def delete(self, person_id: int, contact_id: int) -> None:
        """Remove a contact outside the circle from your own list."""
        _remove(OutsideContact, person_id, contact_id)
