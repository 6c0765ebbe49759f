"""Methodology descriptions refuse nonsense when built, so a broken plugin never starts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kring.core.methodology import (
    Phase,
    PhaseMove,
    Phrase,
    RoleSpec,
    ScoreBand,
    SizeRule,
    Survey,
    SurveyItem,
    Terms,
    Unmet,
    self_reliance,
)
from tests.plugins_for_tests.alpha import METHODOLOGY

TERMS = Terms({"nl": {"circle": "Buurtcirkel"}, "en": {"circle": "circle", "coach": "coach"}})


@pytest.mark.parametrize(
    ("minimum", "start_minimum", "maximum"),
    [(5, 4, 8), (4, 9, 8), (-1, 4, 8)],
    ids=["min-above-start", "start-above-max", "negative-min"],
)
def test_size_rule_is_refused_when_bounds_are_out_of_order(
    minimum: int, start_minimum: int, maximum: int
) -> None:
    with pytest.raises(ValueError, match="minimum <= start_minimum <= maximum"):
        SizeRule(
            role="participant",
            minimum=minimum,
            start_minimum=start_minimum,
            maximum=maximum,
            start_phase="realisatie",
        )


def test_size_rule_is_accepted_when_bounds_are_equal() -> None:
    rule = SizeRule(role="participant", minimum=5, start_minimum=5, maximum=5, start_phase="x")

    assert rule.start_minimum == 5


def test_role_is_refused_when_maximum_is_below_minimum() -> None:
    with pytest.raises(ValueError, match="role 'coach'"):
        RoleSpec(key="coach", minimum=2, maximum=1)


def test_term_is_in_the_asked_locale_when_it_has_one() -> None:
    assert TERMS.term("circle", "nl") == "Buurtcirkel"


def test_term_falls_back_to_english_when_the_locale_lacks_it() -> None:
    assert TERMS.term("coach", "nl") == "coach"
    assert TERMS.term("coach", "de") == "coach"


def test_term_falls_back_to_its_key_when_no_locale_has_it() -> None:
    assert TERMS.term("signaler", "nl") == "signaler"


def test_unmet_explains_itself_when_rendered_in_either_language() -> None:
    unmet = Unmet(
        rule="size.start_minimum",
        message=Phrase(
            en="{phase} needs at least {minimum} participants (now {count})",
            nl="{phase} heeft minstens {minimum} deelnemers nodig (nu {count})",
        ),
        params={"phase": "Realisatie", "minimum": 5, "count": 4},
    )

    assert unmet.explain("en") == "Realisatie needs at least 5 participants (now 4)"
    assert unmet.explain("nl") == "Realisatie heeft minstens 5 deelnemers nodig (nu 4)"


def test_methodology_is_refused_when_a_move_names_an_unknown_phase() -> None:
    with pytest.raises(ValueError, match="move target 'nirvana' is not one of"):
        replace(METHODOLOGY, moves=(PhaseMove("forming", "nirvana"),))


def test_methodology_is_refused_when_a_phase_appears_twice() -> None:
    with pytest.raises(ValueError, match="phase 'forming' appears twice"):
        replace(METHODOLOGY, phases=(*METHODOLOGY.phases, Phase("forming")))


def test_methodology_is_refused_when_it_has_no_english_name() -> None:
    with pytest.raises(ValueError, match="no 'en' word for 'methodology'"):
        replace(METHODOLOGY, terms=TERMS)


def test_derived_methodology_keeps_the_original_when_built_with_replace() -> None:
    derived = replace(METHODOLOGY, key="alpha_plus", initial_phase="running")

    assert (derived.key, derived.initial_phase) == ("alpha_plus", "running")
    assert (METHODOLOGY.key, METHODOLOGY.initial_phase) == ("alpha", "forming")


def _survey(**changes: object) -> Survey:
    item = SurveyItem(key="mark", question=Phrase(en="Mark?", nl="Cijfer?"), answers=())
    return Survey(
        **{"key": "s", "title": Phrase(en="S", nl="S"), "for_roles": ("x",), "items": (item,)}
        | changes  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"every_months": 0}, "every_months must be at least 1"),
        (
            {"scoring": "mark", "items": (*_survey().items, *_survey(key="t").items)},
            "a mark is one item",
        ),
        (
            {
                "bands": (
                    ScoreBand(low=0, high=3, words=Phrase(en="a", nl="a")),
                    ScoreBand(low=3, high=6, words=Phrase(en="b", nl="b")),
                )
            },
            "score bands overlap",
        ),
    ],
    ids=["every-zero-months", "mark-of-two-items", "overlapping-bands"],
)
def test_survey_is_refused_when_its_timing_or_scoring_cannot_work(
    changes: dict[str, object], problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        _survey(**changes)


def test_survey_totals_and_bands_a_mark_and_a_sum_when_answers_are_whole_numbers() -> None:
    scale = self_reliance(("participant",))
    answers = dict.fromkeys((item.key for item in scale.items), "3")
    assert scale.total(answers) == 15 and scale.is_timed
    band = scale.band(15)
    assert band is not None and band.words.en == "manages with some support"
    assert scale.total({**answers, "money": "often"}) is None
    assert _survey(scoring="mark").total({"mark": "8"}) == 8
    assert not _survey().is_timed


def test_methodology_is_refused_when_a_survey_names_an_unknown_role_or_phase() -> None:
    with pytest.raises(ValueError, match=r"survey role .ghost. is not one of"):
        replace(METHODOLOGY, surveys=(_survey(for_roles=("ghost",)),))
    with pytest.raises(ValueError, match=r"survey phase .ghost. is not one of"):
        replace(METHODOLOGY, surveys=(_survey(for_roles=(), at_phases=("ghost",)),))
