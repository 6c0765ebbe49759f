"""Everything one circle's page shows, read once: the page, the API and ``kring circles show``
all render this same object, so they cannot drift apart and the facts are judged once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from kring.access import log
from kring.audits import opening
from kring.circles import membership, phases, queries
from kring.circles.models import ENDED, Circle, CircleMember, PhaseTransition
from kring.core.access import SYSTEM, Reach, Viewer, first_name
from kring.core.facade import CircleView
from kring.core.methodology import Methodology, Unmet
from kring.extensions import db
from kring.organisations.models import Organisation
from kring.people.models import Neighbourhood
from kring.plugins import MethodologyHooks


@dataclass(frozen=True)
class MemberLine:
    """One membership as shown, ended ones included."""

    id: int
    person_id: int
    person_name: str
    role: str
    status: str
    joined_on: date
    left_on: date | None
    leave_reason: str | None
    attributes: dict[str, Any]
    phone: str | None = None
    email: str | None = None

    @property
    def is_current(self) -> bool:
        return self.status not in ENDED

    @classmethod
    def of(cls, member: CircleMember, reach: Reach = Reach.full) -> MemberLine:
        """A membership as someone with ``reach`` may see it: first names only, contact
        details from ``contact`` on, recorded facts only in full."""
        person = member.person
        return cls(
            id=member.id,
            person_id=member.person_id,
            person_name=person.name if reach >= Reach.contact else first_name(person.name),
            role=member.role,
            status=member.status.value,
            joined_on=member.joined_on,
            left_on=member.left_on,
            leave_reason=member.leave_reason,
            attributes=dict(member.attributes) if reach is Reach.full else {},
            phone=person.phone if reach >= Reach.contact else None,
            email=person.email if reach >= Reach.contact else None,
        )


@dataclass(frozen=True)
class CircleOverview:
    """A circle with its members, what its methodology still expects, and its history."""

    id: int
    name: str
    methodology: Methodology
    organisation_id: int
    organisation_name: str
    neighbourhood_id: int
    neighbourhood_name: str
    phase: str
    phase_since: date
    members: tuple[MemberLine, ...]
    outlook: tuple[phases.PhaseOutlook, ...]
    warnings: tuple[Unmet, ...]
    history: tuple[PhaseTransition, ...]
    next_audit_due: date | None
    """The day the circle's next quality audit falls due (``kring.audits.opening``)."""
    facts: CircleView
    reach: Reach
    """How much of the members the reader may see: below ``first_names``, only ``counts``."""
    counts: dict[str, int]
    """Current members by status (``active``, ``candidate``): what a reader of counts sees."""

    @property
    def next_phases(self) -> list[str]:
        return phases.next_phases(self.phase, self.methodology)

    @property
    def current_members(self) -> list[MemberLine]:
        return [m for m in self.members if m.is_current]

    def interviewers(self) -> list[MemberLine]:
        """Active members of the role that holds intakes."""
        role = self.methodology.intake_role
        return [m for m in self.members if m.role == role and m.status == "active"]


def of(
    circle: Circle,
    hooks: MethodologyHooks,
    on: date,
    who: Viewer = SYSTEM,
    reach: Reach = Reach.full,
) -> CircleOverview:
    """Read the circle once, judge it on ``on``, and return what ``who`` may see of it with
    ``reach``; the members shown are written to the access log."""
    m = hooks.methodology
    members = queries.members_of(circle, include_ended=True)
    # Both in one query; the foreign keys make sure there is one of each.
    organisation, neighbourhood = db.session.execute(
        select(Organisation, Neighbourhood)
        .join(Neighbourhood, Neighbourhood.id == circle.neighbourhood_id)
        .where(Organisation.id == circle.organisation_id)
    ).one()
    facts = queries.view(circle, on, members, organisation, neighbourhood)
    history = queries.history(circle)
    shown = members if reach >= Reach.first_names else []
    log.shown(who, [x.person_id for x in shown])
    return CircleOverview(
        id=circle.id,
        name=circle.name,
        methodology=m,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        neighbourhood_id=neighbourhood.id,
        neighbourhood_name=neighbourhood.name,
        phase=circle.phase,
        phase_since=circle.phase_since,
        members=tuple(MemberLine.of(x, reach) for x in shown),
        outlook=tuple(_without_names(phases.outlook(facts, hooks), reach)),
        warnings=tuple(membership.workload_warnings(facts, m)) if reach is Reach.full else (),
        history=tuple(history),
        next_audit_due=opening.next_due(circle, history),
        facts=facts,
        reach=reach,
        counts=dict(Counter(x.status for x in facts.members)),
    )


def _without_names(outlook: list[phases.PhaseOutlook], reach: Reach) -> list[phases.PhaseOutlook]:
    """A checklist names who falls short; below ``contact`` a reader sees only that someone
    does."""
    if reach >= Reach.contact:
        return outlook
    return [
        replace(
            step,
            checks=[
                replace(c, unmet=replace(c.unmet, params={**c.unmet.params, "missing": ""}))
                for c in step.checks
            ],
        )
        for step in outlook
    ]
