"""The reminder sweep: ask every rule what people should hear of, and write it to the outbox.

Rules come from the areas (``Module.reminders``: meetings, plans, contacts, escalations,
trainings) and from each methodology (``kring_reminder_rules``, per circle). A rule returns
intents; ``notify.service.remind`` writes each intent's rows once, by its key, so a sweep that
runs twice, or two schedulers that both run it, write nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from itertools import chain

from flask import current_app
from rq import Retry
from sqlalchemy import select

from kring.circles.models import Circle
from kring.core.db import utcnow
from kring.core.methodology import ReminderIntent
from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.jobs import job
from kring.module import load
from kring.notify import recipients
from kring.notify import service as notify

log = logging.getLogger(__name__)


def _area_intents(now: datetime) -> Iterable[ReminderIntent]:
    for module in current_app.extensions["kring.modules"]:
        for rule in module.reminders:
            yield from load(rule)(now)


def _methodology_intents(now: datetime) -> Iterable[ReminderIntent]:
    """Each circle's methodology rules; circles of a methodology whose plugins add no rules
    are not even read."""
    from kring.circles import queries as circles  # the circles area asks notify to nothing

    host = current_app.extensions["kring.plugins"]
    asking = {key for key in host.methodologies() if host.for_methodology(key).has_reminder_rules()}
    if not asking:
        return
    found = db.session.execute(
        select(Circle).where(Circle.methodology_key.in_(asking)).order_by(Circle.id)
    ).scalars()
    for circle in found:
        view = circles.view(circle, now.date())
        yield from host.for_methodology(circle.methodology_key).reminder_rules(view, now)


def plan(now: datetime) -> int:
    """Write the rows every rule asks for at ``now`` in the current tenant; how many intents
    were new."""
    return notify.remind_all(chain(_area_intents(now), _methodology_intents(now)))


@job(timeout=15 * 60, retry=Retry(max=2, interval=[60, 300]), single=True)
def sweep_rules() -> int:
    """Run every reminder rule in every active tenant, one transaction per tenant."""
    now = utcnow()
    total = 0
    for tenant_id in recipients.receiving_tenants():
        with tenant_scope(tenant_id):
            try:
                total += plan(now)
                db.session.commit()
            except Exception:  # one tenant's broken rule must not stop the others' reminders
                db.session.rollback()
                log.exception("reminder rules failed in tenant %s", tenant_id)
    return total
