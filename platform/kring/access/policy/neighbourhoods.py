"""Need-to-know for choosing neighbourhoods (Onderzoek): who ranks them for which methodology,
who imports their statistics, who starts a circle from the ranking, and what of the signals the
ranking may count. Part of the one policy: ``kring.access.policy`` re-exports every name here.

The statistics describe neighbourhoods, never residents, so they are not logged as reads. The
signals are residents' records: the ranking reads them only as a count per postcode, never a
name, a reason or a note, so a tenant admin who reaches no signal sees no more than how many.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from flask import abort
from sqlalchemy import func, select

from kring.access.policy import leads
from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import MethodologyEnablement
from kring.people.models import normalise_postcode
from kring.signals.models import Signal

SIGNALS_COUNTED_DAYS = 365


def may_research(who: Viewer) -> bool:
    """Tenant admins and project leaders compare neighbourhoods and import their figures."""
    return who.has(Role.tenant_admin) or who.has(Role.project_leader)


def research_settings(who: Viewer) -> list[MethodologyEnablement]:
    """The (organisation, methodology) pairs ``who`` ranks neighbourhoods for: every one of the
    tenant for a tenant admin, those of the organisations they lead for a project leader."""
    if not may_research(who):
        return []
    found = organisations.enablements()
    if who.has(Role.tenant_admin):
        return found
    return [e for e in found if leads(who, e.organisation_id)]


def research_methodology_or_404(who: Viewer, key: str | None) -> str:
    """A methodology ``who`` may rank for (the first of theirs when ``key`` is empty); any
    other key answers 404, like a methodology the tenant does not use."""
    keys = list(dict.fromkeys(e.methodology_key for e in research_settings(who)))
    if not key and keys:
        return keys[0]
    if key not in keys:
        abort(404)
    return key


def starting_settings(who: Viewer, key: str) -> list[MethodologyEnablement]:
    """The organisations with methodology ``key`` whose circles ``who`` may start (they lead
    them): a tenant admin ranks but starts no circle."""
    return [
        e
        for e in research_settings(who)
        if e.methodology_key == key and leads(who, e.organisation_id)
    ]


def signal_counts(who: Viewer, today: date) -> Counter[str]:
    """How many residents were signalled per postcode in the last year, counts only (one
    query): the ranking's "existing signals", for anyone who may research."""
    if not may_research(who):
        return Counter()
    since = today - timedelta(days=SIGNALS_COUNTED_DAYS)
    rows = db.session.execute(
        select(Signal.postcode, func.count())
        .where(Signal.postcode.is_not(None), func.date(Signal.created_at) >= since)
        .group_by(Signal.postcode)
    )
    counted: Counter[str] = Counter()
    for postcode, count in rows:
        counted[normalise_postcode(postcode or "")] += count
    return counted
