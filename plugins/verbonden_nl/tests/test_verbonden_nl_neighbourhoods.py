"""Verbonden in de buurt chooses where a neighbourhood team starts by its 75+ residents and
the loneliness signals home care sends, more than by anything else."""

from __future__ import annotations

from kring.core.methodology import Measure
from kring.neighbourhoods.ranking import Place, rank
from kring.neighbourhoods.service import Figures
from kring.plugins import MethodologyHooks


def _place(name: str, old: float | None, signals: int) -> Place:
    figures = Figures(1, 2025, "WK990101", 1000, 30.0, old, 40.0, 30.0)
    return Place(1, name, None, figures, signals, 0)


def test_the_75_plus_share_and_signals_weigh_most(hooks: MethodologyHooks) -> None:
    criteria = hooks.neighbourhood_criteria()
    heaviest = sorted(criteria, key=lambda c: -c.weight)[:2]
    assert {c.measure for c in heaviest} == {Measure.share_75_plus, Measure.signals}


def test_a_neighbourhood_with_older_residents_and_signals_ranks_first(
    hooks: MethodologyHooks,
) -> None:
    ranked = rank(
        [_place("Jong", 5, 0), _place("Onbekend", None, 1), _place("Oud", 15, 6)],
        hooks.neighbourhood_criteria(),
        "en",
    )
    assert [r.place.name for r in ranked] == ["Oud", "Onbekend", "Jong"]
    unknown = ranked[1].reasons[0]
    assert (unknown.fact, unknown.points) == ("no figure", 0)
