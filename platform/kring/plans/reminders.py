"""The plan review reminder: a week before the day a development plan is to be looked at
together, the participant and the team of their circle (its coaches and project leaders)
hear of it; a new review date is a new reminder, the same date is reminded once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.methodology import Methodology, Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import team
from kring.notify.words import day_in_both, local_zone, morning, term_in_both
from kring.people.models import Person
from kring.plans.models import Plan

BEFORE = timedelta(days=7)
"""How long before the review day people hear of it: time to make an appointment."""
KIND = "plan_review"

TO_PARTICIPANT = (
    Phrase(
        en="Your {plan_en} is looked at on {review_en}",
        nl="Je {plan_nl} wordt op {review_nl} besproken",
    ),
    Phrase(
        en="On {review_en} you look at your {plan_en} together: what went well, and what "
        "comes next. Think beforehand about what you want to say.",
        nl="Op {review_nl} bespreken jullie samen je {plan_nl}: wat ging goed, en wat komt "
        "er nu. Bedenk vooraf wat je wilt vertellen.",
    ),
)
TO_TEAM = (
    Phrase(
        en="The {plan_en} of {name} is due for review on {review_en}",
        nl="Het {plan_nl} van {name} wordt op {review_nl} besproken",
    ),
    Phrase(
        en="The {plan_en} of {name} ({circle}) is to be looked at together on {review_en}. "
        "Make an appointment if there is none yet.",
        nl="Het {plan_nl} van {name} ({circle}) wordt op {review_nl} samen besproken. Maak "
        "een afspraak als die er nog niet is.",
    ),
)


def reviews_due(now: datetime) -> Iterator[ReminderIntent]:
    """For each plan whose review day lies within a week (and not before today), a reminder
    to its participant and to the team of each circle they take part in. Two queries for the
    plans and one per kind of team member, whatever their number."""
    methodologies: dict[str, Methodology] = current_app.extensions["kring.plugins"].methodologies()
    tz = local_zone()
    today = now.astimezone(tz).date()
    rows = db.session.execute(
        select(Plan.person_id, Plan.review_on, Person.name, Circle)
        .join(Person, Person.id == Plan.person_id)
        .join(CircleMember, CircleMember.person_id == Plan.person_id)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(
            Plan.review_on >= today,
            Plan.review_on <= today + BEFORE,
            CircleMember.status.not_in(ENDED),
            Circle.methodology_key.in_(methodologies),
        )
        .order_by(Plan.review_on, Plan.person_id, Circle.id)
    ).all()
    teams = team.of({circle.id for *_, circle in rows})
    told: set[str] = set()
    for person_id, review_on, name, circle in rows:
        if review_on is None:  # the query asks for a day; the column allows none
            continue
        m = methodologies[circle.methodology_key]
        params = {
            "name": name,
            "circle": circle.name,
            **day_in_both("review", review_on),
            **term_in_both("plan", m, "plan"),
        }
        due_at = max(morning(review_on - BEFORE, tz), now)
        key = f"plan-review:{person_id}:{review_on.isoformat()}"
        recipients = [(f"{key}:person:{person_id}", {"person_id": person_id}, TO_PARTICIPANT)]
        recipients += [
            (f"{key}:user:{user_id}", {"user_id": user_id}, TO_TEAM)
            for user_id in teams.get(circle.id, [])
        ]
        for each_key, who, (title, body) in recipients:
            if each_key in told:  # someone in two of the person's circles hears it once
                continue
            told.add(each_key)
            yield ReminderIntent(
                key=each_key,
                kind=KIND,
                title=title,
                body=body,
                params=params,
                due_at=due_at,
                circle_id=circle.id,
                link=f"/people/{person_id}/plan",
                **who,
            )
