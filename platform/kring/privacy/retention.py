"""Retention: a former participant's data is erased once they left their last circle longer
ago than their tenant keeps it (``Tenant.retention_months``, 24 by default).

Only people who took part and left are due: someone still in a circle, someone who never
joined one (a recruit, a signal's resident on their way in), and anyone whose login holds a
role other than participant here (staff who also took part) are left alone. Erasure is the
same as a person's own request (``erase.erase``): what the law asks to keep stays, nameless.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, select

from kring.circles.models import ENDED, CircleMember
from kring.core import journal
from kring.core.accounts import Role, RoleGrant
from kring.core.methodology.quality import add_months
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.onboarding.service import defined_in_files
from kring.people.models import Person
from kring.privacy.erase import erase

MIN_MONTHS = 1
MAX_MONTHS = 120
"""A tenant keeps a former participant's data at least a month (a shorter time would erase
someone before a late question about their leaving is answered) and at most ten years (longer
is no retention at all)."""


@dataclass
class RetentionRun:
    """What one tenant's retention did (or, on a dry run, would do)."""

    cutoff: date
    due: list[int] = field(default_factory=list)
    erased: int = 0


def cutoff_for(tenant: Tenant, today: date) -> date:
    """People who left their last circle on or before this day are due."""
    return add_months(today, -tenant.retention_months)


def _due(cutoff: date) -> Select[Any]:
    still_in = func.max(case((CircleMember.status.not_in(ENDED), 1), else_=0))
    former = (
        select(CircleMember.person_id)
        .group_by(CircleMember.person_id)
        .having(still_in == 0, func.max(CircleMember.left_on) <= cutoff)
    )
    staff = select(RoleGrant.user_id).where(RoleGrant.role != Role.participant)
    return select(Person.id).where(
        Person.id.in_(former),
        Person.erased_at.is_(None),
        (Person.user_id.is_(None)) | Person.user_id.not_in(staff),
    )


def due(cutoff: date) -> list[int]:
    """The people of the tenant in scope whose every membership ended on or before
    ``cutoff``, not erased yet and holding no staff role here, by number."""
    return list(db.session.execute(_due(cutoff).order_by(Person.id)).scalars())


def due_count(cutoff: date) -> int:
    """How many people ``due`` would name, counted in the database (one query)."""
    counted = select(func.count()).select_from(_due(cutoff).subquery())
    return db.session.execute(counted).scalar_one()


def run(
    tenant: Tenant,
    today: date,
    dry_run: bool = False,
    progress: Callable[[int], None] = lambda _: None,
) -> RetentionRun:
    """Erase the tenant's due people (the tenant in scope), or only count them on a dry run.
    The caller commits."""
    result = RetentionRun(cutoff_for(tenant, today))
    result.due = due(result.cutoff)
    if dry_run:
        return result
    for person_id in result.due:
        person = db.session.get(Person, person_id)
        if person is not None:
            erase(person, None)
            result.erased += 1
        progress(1)
    return result


@dataclass(frozen=True)
class RetentionSetting:
    """What the tenant admin's page and the API show of the tenant's retention."""

    months: int
    defined_in_files: bool
    """The tenant comes from a tenant file: ``kring tenants sync`` sets ``retention_months``
    again from the file, so the page does not change it (``FromFiles``)."""
    cutoff: date
    """People whose last circle ended on or before this day are erased at the next run."""
    due_now: int
    minimum: int = MIN_MONTHS
    maximum: int = MAX_MONTHS


class RetentionRefused(Exception):
    """A change of the retention that is not made, naming the field and why."""

    def __init__(self, field: str, message: str, status: int) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


def setting(tenant: Tenant, today: date) -> RetentionSetting:
    """The tenant's retention as it stands today (three small queries, whatever its size)."""
    cutoff = cutoff_for(tenant, today)
    return RetentionSetting(
        months=tenant.retention_months,
        defined_in_files=defined_in_files(tenant.id),
        cutoff=cutoff,
        due_now=due_count(cutoff),
    )


def change(tenant: Tenant, months: int, actor_id: int | None) -> bool:
    """Set how many months the tenant keeps a former participant's data; journaled with the
    old and new value. Refused outside ``MIN_MONTHS``..``MAX_MONTHS``, and for a tenant from a
    tenant file, whose next sync would silently set the file's value back: there the file is
    the one place to change it. Returns whether anything changed. The caller commits."""
    if defined_in_files(tenant.id):
        raise RetentionRefused(
            "months",
            "This organisation is set up from a tenant file: change retention_months in the "
            "file and sync it.",
            409,
        )
    if isinstance(months, bool) or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise RetentionRefused(
            "months", f"Choose a number of months from {MIN_MONTHS} to {MAX_MONTHS}.", 422
        )
    if months == tenant.retention_months:
        return False
    journal.record(
        "tenant.retention_changed", tenant, actor_id, before=tenant.retention_months, after=months
    )
    tenant.retention_months = months
    return True
