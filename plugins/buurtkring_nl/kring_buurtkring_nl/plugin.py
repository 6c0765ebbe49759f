"""Buurtkring's hooks: its methodology, and the partnership guard data cannot express."""

from __future__ import annotations

from kring import hookimpl
from kring.core.facade import CircleView
from kring.core.methodology import Methodology, NeighbourhoodCriterion, Unmet
from kring_buurtkring_nl import neighbourhoods
from kring_buurtkring_nl.guards import missing_partners
from kring_buurtkring_nl.methodology import METHODOLOGY


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_phase_guard(circle: CircleView, target: str) -> list[Unmet]:
    """A Buurtkring leaves its first phase only once the partnership that carries it exists."""
    if circle.phase != METHODOLOGY.initial_phase or target == METHODOLOGY.initial_phase:
        return []
    return missing_partners(circle)


@hookimpl
def kring_neighbourhood_criteria() -> list[NeighbourhoodCriterion]:
    """What makes a neighbourhood suit a new Buurtkring (``neighbourhoods.py``)."""
    return neighbourhoods.CRITERIA
