"""Sign-in cards as JSON: whether a participant has one, print a new one, revoke it."""

from __future__ import annotations

from typing import Any

from flask import g, url_for
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.access import policy
from kring.core.access import Reach
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import methodologies
from kring.notify.models import Channel
from kring.signin import service
from kring.signin.lookup import circle_residents

blp = Blueprint(
    "api_signin", __name__, url_prefix="/t/<tenant>/api/v1", description="Sign-in cards"
)


class SignInCardSchema(Schema):
    active = fields.Bool(dump_only=True)
    issued_at = fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)
    url = fields.Str(
        dump_only=True,
        metadata={"description": "The sign-in link; only in the answer that issued the card."},
    )


def _json(status: service.CardStatus, url: str | None = None) -> dict[str, Any]:
    card = status.card
    found: dict[str, Any] = {
        "active": card is not None,
        "issued_at": card.issued_at if card else None,
        "last_used_at": card.last_used_at if card else None,
    }
    if url is not None:
        found["url"] = url
    return found


@blp.route("/people/<int:person_id>/sign-in-card")
class SignInCard(MethodView):
    @requires("signin.issue")
    @blp.response(200, SignInCardSchema)
    def get(self, person_id: int) -> Any:
        """Whether the participant has a working card, and when it was last used."""
        person, _reach = policy.person_or_404(person_id, Reach.full)
        return _json(service.status(person))

    @requires("signin.issue")
    @blp.response(201, SignInCardSchema)
    def post(self, person_id: int) -> Any:
        """Issue a new card (earlier ones stop working); the answer holds its link, once."""
        person, _reach = policy.person_or_404(person_id, Reach.full)
        token = perform(
            lambda: service.issue(person, current_user.id, g.tenant.locale, methodologies()),
            None,
        )
        url = url_for("signin.welcome", token=token, _external=True)
        return _json(service.status(person), url)

    @requires("signin.issue")
    @blp.response(204)
    def delete(self, person_id: int) -> Any:
        """Revoke the card and sign the participant out wherever it signed them in."""
        person, _reach = policy.person_or_404(person_id, Reach.full)
        service.revoke(person, current_user.id)
        db.session.commit()
        return ""


class SendLinkSchema(Schema):
    channel = fields.Str(
        required=True,
        validate=validate.OneOf([str(c) for c in service.LINK_CHANNELS]),
        metadata={"description": "How the link goes to the participant: email or sms."},
    )


@blp.route("/people/<int:person_id>/sign-in-card/send")
class SignInCardSend(MethodView):
    @requires("signin.issue")
    @blp.arguments(SendLinkSchema)
    @blp.response(202, SignInCardSchema)
    def post(self, data: dict[str, Any], person_id: int) -> Any:
        """Issue a new card (earlier ones stop working) and send its link to the participant's
        own e-mail address or phone; the answer never holds the link."""
        person, _reach = policy.person_or_404(person_id, Reach.full)
        perform(
            lambda: service.send_link(
                person, Channel(data["channel"]), current_user.id, g.tenant.locale, methodologies()
            ),
            None,
        )
        return _json(service.status(person))


class ResidentCardSchema(SignInCardSchema):
    person_id = fields.Int(dump_only=True)
    name = fields.Str(dump_only=True)


class PrintCardsSchema(Schema):
    person_ids = fields.List(fields.Int(), required=True, validate=validate.Length(min=1, max=100))


def _resident_json(resident: service.Resident, url: str | None = None) -> dict[str, Any]:
    found = _json(service.CardStatus(resident.card), url)
    return {"person_id": resident.person.id, "name": resident.person.name, **found}


@blp.route("/circles/<int:circle_id>/sign-in-cards")
class CircleSignInCards(MethodView):
    @requires("signin.issue")
    @blp.response(200, ResidentCardSchema(many=True))
    def get(self, circle_id: int) -> Any:
        """The circle's participants, each with whether they have a working card."""
        _circle_found, _m, found = circle_residents(circle_id)
        return [_resident_json(r) for r in found]

    @requires("signin.issue")
    @blp.arguments(PrintCardsSchema)
    @blp.response(201, ResidentCardSchema(many=True))
    def post(self, data: dict[str, Any], circle_id: int) -> Any:
        """New cards for these participants of the circle, all or none; the answer holds
        each card's link, once."""
        _circle_found, m, found = circle_residents(circle_id)
        by_id = {r.person.id: r for r in found}
        unknown = [i for i in data["person_ids"] if i not in by_id]
        if unknown:
            invalid("person_ids", f"not participants of this circle: {unknown}")
        chosen = [by_id[i] for i in dict.fromkeys(data["person_ids"])]
        every = methodologies()
        tokens = perform(
            lambda: [
                service.issue(r.person, current_user.id, g.tenant.locale, every) for r in chosen
            ],
            m,
        )
        return [
            _resident_json(
                service.Resident(r.person, service.status(r.person).card),
                url_for("signin.welcome", token=token, _external=True),
            )
            for r, token in zip(chosen, tokens, strict=True)
        ]
