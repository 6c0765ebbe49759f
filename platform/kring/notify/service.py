"""The outbox: writing a message in the transaction of its cause, and the steps of delivering it.

The row is written with a unique idempotency key, so a retried request never sends twice and a
crashed worker or an emptied Redis loses nothing: the sweeper finds due, unsent rows and hands
them to a worker again (``kring.notify.jobs``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from kring.core.db import utcnow
from kring.extensions import db
from kring.notify.models import Channel, OutboxMessage

MAX_ATTEMPTS = 6


def queue_email(
    recipient: str, subject: str, body: str, idempotency_key: str, due_at: datetime | None = None
) -> OutboxMessage:
    """Add an e-mail to the outbox in the current transaction (or return the one with this key).

    The delivery job is enqueued after the transaction commits (see ``kring.jobs.outbox``).
    """
    existing = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.idempotency_key == idempotency_key)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    message = OutboxMessage(
        idempotency_key=idempotency_key,
        channel=Channel.email,
        recipient=recipient,
        subject=subject,
        body=body,
        due_at=due_at or utcnow(),
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault("kring_outbox_ids", []).append(message.id)
    return message


def due_message_ids(now: datetime, limit: int = 500) -> list[int]:
    """Ids of pending messages whose time has come, oldest first (current tenant)."""
    return list(
        db.session.execute(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None),
                OutboxMessage.due_at <= now,
            )
            .order_by(OutboxMessage.due_at)
            .limit(limit)
        ).scalars()
    )


def claim(message_id: int) -> OutboxMessage | None:
    """Lock a pending message for delivery; None when gone, sent, or locked by another worker."""
    return db.session.execute(
        select(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
        )
        .with_for_update(skip_locked=True)
    ).scalar_one_or_none()


def mark_failed_attempt(message: OutboxMessage, error: str, now: datetime) -> None:
    """Back off exponentially (1, 2, 4 ... minutes); give up after ``MAX_ATTEMPTS``."""
    message.attempts += 1
    message.last_error = error[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
    else:
        message.due_at = now + timedelta(minutes=2 ** (message.attempts - 1))
