"""The hooks Kring calls: the methodology as data and the settings a tenant may give it."""

from __future__ import annotations

from collections.abc import Mapping

from kring import hookimpl
from kring.core.methodology import Methodology, NeighbourhoodCriterion
from kring_verbonden_nl import loneliness, neighbourhoods
from kring_verbonden_nl.methodology import METHODOLOGY
from kring_verbonden_nl.settings import VerbondenSettings


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_settings_schema() -> type[VerbondenSettings]:
    return VerbondenSettings


@hookimpl
def kring_survey_score(survey: str, answers: Mapping[str, str]) -> dict[str, int | str] | None:
    """The De Jong Gierveld scores: emotional and social (0-3 each), total (0-6), and its band."""
    if survey != loneliness.SURVEY_KEY:
        return None
    result = loneliness.score(answers)
    return {
        "emotional": result.emotional,
        "social": result.social,
        "total": result.total,
        "level": result.level.value,
    }


@hookimpl
def kring_neighbourhood_criteria() -> list[NeighbourhoodCriterion]:
    """What makes a neighbourhood suit a new Verbonden in de buurt (``neighbourhoods.py``)."""
    return neighbourhoods.CRITERIA
