"""When an outcome instrument may be given to a person, from what the methodology describes.

A measurement only means something at its moment: a loneliness score "at intake" is the
baseline change is read against, and two satisfaction marks a week apart count one person
twice in a circle's average. So the core, not the person filling it in, decides whether a
survey is open today, and says when it opens next (the due list of a circle):

- ``at_intake``: once, within the first ``INTAKE_WEEKS`` weeks of the membership;
- ``every_months``: when the person has no answer to it within that many months of the day
  (before or after: a measurement entered late must not crowd the next one);
- ``at_exit``: once, within ``EXIT_WEEKS`` weeks after the membership ended;
- ``at_phases``: once while the circle is in one of those phases (since it entered it);
- a survey naming none of these may be given any time.

The rules are plain functions of dates, so a page, the API and a test ask the same question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kring.core.methodology import Survey, add_months
from kring.surveys.models import Occasion

INTAKE_WEEKS = 6
EXIT_WEEKS = 6


@dataclass(frozen=True)
class Earlier:
    """An earlier answer of the same person to the same survey."""

    taken_on: date
    occasion: Occasion | None
    circle_id: int | None


@dataclass(frozen=True)
class Stay:
    """A person's membership of a circle, as the timing needs it."""

    circle_id: int
    joined_on: date
    left_on: date | None
    phase: str
    phase_since: date


def _in_circle(earlier: Sequence[Earlier], stay: Stay) -> list[Earlier]:
    return [e for e in earlier if e.circle_id == stay.circle_id]


def occasion(survey: Survey, stay: Stay, earlier: Sequence[Earlier], day: date) -> Occasion | None:
    """The moment ``day`` is for this survey and person, or None when it is not to be given
    then. Leaving comes first (a last measurement), then intake, a phase, the rhythm."""
    here = _in_circle(earlier, stay)
    if day < stay.joined_on:
        return None
    if stay.left_on is not None and day >= stay.left_on:
        is_exit = day <= stay.left_on + timedelta(weeks=EXIT_WEEKS)
        if survey.at_exit and is_exit and not any(e.occasion is Occasion.exit for e in here):
            return Occasion.exit
        return None
    if not survey.is_timed:
        return Occasion.any
    in_intake = day <= stay.joined_on + timedelta(weeks=INTAKE_WEEKS)
    if survey.at_intake and in_intake and not any(e.occasion is Occasion.intake for e in here):
        return Occasion.intake
    if (
        stay.phase in survey.at_phases
        and day >= stay.phase_since
        and not any(e.taken_on >= stay.phase_since for e in here)
    ):
        return Occasion.phase
    months = survey.every_months
    if months and all(
        add_months(e.taken_on, months) <= day or add_months(day, months) <= e.taken_on
        for e in earlier
    ):
        return Occasion.periodic
    return None


def opens_on(survey: Survey, stay: Stay, earlier: Sequence[Earlier], today: date) -> date | None:
    """The first day from ``today`` the survey may be given to this person: today when it is
    open, the day the rhythm comes round again, or None (only leaving would open it)."""
    if occasion(survey, stay, earlier, today) is not None:
        return today
    if stay.left_on is not None or not survey.every_months or not earlier:
        return None
    latest = max(e.taken_on for e in earlier)
    return add_months(latest, survey.every_months)
