"""When an instrument may be given: at intake, on its rhythm, at leaving, in a phase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kring.core.methodology import Phrase, Survey, self_reliance
from kring.surveys.models import Occasion
from kring.surveys.timing import Earlier, Stay, occasion, opens_on

JOINED = date(2026, 1, 5)
SCALE = self_reliance(("participant",))  # at intake, every 6 months, at leaving
STAY = Stay(circle_id=1, joined_on=JOINED, left_on=None, phase="realisatie", phase_since=JOINED)


def _at(day: date, *earlier: Earlier, stay: Stay = STAY, survey: Survey = SCALE) -> Occasion | None:
    return occasion(survey, stay, list(earlier), day)


def test_intake_is_open_in_the_first_six_weeks_once() -> None:
    assert _at(JOINED + timedelta(weeks=6)) is Occasion.intake
    taken = Earlier(JOINED + timedelta(days=2), Occasion.intake, 1)
    assert _at(JOINED + timedelta(days=10), taken) is None


def test_nothing_is_open_before_joining() -> None:
    assert _at(JOINED - timedelta(days=1)) is None


def test_rhythm_opens_when_the_last_answer_is_six_months_old_when_intake_has_passed() -> None:
    taken = Earlier(JOINED + timedelta(days=2), Occasion.intake, 1)
    assert _at(date(2026, 7, 6), taken) is None
    assert _at(date(2026, 7, 7), taken) is Occasion.periodic
    assert opens_on(SCALE, STAY, [taken], date(2026, 3, 1)) == date(2026, 7, 7)


def test_a_late_first_answer_counts_as_the_rhythms_when_intake_was_missed() -> None:
    assert _at(JOINED + timedelta(weeks=10)) is Occasion.periodic


def test_an_answer_entered_late_keeps_the_months_before_it_closed_too() -> None:
    later = Earlier(date(2026, 9, 1), Occasion.periodic, 1)
    assert _at(date(2026, 5, 1), later) is None


@pytest.mark.parametrize(
    ("days_after_leaving", "expected"),
    [(0, Occasion.exit), (42, Occasion.exit), (43, None)],
)
def test_exit_is_open_in_the_six_weeks_after_leaving(
    days_after_leaving: int, expected: Occasion | None
) -> None:
    left = replace_left(date(2026, 6, 1))
    assert _at(date(2026, 6, 1) + timedelta(days=days_after_leaving), stay=left) is expected


def test_exit_is_given_once_and_nothing_else_after_leaving() -> None:
    left = replace_left(date(2026, 6, 1))
    done = Earlier(date(2026, 6, 2), Occasion.exit, 1)
    assert _at(date(2026, 6, 3), done, stay=left) is None
    assert opens_on(SCALE, left, [done], date(2026, 6, 3)) is None


def test_a_phase_survey_is_open_once_while_the_circle_is_in_the_phase() -> None:
    survey = Survey(
        key="p", title=Phrase(en="P", nl="P"), for_roles=("participant",), at_phases=("realisatie",)
    )
    assert _at(date(2026, 3, 1), survey=survey) is Occasion.phase
    done = Earlier(date(2026, 3, 1), Occasion.phase, 1)
    assert _at(date(2026, 4, 1), done, survey=survey) is None
    elsewhere = Stay(1, JOINED, None, "opstart", JOINED)
    assert _at(date(2026, 3, 1), stay=elsewhere, survey=survey) is None


def test_a_survey_naming_no_moment_is_open_any_time_while_a_member() -> None:
    survey = Survey(key="any", title=Phrase(en="A", nl="A"), for_roles=("participant",))
    assert _at(date(2026, 3, 1), Earlier(date(2026, 3, 1), Occasion.any, 1), survey=survey) is (
        Occasion.any
    )


def replace_left(left_on: date) -> Stay:
    return Stay(STAY.circle_id, STAY.joined_on, left_on, STAY.phase, STAY.phase_since)
