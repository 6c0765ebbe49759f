"""Buurtkring (after KeyRing) looks for residents living alone on low incomes, where no
Buurtkring runs yet."""

from __future__ import annotations

from kring.core.methodology import Measure
from kring.neighbourhoods.ranking import Place, rank
from kring.neighbourhoods.service import Figures
from kring.plugins import MethodologyHooks


def _place(name: str, income: float, circles: int) -> Place:
    figures = Figures(1, 2025, "WK990101", 1000, 20.0, None, 40.0, income)
    return Place(1, name, None, figures, 0, circles)


def test_a_lower_income_without_a_buurtkring_ranks_first(hooks: MethodologyHooks) -> None:
    criteria = hooks.neighbourhood_criteria()
    assert {c.measure for c in criteria} >= {Measure.average_income, Measure.no_circle}
    ranked = rank(
        [_place("Welgesteld", 45, 0), _place("Krap", 22, 1), _place("Krap, nog niets", 22, 0)],
        criteria,
        "nl",
    )
    assert ranked[0].place.name == "Krap, nog niets"
