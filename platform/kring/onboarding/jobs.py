"""Delivering the mail of tenants that are not active yet, and deleting tenants whose grace
period has passed.

The outbox's own delivery (``kring.notify.jobs``) and every tenant job skip a pending tenant:
nothing of a tenant runs before it is approved. The few messages a pending tenant's first admin
must get (the link that proves the address, a refusal) are the exception, so they are handed
out here: a job outside every tenant that enters the tenant's scope itself and sends only rows
of those kinds (``service.SIGNUP_KINDS``). The sweep picks up what a lost enqueue
missed, as the outbox's sweeper does for active tenants.
"""

from __future__ import annotations

import logging

from flask import current_app
from rq import Retry
from sqlalchemy import select

from kring.core.db import utcnow
from kring.core.tenancy import Tenant, TenantStatus, system_scope, tenant_scope
from kring.extensions import db
from kring.jobs import job
from kring.notify import channels, mail
from kring.notify import service as notify
from kring.notify.models import OutboxMessage, pending
from kring.onboarding.service import SIGNUP_KINDS

log = logging.getLogger(__name__)


@job(timeout=5 * 60, retry=Retry(max=3, interval=[30, 120, 600]))
def deliver_before_approval(tenant_id: int, *message_ids: int) -> int:
    """Send these due, pending sign-up messages of a tenant that is not active; returns how
    many went out. Rows of other kinds wait for the tenant's approval."""
    config = current_app.extensions["kring.config"]
    sent = 0
    now = utcnow()
    with tenant_scope(tenant_id), mail.connection(config) as smtp:
        for message_id in message_ids:
            message = notify.claim(message_id, now)

            if message is None or message.kind not in SIGNUP_KINDS:
                continue
            try:
                channels.send(config, message, smtp)
            except Exception as exc:  # any transport error: keep the row, try again later
                # the exception's text may name the address: the row keeps it, the log does not
                log.warning(
                    "delivery of sign-up message %s failed: %s", message.id, type(exc).__name__
                )
                notify.mark_failed_attempt(message, str(exc), now)
            else:
                message.sent_at = now
                sent += 1
            db.session.commit()
    return sent


@job(timeout=5 * 60, retry=Retry(max=2, interval=[15, 60]))
def sweep_before_approval() -> int:
    """Hand out the due sign-up messages of every pending tenant; returns how many."""
    with system_scope("sign-up mail of pending tenants is delivered before approval"):
        waiting = list(
            db.session.execute(
                select(Tenant.id).where(Tenant.status == TenantStatus.pending).order_by(Tenant.id)
            ).scalars()
        )
    count = 0
    now = utcnow()
    for tenant_id in waiting:
        with tenant_scope(tenant_id):
            due = list(
                db.session.execute(
                    select(OutboxMessage.id)
                    .where(
                        pending(),
                        OutboxMessage.due_at <= now,
                        OutboxMessage.kind.in_(SIGNUP_KINDS),
                    )
                    .order_by(OutboxMessage.id)
                    .limit(500)
                ).scalars()
            )
        if due:
            deliver_before_approval.enqueue(tenant_id, *due)
            count += len(due)
    return count


@job(timeout=30 * 60, retry=Retry(max=2, interval=[300, 1800]), single=True)
def purge_deleted() -> int:
    """Delete every tenant whose days of grace have passed (daily); returns how many."""
    from kring.onboarding.admin import purge_due

    return len(purge_due())
