"""Delivering outbox rows: enqueue after commit, claim with SKIP LOCKED, sweep what was missed."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from kring.core.db import utcnow
from kring.core.tenancy import current_tenant_id, tenant_scope
from kring.jobs import job
from kring.notify import channels, digest, recipients
from kring.notify import service as notify

log = logging.getLogger(__name__)


@job
def deliver(message_id: int) -> None:
    """Send one outbox message; a failure is recorded on the row and retried with back-off.

    Nothing goes out for a suspended tenant (the row waits, and the sweeper skips the tenant);
    a digest item carries the recipient's other due items along in one message.
    """
    if not recipients.is_receiving():
        return
    message = notify.claim(message_id)
    if message is None:
        return
    config = current_app.extensions["kring.config"]
    now = utcnow()
    batch = notify.claim_digest(message, now) if message.is_digest else [message]
    try:
        channels.send(config, digest.compose(batch) if message.is_digest else message)
    except Exception as exc:  # any transport error: keep the row, try again later
        log.warning("delivery of outbox message %s failed: %s", message.id, exc)
        notify.mark_failed_attempt(message, str(exc), now)
        return
    for sent in batch:
        sent.sent_at = now


@job
def sweep() -> int:
    """Enqueue every due, unsent message of every active tenant; returns how many."""
    count = 0
    now = utcnow()
    for tenant_id in recipients.receiving_tenants():
        with tenant_scope(tenant_id):
            for message_id in notify.due_message_ids(now):
                deliver.enqueue(message_id)
                count += 1
    return count


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    pending: list[int] = session.info.pop("kring_outbox_ids", [])
    if not pending or not has_app_context() or current_tenant_id() is None:
        return
    for message_id in pending:
        deliver.enqueue(message_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back(session: Session, *_args: Any) -> None:
    session.info.pop("kring_outbox_ids", None)
