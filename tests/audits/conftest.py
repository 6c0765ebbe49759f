"""What the audit tests share: a proefkring that runs."""

from __future__ import annotations

from typing import Any

from kring.circles import membership, phases
from kring.circles.models import Circle
from kring.testing import builders
from kring.testing.builders import start_circle

TODAY = builders.TODAY


def running(hooks: Any, name: str) -> Circle:
    """A proefkring in ``draaien`` since TODAY, with a trained guide, a buddy and three
    participants after their intakes."""
    circle = start_circle(hooks, name, f"Wijk {name}", ["6041"], today=TODAY)
    guide = builders.join(
        circle, hooks, "begeleider", f"Gids {name}", postcode="6041AA", trainings=("basis",)
    )
    builders.join(
        circle,
        hooks,
        "maatje",
        f"Maatje {name}",
        postcode="6041AA",
        attributes={"woont_vast": "yes", "check_geldig_tot": "2027-12-31"},
    )
    for i in range(3):
        member = builders.join(circle, hooks, "deelnemer", f"Deelnemer {name} {i}")
        membership.complete_intake(member, guide, True, None, hooks, None, TODAY)
    phases.move_phase(circle, "draaien", hooks, None, None, TODAY)
    return circle
