"""Methodology descriptions refuse nonsense when built, so a broken plugin never starts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kring.core.methodology import (
    Phase,
    PhaseMove,
    Phrase,
    RoleSpec,
    SizeRule,
    Terms,
    Unmet,
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
