"""The development mail log: what Kring sent, e-mails and SMS, read back from the outbox, and
what waits in it for its time.

Only in the embedded mode (``make run``: SQLite, jobs in this process), never in production:
anywhere else every page here answers 404, as if it did not exist. The log reads the tenant's
own sent outbox rows, newest first, so it is tenant-scoped like every other list, and shows a
reader only the messages ``policy.visible_sent_messages`` lets them read. An e-mail's HTML is
previewed in a sandboxed frame whose page may run nothing and load nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select

from kring.access import log, policy
from kring.core.paging import Page, read_page
from kring.extensions import db
from kring.http.access import requires
from kring.http.paging import page_number
from kring.notify.models import Channel, OutboxMessage, pending
from kring.notify.views import local

bp = Blueprint("maillog", __name__, url_prefix="/t/<tenant>/dev/mail", template_folder="templates")

PAGE_SIZE = 20

MAILED = (Channel.email, Channel.sms)
"""What the log lists: what left Kring (an in-app notification stays in the person's messages)."""

PREVIEW_POLICY = {
    "default-src": "'none'",
    "style-src": "'unsafe-inline'",  # mail readers know no style sheets: the styles are inline
    "img-src": "data:",
    "frame-ancestors": "'self'",
    "sandbox": "",
}
"""The preview of an e-mail's HTML: shown only in a frame of this site, and sandboxed by its
own header too (no script, no form, no origin), should someone open it on its own."""


def is_shown() -> bool:
    """Whether the mail log exists here: in the embedded mode, and never in production."""
    config = current_app.extensions["kring.config"]
    return bool(config.is_embedded and not config.is_production)


@bp.before_request
def _only_when_embedded() -> None:
    if not is_shown():
        abort(404)


WAITING_SHOWN = 20


def waiting_messages(limit: int = WAITING_SHOWN) -> list[OutboxMessage]:
    """The e-mails and SMS the reader may see that wait for their time (tomorrow's meeting
    reminders, say), soonest first: what the worker will send, and when."""
    who = policy.viewer()
    waiting = list(
        db.session.execute(
            select(OutboxMessage)
            .where(
                pending(),
                OutboxMessage.channel.in_(MAILED),
                policy.visible_sent_messages(who),
            )
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        ).scalars()
    )
    log.shown(who, {m.person_id for m in waiting if m.person_id is not None})
    return waiting


def sent_messages(number: int = 1, size: int = PAGE_SIZE) -> Page[OutboxMessage]:
    """One page of the e-mails and SMS the reader may see that went out, newest first; every
    resident a shown message was for is logged as read."""
    who = policy.viewer()
    page: Page[OutboxMessage] = read_page(
        select(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_not(None),
            OutboxMessage.channel.in_(MAILED),
            policy.visible_sent_messages(who),
        )
        .order_by(OutboxMessage.sent_at.desc(), OutboxMessage.id.desc()),
        number,
        size,
    )
    log.shown(who, {m.person_id for m in page.items if m.person_id is not None})
    return page


@bp.get("/")
@requires("notify.maillog")
def index() -> Any:
    """The messages waiting for their time, then those sent, newest first, a page at a time."""
    return render_template(
        "notify/maillog.html",
        page=sent_messages(page_number()),
        waiting=waiting_messages(),
        local=local,
    )


@bp.get("/<int:sent_id>")
@requires("notify.maillog")
def show(sent_id: int) -> Any:
    """One message sent: to whom, how, when, its text, and for an e-mail how it looks."""
    return render_template(
        "notify/maillog_message.html", message=policy.sent_message_or_404(sent_id), local=local
    )


@bp.get("/<int:sent_id>/preview")
@requires("notify.maillog")
def preview(sent_id: int) -> Any:
    """An e-mail's HTML as its reader sees it, for the sandboxed frame of ``show``."""
    message = policy.sent_message_or_404(sent_id)
    if not message.html_body:
        abort(404)
    return message.html_body, 200, {"Content-Type": "text/html; charset=utf-8"}


# flask-talisman reads a view's own header options from this attribute (its per-view decorator)
preview.talisman_view_options = {  # type: ignore[attr-defined]
    "frame_options": "SAMEORIGIN",
    "content_security_policy": PREVIEW_POLICY,
}
