"""The calendar's night: a periodic job hands each active tenant a run of its own, which reads
every organisation's iCal feed into the tenant's calendar, so one tenant's slow or broken feeds
never hold back another's. Payloads carry no more than the tenant the job decorator restores;
a feed that fails keeps its last activities and says why on the organisers' page."""

from __future__ import annotations

import logging

from rq import Retry

from kring.activities import importing
from kring.audits.jobs import active_tenants
from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.jobs import job

log = logging.getLogger(__name__)


def read_all_feeds() -> tuple[int, int]:
    """Read every feed of the tenant in scope: (feeds read, feeds that failed)."""
    feeds = importing.feeds_of(None)
    failed = 0
    for feed in feeds:
        if importing.read_feed(feed) is None:
            failed += 1
        db.session.commit()  # one feed's activities at a time: a later failure loses nothing
    return len(feeds) - failed, failed


@job(timeout=10 * 60, retry=Retry(max=2, interval=[60, 300]), single=True)
def read_feeds_everywhere() -> int:
    """Queue the feed reading of every active tenant; returns how many were queued."""
    tenants = active_tenants()
    for tenant in tenants:
        with tenant_scope(tenant):
            read_feeds_tenant.enqueue()
    return len(tenants)


@job(timeout=30 * 60, retry=Retry(max=3, interval=[60, 300, 900]), single=True)
def read_feeds_tenant() -> int:
    """Read the feeds of the tenant in scope (the job restores it): how many were read."""
    read, failed = read_all_feeds()
    log.info("activity feeds read %s, failed %s", read, failed)
    return read
