"""The safety net's periodic job: an escalation that is not answered in time is brought to
the step's attention again, and to the circle's project leaders, once per step."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import select

from kring.core.db import utcnow
from kring.core.tenancy import Tenant, TenantStatus, system_scope, tenant_scope
from kring.extensions import db
from kring.jobs import job
from kring.safetynet import escalations as escalation_service

log = logging.getLogger(__name__)


@job
def remind_overdue() -> int:
    """Every active tenant in turn, one transaction each; returns how many were overdue."""
    with system_scope("safety net reminders list active tenants"):
        tenant_ids = list(
            db.session.execute(
                select(Tenant.id).where(Tenant.status == TenantStatus.active)
            ).scalars()
        )
    methodologies = current_app.extensions["kring.plugins"].methodologies()
    count = 0
    now = utcnow()
    for tenant_id in tenant_ids:
        with tenant_scope(tenant_id):
            count += escalation_service.remind_overdue(methodologies, now)
            db.session.commit()
    if count:
        log.info("%s escalations overdue", count)
    return count
