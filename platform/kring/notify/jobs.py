"""Delivering outbox rows: enqueue after commit in batches of ids, claim each row with SKIP
LOCKED and commit it on its own, sweep what was missed.

A delivery job carries up to ``BATCH_SIZE`` message ids of one tenant. It claims, sends, marks
and commits one row at a time over one SMTP connection, so a worker killed mid-batch loses at
most the message in hand (sent, perhaps, but not yet marked: the rare second delivery carries
the same ``Message-ID``); the rest stay pending and the sweeper hands them out again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from flask import current_app, has_app_context
from rq import Retry
from sqlalchemy import event
from sqlalchemy.orm import Session

from kring.config import Config
from kring.core.db import utcnow
from kring.core.tenancy import current_tenant_id, tenant_scope
from kring.extensions import db
from kring.jobs import REDIS_ERRORS, get_queue, job, stopping
from kring.notify import channels, digest, mail, recipients
from kring.notify import service as notify

log = logging.getLogger(__name__)

BATCH_SIZE = 50
"""Message ids per delivery job."""
SWEEP_LIMIT = 10_000
"""Due rows one sweep hands out per tenant; the next sweep takes the rest."""
SWEEP_PAGE = 1_000
"""Due rows read at a time: each read finds a page on the partial index, whatever is due."""
BUSY_QUEUE = 200
"""Jobs waiting in the queue above which the sweeper leaves the workers to it: every due row is
then on its way, or is handed out at the first sweep after the queue has shrunk."""


@job(timeout=10 * 60, retry=Retry(max=3, interval=[30, 120, 600]))
def deliver(*message_ids: int) -> int:
    """Send the due, pending ones of these outbox messages; returns how many went out.

    Each message is claimed (``FOR UPDATE SKIP LOCKED``: one another worker holds is skipped),
    sent, marked sent and committed before the next; when the worker is asked to stop, the
    batch ends after the message in hand and the rest go back to the queue. A refused message
    is recorded on its row and retried with back-off. Nothing goes out for a suspended tenant
    (the rows wait, and the sweeper skips the tenant); a digest item carries the recipient's
    other due items along.
    """
    if not recipients.is_receiving():
        return 0
    config = current_app.extensions["kring.config"]
    sent = 0
    with mail.connection(config) as smtp:
        for index, message_id in enumerate(message_ids):
            if stopping.is_set():  # the worker is stopping: the rest go back to the queue
                _hand_back(message_ids[index:])
                break
            sent += _deliver_one(config, message_id, smtp)
            db.session.commit()
    return sent


def _hand_back(message_ids: Sequence[int]) -> None:
    try:
        enqueue_deliveries(message_ids)
    except REDIS_ERRORS as exc:  # still pending in the outbox: the sweeper hands them out
        log.warning("could not hand back %s outbox messages: %s", len(message_ids), exc)


def _deliver_one(config: Config, message_id: int, smtp: mail.Connection) -> int:
    now = utcnow()
    message = notify.claim(message_id, now)
    if message is None:
        return 0
    batch = notify.claim_digest(message, now) if message.is_digest else [message]
    try:
        channels.send(config, digest.compose(batch) if message.is_digest else message, smtp)
    except Exception as exc:  # any transport error: keep the row, try again later
        # the exception's text may name the address: the row keeps it, the log does not
        log.warning("delivery of outbox message %s failed: %s", message.id, type(exc).__name__)
        notify.mark_failed_attempt(message, str(exc), now)
        return 0
    for sent in batch:
        sent.sent_at = now
    return 1


def enqueue_deliveries(message_ids: Sequence[int]) -> int:
    """Enqueue delivery of these messages of the current tenant, ``BATCH_SIZE`` per job;
    returns how many jobs."""
    jobs = 0
    for start in range(0, len(message_ids), BATCH_SIZE):
        deliver.enqueue(*message_ids[start : start + BATCH_SIZE])
        jobs += 1
    return jobs


@job(timeout=5 * 60, retry=Retry(max=2, interval=[15, 60]))
def sweep() -> int:
    """Enqueue every due, unsent message of every active tenant; returns how many.

    When the queue is already long the workers are behind and every due row is still on its
    way; the sweep then waits for a shorter queue rather than queue the same rows twice.
    """
    queue = get_queue()
    if queue.is_async and queue.count >= BUSY_QUEUE:
        log.info("sweep skipped: %s jobs are waiting", queue.count)
        return 0
    count = 0
    now = utcnow()
    for tenant_id in recipients.receiving_tenants():
        with tenant_scope(tenant_id):
            for due in notify.due_message_pages(now, SWEEP_PAGE, SWEEP_LIMIT):
                enqueue_deliveries(due)
                count += len(due)
    return count


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    pending: list[int] = session.info.pop("kring_outbox_ids", [])
    if not pending or not has_app_context() or current_tenant_id() is None:
        return
    try:
        enqueue_deliveries(pending)
    except REDIS_ERRORS as exc:  # the rows are committed: the sweeper hands them out later
        log.warning("could not enqueue %s outbox messages: %s", len(pending), exc)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session, *_args: Any) -> None:
    session.info.pop("kring_outbox_ids", None)
