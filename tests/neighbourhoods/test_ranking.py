"""The ranking's rules: each criterion scores from 0 to its weight between the tenant's lowest
and highest figure, a missing figure earns nothing, and the reasons say why."""

from __future__ import annotations

import pytest

from kring.core.methodology import (
    DEFAULT_NEIGHBOURHOOD_CRITERIA,
    Measure,
    NeighbourhoodCriterion,
    Phrase,
)
from kring.neighbourhoods.ranking import Place, rank
from kring.neighbourhoods.service import Figures

WORDS = Phrase(en="x", nl="x")


def _place(name: str, old: float | None, income: float | None = 30, **kw: int) -> Place:
    figures = Figures(
        neighbourhood_id=hash(name) % 1000,
        year=2025,
        cbs_code="WK990101",
        inhabitants=1000,
        share_65_plus=old,
        share_75_plus=None,
        share_single_households=40.0,
        average_income=income,
    )
    return Place(
        neighbourhood_id=figures.neighbourhood_id,
        name=name,
        cbs_code=None,
        figures=figures,
        signals=kw.get("signals", 0),
        circles=kw.get("circles", 0),
    )


def _criterion(measure: Measure, weight: float, higher: bool = True) -> NeighbourhoodCriterion:
    return NeighbourhoodCriterion(
        key=measure.value,
        measure=measure,
        weight=weight,
        title=WORDS,
        because=WORDS,
        higher_is_better=higher,
    )


def test_more_older_residents_rank_higher_when_that_is_the_criterion() -> None:
    ranked = rank(
        [_place("Laag", 10), _place("Hoog", 30), _place("Midden", 20)],
        [_criterion(Measure.share_65_plus, 2)],
        "en",
    )
    assert [(r.place.name, r.score) for r in ranked] == [
        ("Hoog", 100.0),
        ("Midden", 50.0),
        ("Laag", 0.0),
    ]
    assert ranked[0].why[0].fact == "30% of residents are 65 or older"


def test_lower_income_scores_when_less_is_better() -> None:
    ranked = rank(
        [_place("Rijk", 20, income=45.5), _place("Arm", 20, income=22.5)],
        [_criterion(Measure.average_income, 1, higher=False)],
        "nl",
    )
    assert [r.place.name for r in ranked] == ["Arm", "Rijk"]
    assert ranked[0].reasons[0].fact == "gemiddeld inkomen 22,5 duizend euro per inwoner"


def test_a_missing_figure_earns_nothing_and_says_so_when_cbs_kept_it_secret() -> None:
    ranked = rank(
        [_place("Onbekend", None), _place("Bekend", 12)],
        [_criterion(Measure.share_65_plus, 1), _criterion(Measure.no_circle, 1)],
        "en",
    )
    unknown = next(r for r in ranked if r.place.name == "Onbekend")
    assert unknown.reasons[0].fact == "no figure" and unknown.reasons[0].points == 0
    assert unknown.score == 50.0  # only "no circle here yet"


def test_weights_count_when_criteria_disagree() -> None:
    places = [_place("Oud", 30, signals=0), _place("Signalen", 10, signals=6)]
    by_age = rank(
        places, [_criterion(Measure.share_65_plus, 3), _criterion(Measure.signals, 1)], "en"
    )
    by_signals = rank(
        places, [_criterion(Measure.share_65_plus, 1), _criterion(Measure.signals, 3)], "en"
    )
    assert by_age[0].place.name == "Oud" and by_signals[0].place.name == "Signalen"
    assert by_signals[0].score == 75.0


def test_a_running_circle_lowers_the_rank_when_no_circle_yet_counts() -> None:
    ranked = rank(
        [_place("Met kring", 20, circles=1), _place("Zonder", 20)],
        list(DEFAULT_NEIGHBOURHOOD_CRITERIA),
        "nl",
    )
    assert [r.place.name for r in ranked] == ["Zonder", "Met kring"]
    assert [r.rank for r in ranked] == [1, 2]
    assert ranked[1].reasons[-1].fact == "hier loopt al een kring"


def test_equal_figures_tie_by_name_when_nothing_tells_them_apart() -> None:
    ranked = rank([_place("B", 20), _place("A", 20)], [_criterion(Measure.share_65_plus, 1)], "en")
    assert [(r.place.name, r.score) for r in ranked] == [("A", 100.0), ("B", 100.0)]


def test_a_criterion_without_weight_is_refused_when_a_plugin_describes_it() -> None:
    with pytest.raises(ValueError, match="weight"):
        _criterion(Measure.signals, 0)


def test_a_figure_everyone_shares_earns_nothing_when_there_is_nothing_to_count() -> None:
    ranked = rank(
        [_place("A", 20), _place("B", 30)],
        [_criterion(Measure.signals, 1), _criterion(Measure.share_65_plus, 1)],
        "en",
    )
    assert [r.points for r in ranked[0].reasons] == [0, 1]
    assert [r.fact for r in ranked[0].why] == ["30% of residents are 65 or older"]


def test_no_circle_is_said_in_the_methodologys_word() -> None:
    (ranked,) = rank([_place("A", 20)], [_criterion(Measure.no_circle, 1)], "nl", "Buurtcirkel")
    assert ranked.reasons[0].fact == "hier is nog geen Buurtcirkel"
