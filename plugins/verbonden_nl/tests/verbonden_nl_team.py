"""Build a buurtteam through the core services; invented people only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kring_verbonden_nl.methodology import VOLUNTEER_TRAINING

from kring.circles import phases
from kring.circles.models import (
    Circle,
    CircleMember,
    PhaseTransition,
)
from kring.plugins import MethodologyHooks
from kring.testing.builders import join

KEY = "verbonden_nl"
TODAY = date(2026, 3, 2)
INSIDE = "3961 AB"


@dataclass
class Buurtteam:
    """One team and the shortest ways to staff it, so each test states only what it varies."""

    circle: Circle
    hooks: MethodologyHooks
    _count: dict[str, int] = field(default_factory=dict)

    def join(self, role: str, *, trained: bool = True, postcode: str = INSIDE) -> CircleMember:
        """Add a new person in ``role``; volunteers trained unless told not (then they joined
        yesterday on an exception to the training that ended that day)."""
        number = self._count[role] = self._count.get(role, 0) + 1
        needs = [VOLUNTEER_TRAINING] if role == "vrijwilliger" else []
        name = f"{role.capitalize()} {number}"
        return join(
            self.circle,
            self.hooks,
            role,
            name,
            postcode=postcode,
            trainings=needs if trained else [],
            excused=[] if trained else needs,
            today=TODAY if trained else TODAY - timedelta(days=1),
        )

    def move(self, target: str) -> PhaseTransition:
        return phases.move_phase(self.circle, target, self.hooks, None, None, TODAY)
