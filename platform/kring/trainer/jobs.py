"""Keeping the trainer's facts fresh: a periodic job hands each active tenant a refresh of its
own, so one tenant's failure or size never holds back the others."""

from __future__ import annotations

import logging

from flask import current_app
from rq import Retry

from kring.core.db import today
from kring.core.tenancy import current_tenant_id, tenant_scope
from kring.extensions import db
from kring.jobs import job
from kring.trainer import service

log = logging.getLogger(__name__)


@job(timeout=10 * 60, retry=Retry(max=2, interval=[60, 300]), single=True)
def refresh_everywhere() -> int:
    """Queue a refresh for every active tenant; returns how many were queued."""
    tenants = service.active_tenants()
    for tenant in tenants:
        with tenant_scope(tenant):
            refresh_facts.enqueue()
    return len(tenants)


@job(timeout=30 * 60, retry=Retry(max=3, interval=[60, 300, 900]), single=True)
def refresh_facts() -> int:
    """Rewrite the trainer's facts of the tenant in scope (the job restores it)."""
    tenant_id = current_tenant_id()
    tenant = next((t for t in service.active_tenants() if t.id == tenant_id), None)
    if tenant is None:
        return 0
    written = service.refresh_tenant(tenant, current_app.extensions["kring.plugins"], today())
    db.session.flush()
    log.info("trainer facts of tenant %s: %s circles", tenant_id, written)
    return written
