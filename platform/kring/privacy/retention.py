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

from sqlalchemy import case, func, select

from kring.circles.models import ENDED, CircleMember
from kring.core.accounts import Role, RoleGrant
from kring.core.methodology.quality import add_months
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.people.models import Person
from kring.privacy.erase import erase


@dataclass
class RetentionRun:
    """What one tenant's retention did (or, on a dry run, would do)."""

    cutoff: date
    due: list[int] = field(default_factory=list)
    erased: int = 0


def cutoff_for(tenant: Tenant, today: date) -> date:
    """People who left their last circle on or before this day are due."""
    return add_months(today, -tenant.retention_months)


def due(cutoff: date) -> list[int]:
    """The people of the tenant in scope whose every membership ended on or before
    ``cutoff``, not erased yet and holding no staff role here, by number."""
    still_in = func.max(case((CircleMember.status.not_in(ENDED), 1), else_=0))
    former = (
        select(CircleMember.person_id)
        .group_by(CircleMember.person_id)
        .having(still_in == 0, func.max(CircleMember.left_on) <= cutoff)
    )
    staff = select(RoleGrant.user_id).where(RoleGrant.role != Role.participant)
    return list(
        db.session.execute(
            select(Person.id)
            .where(
                Person.id.in_(former),
                Person.erased_at.is_(None),
                (Person.user_id.is_(None)) | Person.user_id.not_in(staff),
            )
            .order_by(Person.id)
        ).scalars()
    )


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
