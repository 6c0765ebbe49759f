"""The demo's outbox: the reminder rules run once for the demo tenant, after the other areas
gave it life, so ``make run`` shows tomorrow's meeting reminders waiting for their time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kring.core.db import utcnow
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db
from kring.notify import rules
from kring.notify.models import OutboxMessage, pending


def plan_reminders(_today: date) -> list[str]:
    """Write what every reminder rule asks for now in the tenant in scope (a second run
    writes nothing new); returns a line saying how many messages wait in the outbox."""
    rules.plan(utcnow())
    db.session.flush()
    waiting = db.session.execute(select(func.count(OutboxMessage.id)).where(pending())).scalar_one()
    tenant = db.session.get(Tenant, current_tenant_id())
    slug = tenant.slug if tenant is not None else ""
    return [f"  /t/{slug}/  {waiting} messages wait in the outbox (reminders)"]
