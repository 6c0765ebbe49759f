"""Messages as JSON: the signed-in user's messages in the app and their unread count, how a
person wants to be reached (their own, or a participant's set by their coach or project
leader), and the admin's failed messages with "try again"."""

from __future__ import annotations

from datetime import time
from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from kring.access import policy
from kring.core.access import acting_for
from kring.core.db import utcnow
from kring.core.paging import Page
from kring.extensions import db
from kring.http.access import requires
from kring.http.paging import PageArgsSchema, paged
from kring.notify import failures, inbox, preferences
from kring.notify import service as notify
from kring.notify.models import Channel, OutboxMessage
from kring.notify.preferences import Choices, Owner

blp = Blueprint("api_notify", __name__, url_prefix="/t/<tenant>/api/v1", description="Messages")


class MessageSchema(Schema):
    id = fields.Int()
    kind = fields.Str()
    subject = fields.Str()
    body = fields.Str()
    link = fields.Str(allow_none=True)
    """A path inside the tenant (``/circles/3``) the message points to."""
    sent_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)
    is_read = fields.Bool()


class UnreadSchema(Schema):
    unread = fields.Int()


class MarkedSchema(Schema):
    marked = fields.Int()


def _message(message: OutboxMessage) -> dict[str, Any]:
    return {
        "id": message.id,
        "kind": message.kind,
        "subject": message.subject,
        "body": message.body,
        "link": message.link,
        "sent_at": message.sent_at,
        "read_at": message.read_at,
        "is_read": message.read_at is not None,
    }


@blp.route("/messages")
class Messages(MethodView):
    @requires("message.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, MessageSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """The signed-in user's messages in the app, newest first, a page at a time; the
        ``Link`` header names the next page when there is one."""
        found = inbox.listing(current_user.id, args["page"], args["per_page"])
        page = Page([_message(m) for m in found.items], found.number, found.has_next)
        return paged(page, "api_notify.Messages", per_page=args["per_page"])


@blp.route("/messages/unread")
class MessagesUnread(MethodView):
    @requires("message.read")
    @blp.response(200, UnreadSchema)
    def get(self) -> Any:
        """How many of the signed-in user's messages in the app are unread."""
        return {"unread": inbox.unread_count(current_user.id)}


@blp.route("/messages/<int:message_id>/read")
class MessageRead(MethodView):
    @requires("message.read")
    @blp.response(200, MessageSchema)
    def post(self, message_id: int) -> Any:
        """Mark one of the user's own messages read (someone else's answers 404)."""
        message = policy.own_message_or_404(message_id)
        inbox.mark_read(message, utcnow())
        db.session.commit()
        return _message(message)


@blp.route("/messages/read-all")
class MessagesReadAll(MethodView):
    @requires("message.read")
    @blp.response(200, MarkedSchema)
    def post(self) -> Any:
        """Mark every unread message of the user read; says how many."""
        marked = inbox.mark_all_read(current_user.id, utcnow())
        db.session.commit()
        return {"marked": marked}


# --- preferences ----------------------------------------------------------------------------


class PreferencesSchema(Schema):
    by_email = fields.Bool(load_default=True)
    by_sms = fields.Bool(load_default=False)
    in_app = fields.Bool(load_default=True)
    quiet_from = fields.Time(load_default=None, allow_none=True)
    quiet_until = fields.Time(load_default=None, allow_none=True)
    daily_digest = fields.Bool(load_default=False)
    digest_at = fields.Time(load_default=time(8, 0))
    copy_to_contact = fields.Bool(load_default=False)
    contact_name = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=200))
    contact_email = fields.Str(
        load_default=None, allow_none=True, validate=validate.Length(max=254)
    )
    contact_phone = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=40))
    name = fields.Str(dump_only=True)
    person_id = fields.Int(dump_only=True, allow_none=True)
    is_participant = fields.Bool(dump_only=True)
    reached_by = fields.List(fields.Enum(Channel), dump_only=True)
    """How a message reaches the person with these choices; empty: nothing reaches them."""
    warning = fields.Str(dump_only=True, allow_none=True)


def _preferences(shown: preferences.Preferences) -> dict[str, Any]:
    c = shown.choices
    return {
        **{name: getattr(c, name) for name in preferences.FIELDS},
        "name": shown.owner.name,
        "person_id": shown.owner.person_id,
        "is_participant": shown.owner.is_participant,
        "reached_by": list(shown.reached_by),
        "warning": None if shown.reached_by else "nothing reaches this person any more",
    }


def _save(owner: Owner, data: dict[str, Any]) -> dict[str, Any]:
    choices = preferences.tidy(Choices(**data))
    found = preferences.problems(choices)
    if found:
        abort(422, errors={"json": {name: [str(text)] for name, text in found.items()}})
    saved = preferences.save(owner, choices, current_user.id)
    db.session.commit()
    return _preferences(saved)


def _own() -> Owner:
    person_id = acting_for()
    if person_id is not None:
        return preferences.owner_of_person(policy.preferences_person_or_404(person_id))
    return preferences.owner_of_user(current_user)


@blp.route("/messages/preferences")
class MyPreferences(MethodView):
    @requires("message.read")
    @blp.response(200, PreferencesSchema)
    def get(self) -> Any:
        """How the signed-in user (or the participant they act for) wants to be reached."""
        return _preferences(preferences.read(_own()))

    @requires("message.read")
    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    def put(self, data: dict[str, Any]) -> Any:
        """Replace those choices; quiet hours need both times, a copy needs an address."""
        return _save(_own(), data)


@blp.route("/people/<int:person_id>/message-preferences")
class PersonPreferences(MethodView):
    @requires("message.set_for")
    @blp.response(200, PreferencesSchema)
    def get(self, person_id: int) -> Any:
        """How a person the coach or project leader reaches fully wants to be reached."""
        person = policy.preferences_person_or_404(person_id)
        return _preferences(preferences.read(preferences.owner_of_person(person)))

    @requires("message.set_for")
    @blp.arguments(PreferencesSchema)
    @blp.response(200, PreferencesSchema)
    def put(self, data: dict[str, Any], person_id: int) -> Any:
        """Set them for the person, recorded with the coach or project leader as actor."""
        person = policy.preferences_person_or_404(person_id)
        return _save(preferences.owner_of_person(person), data)


# --- the admin's outbox ---------------------------------------------------------------------


class CountsSchema(Schema):
    pending = fields.Int()
    sent = fields.Int()
    failed = fields.Int()
    cancelled = fields.Int()


class FailedSchema(Schema):
    id = fields.Int()
    kind = fields.Str()
    channel = fields.Enum(Channel)
    recipient = fields.Str()
    """Masked: the first letter and the domain of an address, the last digits of a number."""
    attempts = fields.Int()
    last_error = fields.Str()
    failed_at = fields.DateTime()


class RetriedSchema(Schema):
    retried = fields.Int()


def _failed(row: failures.FailedRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "channel": row.channel,
        "recipient": row.recipient,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "failed_at": row.failed_at,
    }


@blp.route("/admin/outbox")
class Outbox(MethodView):
    @requires("outbox.manage")
    @blp.response(200, CountsSchema)
    def get(self) -> Any:
        """How many messages of the tenant wait, went, failed for good or were called off."""
        c = failures.counts()
        return {"pending": c.pending, "sent": c.sent, "failed": c.failed, "cancelled": c.cancelled}


@blp.route("/admin/outbox/failed")
class OutboxFailed(MethodView):
    @requires("outbox.manage")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, FailedSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """The messages that failed for good, the latest first, addresses masked."""
        found = failures.failed(args["page"], args["per_page"])
        page = Page([_failed(r) for r in found.items], found.number, found.has_next)
        return paged(page, "api_notify.OutboxFailed", per_page=args["per_page"])


@blp.route("/admin/outbox/<int:message_id>/retry")
class OutboxRetry(MethodView):
    @requires("outbox.manage")
    @blp.response(200, RetriedSchema)
    def post(self, message_id: int) -> Any:
        """Try a failed message again now, its attempts counted from nothing."""
        message = policy.failed_message_or_404(message_id)
        notify.retry(message, utcnow())
        db.session.commit()
        return {"retried": 1}


@blp.route("/admin/outbox/retry-all")
class OutboxRetryAll(MethodView):
    @requires("outbox.manage")
    @blp.response(200, RetriedSchema)
    def post(self) -> Any:
        """Try every failed message again now; says how many."""
        retried = failures.retry_all(utcnow())
        db.session.commit()
        return {"retried": retried}
