"""The shape of a circle: its roles, its size, its phases and what entering each one takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleSpec:
    """A role inside one circle, how many people hold it, and what they must be trained in.

    ``key`` is also the role's term key. ``minimum`` and ``needs_training`` (``Training``
    keys) are required from the size rule's start phase on; ``maximum`` holds always.
    """

    key: str
    minimum: int = 0
    maximum: int | None = None
    needs_training: tuple[str, ...] = ()
    lives_in_neighbourhood: bool = False
    """Members in this role must have a postcode inside the circle's neighbourhood."""
    needs_intake: bool = False
    """New members start as candidates until the ``Methodology.intake_role`` holds an intake."""
    may_stay_as_alumni: bool = False
    """Members whose support need ends may stay on as alumni instead of leaving."""
    warn_above_circles: int | None = None
    """One person in this role across more circles than this is a warning (a workload limit)."""

    def __post_init__(self) -> None:
        if self.minimum < 0 or (self.maximum is not None and self.maximum < self.minimum):
            raise ValueError(
                f"role {self.key!r}: needs 0 <= minimum <= maximum, "
                f"got minimum={self.minimum}, maximum={self.maximum}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class SizeRule:
    """The headline size of a circle: how many people holding ``role`` it has.

    Entering ``start_phase`` takes at least ``start_minimum``; a circle that has started may
    shrink to ``minimum`` before it is refused further moves, and never grows past ``maximum``.
    """

    role: str
    minimum: int
    start_minimum: int
    maximum: int
    start_phase: str

    def __post_init__(self) -> None:
        if not 0 <= self.minimum <= self.start_minimum <= self.maximum:
            raise ValueError(
                f"size rule for {self.role!r}: needs 0 <= minimum <= start_minimum <= maximum, "
                f"got {self.minimum}, {self.start_minimum}, {self.maximum}"
            )


@dataclass(frozen=True, slots=True)
class Phase:
    """A stage in a circle's life; ``key`` is also its term key.

    A closing phase (a network winding down) asks nothing of the circle: requirements of
    earlier phases do not carry into it, so a network whose volunteer left can still close.
    """

    key: str
    is_closing: bool = False


@dataclass(frozen=True, slots=True)
class PhaseMove:
    """A move the project leader may make; moves not listed are refused by the core."""

    source: str
    target: str


AttributeKind: TypeAlias = Literal["bool", "int", "date", "text"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributeSpec:
    """A fact a methodology records about a member in one role: a DBS check, a VOG, housing.

    The core validates the value's kind at the edge and keeps it with the membership; the
    requirements below can then ask for it. ``key`` is also the attribute's term key.
    """

    key: str
    role: str
    kind: AttributeKind
    is_required: bool = False
    """Must be given when someone joins in ``role``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveReason:
    """Why a membership ends; ``key`` is also its term key.

    ``ends_support`` marks the good ending (support no longer needed): members of a role that
    ``may_stay_as_alumni`` become alumni instead of leaving. A reason is offered for the roles it
    fits: ``for_roles`` names them; else ``supported_only`` keeps it to the roles that receive
    support (``Methodology.supported_roles``: no "deceased" or "support no longer needed" for a
    coach or volunteer who stops); else it fits every role.
    """

    key: str
    ends_support: bool = False
    for_roles: tuple[str, ...] = ()
    supported_only: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AtLeast:
    """Entering ``phase`` (and every later one) takes at least ``count`` active ``role`` members."""

    phase: str
    role: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Trained:
    """Entering ``phase`` takes every active ``role`` member to have completed ``training``,
    and at least one such member."""

    phase: str
    role: str
    training: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    """Entering ``phase`` takes ``attribute`` recorded for every active member of its role."""

    phase: str
    attribute: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NotExpired:
    """Entering ``phase`` takes the date ``attribute`` to lie today or later for every member
    of its role (a check that must be renewed)."""

    phase: str
    attribute: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Screened:
    """Entering ``phase`` takes every active ``role`` member to hold a valid ``screening`` (a
    VOG, a DBS check). Not declared by a plugin: the core derives it from
    ``Screening.required_from``."""

    phase: str
    role: str
    screening: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HasPlan:
    """Entering ``phase`` takes every active ``role`` member to have a development plan with at
    least one goal (read from the plans themselves, not from a recorded date). The methodology
    may name the plan in its own words with the term ``plan``."""

    phase: str
    role: str


Requirement: TypeAlias = AtLeast | Trained | Recorded | NotExpired | Screened | HasPlan
