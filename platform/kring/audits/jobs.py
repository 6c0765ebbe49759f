"""The audits' day: a periodic job hands each active tenant a run of its own, which opens the
audits falling due (``opening.open_due``) and takes every running circle's fidelity score
(``scores.take``), so one tenant's failure or size never holds back the others. Payloads carry
no more than the tenant the job decorator restores."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from rq import Retry
from sqlalchemy import select

from kring.audits import opening, scores
from kring.core.db import today
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.jobs import job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Day:
    """What one tenant's audit day did."""

    opened: int
    scored: int


def active_tenants() -> list[Tenant]:
    """The tenants whose circles are audited: the active ones."""
    return list(
        db.session.execute(
            select(Tenant).where(Tenant.status == TenantStatus.active).order_by(Tenant.id)
        ).scalars()
    )


def run_day(day: date) -> Day:
    """Open the tenant's audits due on ``day`` and take its circles' scores of ``day``."""
    opened = opening.open_due(day)
    return Day(opened=len(opened), scored=scores.take(day))


@job(timeout=10 * 60, retry=Retry(max=2, interval=[60, 300]), single=True)
def audit_everywhere() -> int:
    """Queue the audit day of every active tenant; returns how many were queued."""
    tenants = active_tenants()
    for tenant in tenants:
        with tenant_scope(tenant):
            audit_tenant.enqueue()
    return len(tenants)


@job(timeout=30 * 60, retry=Retry(max=3, interval=[60, 300, 900]), single=True)
def audit_tenant() -> int:
    """The audit day of the tenant in scope (the job restores it): the audits opened."""
    done = run_day(today())
    log.info("audits opened %s, fidelity scores taken %s", done.opened, done.scored)
    return done.opened
