"""Buurtcirkel's criteria for choosing a neighbourhood (phase Onderzoek): single elderly
people and single-person households first, existing signals, and no Buurtcirkel there yet."""

from __future__ import annotations

from kring.core.methodology import Measure
from kring.neighbourhoods.ranking import Place, rank
from kring.neighbourhoods.service import Figures
from kring.plugins import MethodologyHooks


def _place(name: str, alone: float, old: float, signals: int, circles: int) -> Place:
    figures = Figures(1, 2025, "WK990101", 1000, old, None, alone, 30.0)
    return Place(1, name, None, figures, signals, circles)


def test_criteria_weigh_living_alone_age_signals_and_no_circle(hooks: MethodologyHooks) -> None:
    criteria = {c.key: c for c in hooks.neighbourhood_criteria()}
    assert criteria["living_alone"].measure is Measure.share_single_households
    assert criteria["older_residents"].measure is Measure.share_65_plus
    assert criteria["signals"].measure is Measure.signals
    assert criteria["no_buurtcirkel"].measure is Measure.no_circle
    assert criteria["lower_income"].higher_is_better is False
    for c in criteria.values():
        assert c.title.render("nl") and c.title.render("en") and c.because.render("nl")


def test_a_neighbourhood_of_single_elderly_without_a_buurtcirkel_ranks_first(
    hooks: MethodologyHooks,
) -> None:
    ranked = rank(
        [
            _place("Gezinnen", alone=20, old=10, signals=0, circles=0),
            _place("Alleen en oud, al een cirkel", alone=50, old=35, signals=4, circles=1),
            _place("Alleen en oud", alone=50, old=35, signals=4, circles=0),
        ],
        hooks.neighbourhood_criteria(),
        "nl",
    )
    assert [r.place.name for r in ranked] == [
        "Alleen en oud",
        "Alleen en oud, al een cirkel",
        "Gezinnen",
    ]
    assert ranked[0].why[0].because == "een Buurtcirkel brengt bewoners samen die alleen wonen"
