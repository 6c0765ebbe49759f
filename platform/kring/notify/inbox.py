"""A person's messages in the app ("My messages"): the outbox rows of the ``app`` channel
addressed to their login, shown once the delivery job has marked them sent (when due).

Every query here names the tenant, the login and the app channel, so it runs on the partial
index ``ix_outbox_message_inbox`` whatever the size of the outbox; the unread count beside the
menu costs one such query per request.
"""

from __future__ import annotations

from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import Select, func, select, update
from sqlalchemy.sql.elements import ColumnElement

from kring.core.paging import PAGE_SIZE, Page, read_page
from kring.extensions import db
from kring.notify.models import Channel, OutboxMessage


def _shown_to(user_id: int) -> list[ColumnElement[bool]]:
    return [
        OutboxMessage.channel == Channel.app,
        OutboxMessage.user_id == user_id,
        OutboxMessage.sent_at.is_not(None),
    ]


def _unread(user_id: int) -> list[ColumnElement[bool]]:
    return [*_shown_to(user_id), OutboxMessage.read_at.is_(None)]


def unread_query(user_id: int) -> Select[int]:
    """The count beside the menu, as a query (the tenant's criteria are added when it runs)."""
    return select(func.count()).select_from(OutboxMessage).where(*_unread(user_id))


def listing_query(user_id: int) -> Select[OutboxMessage]:
    """The login's messages in the app, newest first, as a query."""
    return (
        select(OutboxMessage)
        .where(*_shown_to(user_id))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    )


def listing(user_id: int, number: int = 1, size: int = PAGE_SIZE) -> Page[OutboxMessage]:
    """One page of the login's messages in the app, newest first."""
    return read_page(listing_query(user_id), number, size)


def latest_unread(user_id: int, limit: int = 3) -> list[OutboxMessage]:
    """The newest unread messages, for the participant's home."""
    return list(
        db.session.execute(
            select(OutboxMessage)
            .where(*_unread(user_id))
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .limit(limit)
        ).scalars()
    )


def unread_count(user_id: int) -> int:
    """How many of the login's messages in the app are unread; read once per request."""
    cached = g.get("kring_unread") if has_request_context() else None
    if cached is not None and cached[0] == user_id:
        return int(cached[1])
    count = db.session.execute(unread_query(user_id)).scalar_one()
    if has_request_context():
        g.kring_unread = (user_id, count)
    return int(count)


def _forget_count() -> None:
    if has_request_context():
        g.pop("kring_unread", None)


def mark_read(message: OutboxMessage, now: datetime) -> None:
    """Mark one message read (a message read before keeps its first reading time)."""
    if message.read_at is None:
        message.read_at = now
    _forget_count()


def mark_all_read(user_id: int, now: datetime) -> int:
    """Mark every unread message of the login read; returns how many."""
    done = db.session.execute(update(OutboxMessage).where(*_unread(user_id)).values(read_at=now))
    _forget_count()
    return int(getattr(done, "rowcount", 0) or 0)
