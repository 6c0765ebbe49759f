"""What reminder rules share: a moment in the tenant's own time, and params in both languages.

A ``Phrase`` is filled with the same params in Dutch and English, so a date or a methodology's
term a rule puts in a message is given in both (``review_en``, ``review_nl``) and each
language's sentence picks its own.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date

from kring.core.methodology import Methodology
from kring.core.tenancy import Tenant, current_tenant_id, zone
from kring.extensions import db

LOCALES = ("en", "nl")
MORNING = time(9)
"""When a reminder about a day (a review, a check running out) goes out: nine in the morning."""


def local_zone() -> ZoneInfo:
    """The time zone of the tenant in scope."""
    tenant = db.session.get(Tenant, current_tenant_id())
    return zone(tenant.locale if tenant is not None else "nl")


def morning(day: date, tz: ZoneInfo) -> datetime:
    """Nine in the morning of ``day`` in the tenant's time."""
    return datetime.combine(day, MORNING, tz)


def day_in_both(name: str, day: date) -> dict[str, str | int]:
    """``day`` written out in each language: ``{name}_en``, ``{name}_nl``."""
    return {f"{name}_{locale}": format_date(day, "d MMMM y", locale=locale) for locale in LOCALES}


def term_in_both(name: str, m: Methodology, key: str) -> dict[str, str | int]:
    """The methodology's word for ``key`` in each language: ``{name}_en``, ``{name}_nl``."""
    return {f"{name}_{locale}": m.terms.term(key, locale) for locale in LOCALES}
