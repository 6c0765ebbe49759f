"""The development mail log as JSON (embedded mode only, like its page: 404 elsewhere)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from kring.access import policy
from kring.http.access import requires
from kring.http.paging import PageArgsSchema, paged
from kring.notify import maillog

blp = Blueprint(
    "api_maillog",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Messages sent (the development mail log, embedded mode only)",
)


@blp.before_request
def _only_when_embedded() -> None:
    if not maillog.is_shown():
        abort(404)


class SentMessageSchema(Schema):
    """A message that went out, as the mail log shows it: to whom, how, when, and what."""

    id = fields.Int()
    channel = fields.Function(lambda m: m.channel.value)
    recipient = fields.Str()
    locale = fields.Str()
    subject = fields.Str(allow_none=True)
    body = fields.Str()
    html_body = fields.Str(allow_none=True)
    kind = fields.Str()
    is_copy = fields.Bool()
    is_digest = fields.Bool()
    sent_at = fields.DateTime()


@blp.route("/dev/mail")
class SentMessages(MethodView):
    """The list of the mail log."""

    @requires("notify.maillog")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, SentMessageSchema(many=True))
    def get(self, args: dict[str, Any]) -> Any:
        """Messages sent, newest first, a page at a time; the ``Link`` header names the next."""
        page = maillog.sent_messages(args["page"], args["per_page"])
        return paged(page, "api_maillog.SentMessages")


class WaitingMessageSchema(Schema):
    """A message that waits in the outbox for its time, as the mail log shows it."""

    id = fields.Int()
    channel = fields.Function(lambda m: m.channel.value)
    recipient = fields.Str()
    subject = fields.Str(allow_none=True)
    kind = fields.Str()
    due_at = fields.DateTime()


@blp.route("/dev/mail/waiting")
class WaitingMessages(MethodView):
    """What waits in the outbox: the first of the mail log's two lists."""

    @requires("notify.maillog")
    @blp.response(200, WaitingMessageSchema(many=True))
    def get(self) -> Any:
        """E-mails and SMS waiting for their time, soonest first (at most twenty)."""
        return maillog.waiting_messages()


@blp.route("/dev/mail/<int:sent_id>")
class SentMessage(MethodView):
    """One message of the mail log."""

    @requires("notify.maillog")
    @blp.response(200, SentMessageSchema)
    def get(self, sent_id: int) -> Any:
        """One message sent, with its text and, for an e-mail, its HTML."""
        return policy.sent_message_or_404(sent_id)
