"""The hooks Kring calls; thin, because every Buurtcirkel rule is data the core enforces (its
one reminder of its own, the yearly satisfaction measurement, is in ``reminders.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from kring import hookimpl
from kring.core.facade import CircleView
from kring.core.methodology import Methodology, NeighbourhoodCriterion, ReminderIntent
from kring_buurtcirkel_nl import neighbourhoods
from kring_buurtcirkel_nl.methodology import METHODOLOGY
from kring_buurtcirkel_nl.reminders import satisfaction_due


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_reminder_rules(circle: CircleView, now: datetime) -> list[ReminderIntent]:
    """The yearly satisfaction measurement (``reminders.py``)."""
    return satisfaction_due(circle, now)


@hookimpl
def kring_survey_score(survey: str, answers: Mapping[str, str]) -> dict[str, int] | None:
    """The satisfaction measurement scores its one mark, the average +Vijf reports."""
    if survey != "satisfaction":
        return None
    return {"mark": int(answers["mark"])}


@hookimpl
def kring_neighbourhood_criteria() -> list[NeighbourhoodCriterion]:
    """What makes a neighbourhood suit a new Buurtcirkel (``neighbourhoods.py``)."""
    return neighbourhoods.CRITERIA
