"""What a plugin, and the rules judge, are shown of a circle: a typed, read-only view.

Hooks never get the ORM row: a row has lazy relationships that raise, and a plugin holding one
could write to it or run queries of its own. A ``CircleView`` holds what the rules ask about
(its phase, its members by role with their recorded facts and trainings, its neighbourhood, the
kind of organisation running it, the day it is judged on) and offers query methods for what is
asked less often and costs a query, answered by the area that owns the data. Later areas add a
method to ``CircleQueries`` and an answer in their own folder; the view's fields do not change.

The view is built once per request (``kring.circles.queries.view``), so the checklist, the
plugins' guards and the warnings of one page all judge the same facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

ACTIVE = "active"
CANDIDATE = "candidate"


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberView:
    """One current membership of the circle (active, or a candidate waiting for an intake)."""

    member_id: int
    person_id: int
    name: str
    role: str
    status: str
    """``candidate`` or ``active``; ended memberships are not part of a circle's facts."""
    joined_on: date
    postcode: str | None = None
    attributes: Mapping[str, object] = field(default_factory=dict)
    """Facts the methodology records about this member (a VOG date, a plan), by attribute key."""
    trainings: frozenset[str] = frozenset()
    """Keys of the trainings this person holds today: a completion not lapsed, or an
    exception recorded for it."""
    screenings: frozenset[str] = frozenset()
    """Keys of the background checks (VOG, DBS) this person holds valid today."""

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True, slots=True, kw_only=True)
class NeighbourhoodView:
    """Where the circle lives: rules about living nearby compare postcodes with these prefixes."""

    name: str
    postcodes: tuple[str, ...] = ()
    cbs_code: str | None = None


class CircleQueries(Protocol):
    """Questions about a circle that cost a query, answered only when a rule asks them."""

    def partner_kinds(self) -> frozenset[str]:
        """Kinds of the tenant's partner organisations (``housing``, ``care`` ...)."""
        ...

    def people_with_plans(self, person_ids: frozenset[int]) -> frozenset[int]:
        """Those of ``person_ids`` whose development plan holds at least one goal."""
        ...


@dataclass(frozen=True, slots=True, kw_only=True)
class CircleView:
    """A circle as the rules and the plugins see it, on the day ``today``."""

    id: int
    name: str
    methodology_key: str
    phase: str
    phase_since: date
    today: date
    organisation_kind: str
    neighbourhood: NeighbourhoodView
    members: tuple[MemberView, ...] = ()
    queries: CircleQueries | None = field(default=None, repr=False, compare=False)

    def with_role(self, role: str) -> list[MemberView]:
        """The active members holding ``role``: candidates count towards nothing yet."""
        return [m for m in self.members if m.role == role and m.is_active]

    @property
    def active_members(self) -> list[MemberView]:
        return [m for m in self.members if m.is_active]

    def partner_kinds(self) -> frozenset[str]:
        """Kinds of the tenant's partner organisations (a Buurtkring needs housing and care)."""
        return self.queries.partner_kinds() if self.queries is not None else frozenset()

    def people_with_plans(self, person_ids: frozenset[int]) -> frozenset[int]:
        """Those of ``person_ids`` whose development plan holds at least one goal (a
        Buurtcirkel asks it of every participant once the circle runs)."""
        if self.queries is None or not person_ids:
            return frozenset()
        return self.queries.people_with_plans(person_ids)
