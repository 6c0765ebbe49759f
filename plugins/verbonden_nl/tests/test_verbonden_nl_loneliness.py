"""Scoring the 6-item De Jong Gierveld loneliness scale."""

from __future__ import annotations

import pytest
from kring_verbonden_nl.loneliness import (
    ITEMS,
    Dimension,
    Level,
    LonelinessScore,
    score,
)
from kring_verbonden_nl.methodology import METHODOLOGY

EMOTIONAL = [item.key for item in ITEMS if item.dimension is Dimension.emotional]
SOCIAL = [item.key for item in ITEMS if item.dimension is Dimension.social]


def answered(emotional: str, social: str) -> dict[str, str]:
    return {**dict.fromkeys(EMOTIONAL, emotional), **dict.fromkeys(SOCIAL, social)}


def test_scale_has_three_emotional_and_three_social_items_in_both_languages() -> None:
    assert (len(EMOTIONAL), len(SOCIAL)) == (3, 3)
    assert all(item.statement.nl and item.statement.en for item in ITEMS)
    assert [item.statement.en for item in ITEMS if item.dimension is Dimension.social] == [
        "There are plenty of people I can rely on when I have problems",
        "There are many people I can trust completely",
        "There are enough people I feel close to",
    ]


def test_score_is_zero_when_every_answer_points_away_from_loneliness() -> None:
    result = score(answered(emotional="no", social="yes"))

    assert result == LonelinessScore(emotional=0, social=0)
    assert (result.total, result.level) == (0, Level.not_lonely)


def test_score_is_six_when_every_answer_points_to_loneliness() -> None:
    result = score(answered(emotional="yes", social="no"))

    assert (result.emotional, result.social, result.total) == (3, 3, 6)
    assert result.level is Level.severely_lonely


def test_more_or_less_counts_when_given_to_any_item() -> None:
    assert score(answered(emotional="more or less", social="more or less")).total == 6


def test_emotional_and_social_are_scored_apart_when_answers_are_mixed() -> None:
    answers = answered(emotional="no", social="yes")
    answers |= {"emptiness": "yes", "miss_people": "more or less", "trust": "no"}

    result = score(answers)

    assert (result.emotional, result.social, result.total) == (2, 1, 3)
    assert result.level is Level.moderately_lonely


@pytest.mark.parametrize(
    ("total", "level"),
    [(1, Level.not_lonely), (2, Level.moderately_lonely), (4, Level.moderately_lonely)],
)
def test_level_follows_the_manual_bands_when_the_total_is_at_an_edge(
    total: int, level: Level
) -> None:
    emotional = min(total, 3)
    assert LonelinessScore(emotional=emotional, social=total - emotional).level is level


def test_score_is_refused_naming_the_item_when_an_answer_is_missing() -> None:
    answers = answered(emotional="no", social="yes")
    del answers["trust"]

    with pytest.raises(ValueError, match="'trust'"):
        score(answers)


def test_score_is_refused_naming_the_item_when_an_answer_is_unknown() -> None:
    answers = answered(emotional="no", social="yes") | {"rejected": "sometimes"}

    with pytest.raises(ValueError, match=r"'rejected'.*'sometimes'"):
        score(answers)


def test_score_is_refused_when_the_dutch_label_is_sent_instead_of_the_answer_key() -> None:
    with pytest.raises(ValueError, match="'emptiness'"):
        score(answered(emotional="no", social="yes") | {"emptiness": "ja"})


def test_score_is_refused_naming_it_when_a_statement_is_not_on_the_scale() -> None:
    with pytest.raises(ValueError, match="lonely_often"):
        score(answered(emotional="no", social="yes") | {"lonely_often": "yes"})


def test_survey_goes_to_residents_at_intake_every_six_months_and_at_leaving() -> None:
    (survey,) = METHODOLOGY.surveys

    assert (survey.key, survey.for_roles) == ("de_jong_gierveld_6", ("bewoner",))
    assert (survey.at_intake, survey.every_months, survey.at_exit) == (True, 6, True)
    assert not survey.higher_is_better


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, Level.not_lonely),
        (1, Level.not_lonely),
        (2, Level.moderately_lonely),
        (4, Level.moderately_lonely),
        (5, Level.severely_lonely),
        (6, Level.severely_lonely),
    ],
)
def test_survey_bands_put_the_manuals_levels_in_words(total: int, level: Level) -> None:
    (survey,) = METHODOLOGY.surveys
    band = survey.band(total)
    assert band is not None and band.words.en == level.value.replace("_", " ")
