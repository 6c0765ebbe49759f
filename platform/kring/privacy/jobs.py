"""The daily retention: each active tenant gets a run of its own, so one tenant's failure or
size never holds back another's; each run logs what it erased (counts, never names)."""

from __future__ import annotations

import logging

from rq import Retry

from kring.audits.jobs import active_tenants
from kring.core.db import today
from kring.core.tenancy import Tenant, current_tenant_id, tenant_scope
from kring.extensions import db
from kring.jobs import job
from kring.privacy import retention

log = logging.getLogger(__name__)


@job(timeout=10 * 60, retry=Retry(max=2, interval=[60, 300]), single=True)
def retention_everywhere() -> int:
    """Queue the retention of every active tenant; returns how many were queued."""
    tenants = active_tenants()
    for tenant in tenants:
        with tenant_scope(tenant):
            retention_tenant.enqueue()
    return len(tenants)


@job(timeout=30 * 60, retry=Retry(max=3, interval=[60, 300, 900]), single=True)
def retention_tenant() -> int:
    """Erase the former participants of the tenant in scope past its retention; how many."""
    tenant = db.session.get(Tenant, current_tenant_id())
    if tenant is None:
        return 0
    done = retention.run(tenant, today())
    db.session.commit()
    log.info(
        "retention in tenant %s: %d erased (left on or before %s)",
        tenant.id,
        done.erased,
        done.cutoff,
    )
    return done.erased
