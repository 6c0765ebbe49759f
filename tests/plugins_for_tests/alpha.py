"""A throwaway methodology: circles of 3 to 6 participants with one coach."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint

from kring import hookimpl
from kring.core.methodology import (
    Methodology,
    NavItem,
    Phase,
    PhaseMove,
    Phrase,
    RoleSpec,
    SizeRule,
    Terms,
    Training,
    Unmet,
)
from kring.hookspecs import JobRegistry

METHODOLOGY = Methodology(
    key="alpha",
    version="0.0.1",
    terms=Terms(
        {
            "nl": {"methodology": "Alfa", "circle": "Alfakring", "running": "Lopend"},
            "en": {"methodology": "Alpha", "circle": "Alpha circle", "running": "Running"},
        }
    ),
    roles=(
        RoleSpec(key="participant"),
        RoleSpec(key="coach", minimum=1, maximum=1, needs_training=("basics",)),
    ),
    size_rule=SizeRule(
        role="participant", minimum=2, start_minimum=3, maximum=6, start_phase="running"
    ),
    phases=(Phase("forming"), Phase("running"), Phase("closed")),
    initial_phase="forming",
    moves=(PhaseMove("forming", "running"), PhaseMove("running", "closed")),
    trainings=(Training(key="basics", title=Phrase(en="Basics", nl="Basis")),),
)

blueprint = Blueprint("alpha", __name__)


@dataclass(frozen=True)
class Settings:
    meetings_per_month: int = 1


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_settings_schema() -> type[Settings]:
    return Settings


@hookimpl
def kring_phase_guard(circle: Any, target: str) -> list[Unmet]:
    if target == "closed" and "farewell" not in circle.name:
        return [
            Unmet(
                rule="alpha.farewell",
                message=Phrase(en="Say farewell first", nl="Neem eerst afscheid"),
            )
        ]
    return []


@hookimpl
def kring_blueprints() -> Blueprint:
    return blueprint


@hookimpl
def kring_nav_items(user: Any, tenant: Any) -> list[NavItem]:
    return [NavItem(label=Phrase(en="Alpha circles", nl="Alfakringen"), endpoint="alpha.circles")]


def count_circles() -> None:
    """A periodic job (a stand-in: it does nothing)."""


@hookimpl
def kring_register_jobs(registry: JobRegistry) -> None:
    registry.every(3600, count_circles)
