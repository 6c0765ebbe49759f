"""The demo's audits: each demo tenant's running circles get a year of monthly fidelity scores,
and the audits that fell due are opened, so the circle page, the quality pages and the central
trainer show a history and something to review from the first ``make run``."""

from __future__ import annotations

from datetime import date

from kring.audits import jobs, opening, scores
from kring.core.methodology import add_months
from kring.core.tenancy import tenant_scope


def history(today: date) -> list[str]:
    """For every active tenant: a score on the first of each of the last twelve months and
    today (judged from the demo's invented meetings, plans and surveys as they stood then),
    and the audits due today opened. Running it again adds nothing new."""
    days = [add_months(today.replace(day=1), -n) for n in range(12, 0, -1)] + [today]
    opened = 0
    for tenant in jobs.active_tenants():
        with tenant_scope(tenant):
            for day in days:
                scores.take(day)
            opened += len(opening.open_due(today))
    return [f"\nOpened {opened} demo audit(s) that fell due."] if opened else []
