"""Build a Buurtcirkel through the core services; invented people only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from kring_buurtcirkel_nl.methodology import COACH_TRAINING, PROJECT_LEADER_TRAINING

from kring.circles import membership, phases
from kring.circles.models import (
    Circle,
    CircleMember,
    PhaseTransition,
)
from kring.plugins import MethodologyHooks
from kring.testing.builders import give_goal, join

KEY = "buurtcirkel_nl"
TODAY = date(2026, 3, 2)
INSIDE = "3262 AB"


@dataclass
class Buurtcirkel:
    """One circle and the shortest ways to staff it, so each test states only what it varies."""

    circle: Circle
    hooks: MethodologyHooks
    coach: CircleMember | None = None
    _count: dict[str, int] = field(default_factory=dict)

    def join(
        self,
        role: str,
        *,
        trained: bool = True,
        postcode: str = INSIDE,
        attributes: dict[str, Any] | None = None,
    ) -> CircleMember:
        """Add a new person in ``role``; coach and project leader trained unless told not (then
        they joined yesterday on an exception that ended that day)."""
        number = self._count[role] = self._count.get(role, 0) + 1
        training = {"coach": COACH_TRAINING, "projectleider": PROJECT_LEADER_TRAINING}.get(role)
        member = join(
            self.circle,
            self.hooks,
            role,
            f"{role.capitalize()} {number}",
            postcode=postcode,
            trainings=[training] if training and trained else [],
            excused=[training] if training and not trained else [],
            attributes=attributes,
            today=TODAY if trained or not training else TODAY - timedelta(days=1),
        )
        if role == "coach":
            self.coach = member
        return member

    def admit(self, count: int = 1, *, with_plan: bool = True) -> list[CircleMember]:
        """``count`` participants who joined and had their intake with the coach."""
        assert self.coach is not None, "a participant's intake needs a coach"
        admitted = []
        for _ in range(count):
            candidate = self.join("participant")
            if with_plan:
                give_goal(candidate)
            membership.complete_intake(candidate, self.coach, True, None, self.hooks, None, TODAY)
            admitted.append(candidate)
        return admitted

    def staff(self, *, coach_trained: bool = True, leader_trained: bool = True) -> None:
        """Project leader, volunteer and coach, as a circle in Opstart has them."""
        self.join("projectleider", trained=leader_trained)
        self.join("volunteer")
        self.join("coach", trained=coach_trained)

    def move(self, target: str) -> PhaseTransition:
        return phases.move_phase(self.circle, target, self.hooks, None, None, TODAY)
