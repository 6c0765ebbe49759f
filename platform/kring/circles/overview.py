"""Everything one circle's page shows, read once: the page, the API and ``kring circles show``
all render this same object, so they cannot drift apart and the facts are judged once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kring.circles import membership, phases, queries
from kring.circles.models import ENDED, Circle, CircleMember, PhaseTransition
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

    @property
    def is_current(self) -> bool:
        return self.status not in ENDED

    @classmethod
    def of(cls, member: CircleMember) -> MemberLine:
        return cls(
            id=member.id,
            person_id=member.person_id,
            person_name=member.person.name,
            role=member.role,
            status=member.status.value,
            joined_on=member.joined_on,
            left_on=member.left_on,
            leave_reason=member.leave_reason,
            attributes=dict(member.attributes),
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
    first_audit_due: date | None
    facts: CircleView

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


def of(circle: Circle, hooks: MethodologyHooks, on: date) -> CircleOverview:
    """Read the circle once, judge it on ``on``, and return all a page shows."""
    m = hooks.methodology
    members = queries.members_of(circle, include_ended=True)
    organisation = db.session.get(Organisation, circle.organisation_id)
    neighbourhood = db.session.get(Neighbourhood, circle.neighbourhood_id)
    assert organisation is not None and neighbourhood is not None  # foreign keys
    facts = queries.view(circle, on, members, organisation, neighbourhood)
    history = queries.history(circle)
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
        members=tuple(MemberLine.of(x) for x in members),
        outlook=tuple(phases.outlook(facts, hooks)),
        warnings=tuple(membership.workload_warnings(facts, m)),
        history=tuple(history),
        first_audit_due=phases.first_audit_due(history, m),
        facts=facts,
    )
