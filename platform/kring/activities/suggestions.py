"""Suggesting an activity to a member of the circle ("come along to the Tuesday walk") and
recording that they went. Going to something outside the circle is what Verbonden in de buurt
and Buurtcirkel work towards, so the circle's network picture counts it (``outings_between``,
asked by the exchange area) next to help given and meetings outside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kring.activities.models import Activity, ActivitySuggestion
from kring.circles import queries as circle_queries
from kring.circles.models import Circle
from kring.extensions import db
from kring.people.models import Person


class Refused(ValueError):
    """A suggestion that cannot be made or recorded; ``field`` names the input at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class SuggestionRow:
    """A suggestion as the circle's page lists it."""

    suggestion: ActivitySuggestion
    person: Person
    activity: Activity


def members_of(circle: Circle) -> list[Person]:
    """The circle's current members, by name: whom an activity can be suggested to."""
    return list(circle_queries.people_in(circle))


def suggest(
    circle: Circle, person_id: int, activity_id: int, actor_id: int | None, today: date
) -> ActivitySuggestion:
    """Suggest an activity of the calendar to a current member of ``circle``."""
    if person_id not in {p.id for p in members_of(circle)}:
        raise Refused("person_id", "not a member of this circle")
    if db.session.get(Activity, activity_id) is None:
        raise Refused("activity_id", "no such activity")
    suggestion = ActivitySuggestion(
        circle_id=circle.id,
        person_id=person_id,
        activity_id=activity_id,
        suggested_by_id=actor_id,
        suggested_on=today,
    )
    db.session.add(suggestion)
    db.session.flush()
    return suggestion


def record_went(suggestion: ActivitySuggestion, went_on: date, today: date) -> ActivitySuggestion:
    """Record that the member went (on ``went_on``, not after today)."""
    if went_on > today:
        raise Refused("went_on", "a day that has not come yet")
    if went_on < suggestion.suggested_on:
        raise Refused("went_on", "a day before the suggestion")
    suggestion.went_on = went_on
    db.session.flush()
    return suggestion


def of_circle(circle: Circle, limit: int = 50) -> list[SuggestionRow]:
    """The circle's suggestions, newest first, with the member and the activity (one query)."""
    rows = db.session.execute(
        select(ActivitySuggestion, Person, Activity)
        .join(Person, Person.id == ActivitySuggestion.person_id)
        .join(Activity, Activity.id == ActivitySuggestion.activity_id)
        .where(ActivitySuggestion.circle_id == circle.id)
        .order_by(ActivitySuggestion.suggested_on.desc(), ActivitySuggestion.id.desc())
        .limit(limit)
    ).all()
    return [SuggestionRow(s, p, a) for s, p, a in rows]


def outings_between(circle_id: int, start: date, end: date) -> list[tuple[int, date]]:
    """Each time a member of the circle went to a suggested activity from ``start`` up to (not
    including) ``end``, as (person, day): the network picture's count of going out."""
    rows = db.session.execute(
        select(ActivitySuggestion.person_id, ActivitySuggestion.went_on).where(
            ActivitySuggestion.circle_id == circle_id,
            ActivitySuggestion.went_on >= start,
            ActivitySuggestion.went_on < end,
        )
    ).all()
    return [(person_id, day) for person_id, day in rows if day is not None]
