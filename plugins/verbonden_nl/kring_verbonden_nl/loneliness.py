"""The 6-item De Jong Gierveld loneliness scale (De Jong Gierveld & Van Tilburg, 2006), scored.

Three statements measure emotional loneliness (missing an intimate bond) and are worded
negatively; three measure social loneliness (missing a wider network) and are worded positively.
Each is answered "yes", "more or less" or "no". Following the developers' manual, an answer
scores 1 when it points to loneliness: "yes" or "more or less" on an emotional statement,
"no" or "more or less" on a social one. "More or less" therefore always counts, which is why
the scale is read as two ranges (0-3 each) and a total (0-6) rather than as an average.

A score is only given for a complete set of answers, as the manual does: an incomplete scale is
missing, not low. Items are kept in the order of the validated questionnaire.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from kring.core.methodology import Phrase, ScoreBand, SurveyItem

SURVEY_KEY = "de_jong_gierveld_6"

YES, MORE_OR_LESS, NO = "yes", "more or less", "no"
ANSWERS: Mapping[str, Phrase] = {
    YES: Phrase(en="yes", nl="ja"),
    MORE_OR_LESS: Phrase(en="more or less", nl="min of meer"),
    NO: Phrase(en="no", nl="nee"),
}


class Dimension(enum.StrEnum):
    emotional = "emotional"
    social = "social"


LONELY_ANSWERS = {
    Dimension.emotional: frozenset({YES, MORE_OR_LESS}),
    Dimension.social: frozenset({NO, MORE_OR_LESS}),
}


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    dimension: Dimension
    statement: Phrase


ITEMS: tuple[Item, ...] = (
    Item(
        "emptiness",
        Dimension.emotional,
        Phrase(
            en="I experience a general sense of emptiness", nl="Ik ervaar een leegte om me heen"
        ),
    ),
    Item(
        "rely_on",
        Dimension.social,
        Phrase(
            en="There are plenty of people I can rely on when I have problems",
            nl="Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen",
        ),
    ),
    Item(
        "trust",
        Dimension.social,
        Phrase(
            en="There are many people I can trust completely",
            nl="Ik heb veel mensen op wie ik volledig kan vertrouwen",
        ),
    ),
    Item(
        "miss_people",
        Dimension.emotional,
        Phrase(en="I miss having people around", nl="Ik mis mensen om me heen"),
    ),
    Item(
        "close_to",
        Dimension.social,
        Phrase(
            en="There are enough people I feel close to",
            nl="Er zijn voldoende mensen met wie ik me nauw verbonden voel",
        ),
    ),
    Item(
        "rejected",
        Dimension.emotional,
        Phrase(en="I often feel rejected", nl="Vaak voel ik me in de steek gelaten"),
    ),
)


class Level(enum.StrEnum):
    """The manual's three bands of the total score."""

    not_lonely = "not_lonely"  # 0-1
    moderately_lonely = "moderately_lonely"  # 2-4
    severely_lonely = "severely_lonely"  # 5-6


@dataclass(frozen=True, slots=True)
class LonelinessScore:
    emotional: int
    social: int

    @property
    def total(self) -> int:
        return self.emotional + self.social

    @property
    def level(self) -> Level:
        if self.total <= 1:
            return Level.not_lonely
        return Level.moderately_lonely if self.total <= 4 else Level.severely_lonely


SURVEY_ITEMS: tuple[SurveyItem, ...] = tuple(
    SurveyItem(key=item.key, question=item.statement, answers=tuple(ANSWERS.items()))
    for item in ITEMS
)
"""The scale as the core records it: each statement with its three answers."""


SURVEY_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand(low=0, high=1, words=Phrase(en="not lonely", nl="niet eenzaam")),
    ScoreBand(low=2, high=4, words=Phrase(en="moderately lonely", nl="matig eenzaam")),
    ScoreBand(low=5, high=6, words=Phrase(en="severely lonely", nl="ernstig eenzaam")),
)
"""The manual's bands of the total (as ``Level``), in words the core shows with a result."""


def score(answers: Mapping[str, str]) -> LonelinessScore:
    """Score one completed questionnaire, ``{item key: answer}``.

    Raises ``ValueError`` naming the item when an answer is missing or is not one of "yes",
    "more or less" or "no", or when an answer is given to a statement the scale does not have.
    """
    known = {item.key for item in ITEMS}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"not an item of the De Jong Gierveld scale: {', '.join(unknown)}")
    points = {Dimension.emotional: 0, Dimension.social: 0}
    for item in ITEMS:
        answer = answers.get(item.key)
        if answer is None:
            raise ValueError(f"item {item.key!r} is not answered; the scale needs all six")
        if answer not in ANSWERS:
            raise ValueError(
                f"item {item.key!r}: {answer!r} is not an answer; use one of {', '.join(ANSWERS)}"
            )
        points[item.dimension] += int(answer in LONELY_ANSWERS[item.dimension])
    return LonelinessScore(emotional=points[Dimension.emotional], social=points[Dimension.social])
