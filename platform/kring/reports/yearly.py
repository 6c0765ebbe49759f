"""A year of circles month by month: the facts the research export and the yearly quality
report are both drawn from, read for the circles a viewer is responsible for
(``policy.reported_circles``) in a handful of queries for the whole year, never one per circle.

What is here is counted, not yet shown: people appear as ids in ``Month.participants`` (to
count residents once) and never leave this area; each report suppresses what it must.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, func, select

from kring.audits.models import FidelityScore
from kring.circles.models import Circle, PhaseTransition
from kring.core.db import utcnow
from kring.core.methodology import Methodology
from kring.exchange.models import HelpRequest, HelpStatus
from kring.extensions import db
from kring.meetings.models import Attendance, AttendanceStatus, Meeting
from kring.organisations.models import Organisation
from kring.surveys.models import SurveyResponse
from kring.trainer.refresh import Membership, memberships, month_end, score_of


@dataclass(frozen=True)
class Month:
    """One circle in one month of the year, as counted: the facts the research export and the
    yearly quality report are both drawn from (neither shows them unsuppressed)."""

    circle_id: int
    methodology_key: str
    organisation_kind: str
    month: date
    phase: str | None
    participants: frozenset[int]
    """Who counted as a participant at the month's end (people's ids: never leave this area)."""
    meetings_held: int
    present: int
    attendance_taken: int
    help_done: int
    fidelity: int | None
    outcomes: Mapping[str, tuple[float, ...]]
    """The scores of the answers its participants gave that month, per instrument."""


def months_of(year: int, today: date) -> list[date]:
    """The first days of the year's months, up to the running month (none for a year to come)."""
    last = 12 if year < today.year else today.month if year == today.year else 0
    return [date(year, month, 1) for month in range(1, last + 1)]


def year_of(
    circles: ColumnElement[bool],
    methodologies: Mapping[str, Methodology],
    year: int,
    today: date,
) -> list[Month]:
    """Every month of ``year`` (to today) of the circles the condition on ``Circle`` selects,
    run by one of ``methodologies``: a handful of queries, whatever the number of circles."""
    months = months_of(year, today)
    found = db.session.execute(
        select(Circle.id, Circle.methodology_key, Organisation.kind)
        .join(Organisation, Organisation.id == Circle.organisation_id)
        .where(circles, Circle.methodology_key.in_(list(methodologies)))
        .order_by(Circle.id)
    ).all()
    if not months or not found:
        return []
    ids = [c.id for c in found]
    start, end = months[0], month_end(months[-1], today)
    role_of = {c.id: methodologies[c.methodology_key].size_rule.role for c in found}
    participants = [m for m in memberships() if role_of.get(m.circle_id) == m.role]
    by_circle: dict[int, list[Membership]] = defaultdict(list)
    for membership in participants:
        by_circle[membership.circle_id].append(membership)
    phases = _history(
        PhaseTransition.circle_id,
        PhaseTransition.moved_on,
        PhaseTransition.to_phase,
        PhaseTransition.id,
        ids,
        end,
    )
    held, present, taken = _meetings(ids, start, end)
    helped = _help(ids, start, end)
    fidelity = _history(
        FidelityScore.circle_id,
        FidelityScore.taken_on,
        FidelityScore.score,
        FidelityScore.id,
        ids,
        end,
    )
    outcomes = _outcomes(participants, start, end)
    facts = []
    for circle_id, methodology_key, organisation_kind in found:
        for first in months:
            last = month_end(first, today)
            key = (circle_id, first.strftime("%Y-%m"))
            facts.append(
                Month(
                    circle_id=circle_id,
                    methodology_key=methodology_key,
                    organisation_kind=str(organisation_kind),
                    month=first,
                    phase=_on(phases.get(circle_id, []), last),
                    participants=frozenset(
                        m.person_id for m in by_circle[circle_id] if m.counts_on(last)
                    ),
                    meetings_held=held.get(key, 0),
                    present=present.get(key, 0),
                    attendance_taken=taken.get(key, 0),
                    help_done=helped.get(key, 0),
                    fidelity=_on(fidelity.get(circle_id, []), last),
                    outcomes={s: tuple(v) for s, v in outcomes.get(key, {}).items()},
                )
            )
    return facts


def _history(
    circle: Any, day: Any, value: Any, row_id: Any, ids: list[int], end: date
) -> dict[int, list[tuple[date, Any]]]:
    """Each circle's dated values up to ``end`` (its phase moves, its fidelity scores), oldest
    first, from one query for every circle."""
    history: dict[int, list[tuple[date, Any]]] = defaultdict(list)
    for circle_id, on, found in db.session.execute(
        select(circle, day, value).where(circle.in_(ids), day <= end).order_by(day, row_id)
    ):
        history[circle_id].append((on, found))
    return history


def _on(history: list[tuple[date, Any]], day: date) -> Any:
    """The value a history held on ``day`` (its latest on or before it), or None."""
    return next((value for on, value in reversed(history) if on <= day), None)


def _month(column: Any) -> Any:
    """A date or time column as ``YYYY-MM`` on SQLite and PostgreSQL alike."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _meetings(
    ids: list[int], start: date, end: date
) -> tuple[dict[tuple[int, str], int], dict[tuple[int, str], int], dict[tuple[int, str], int]]:
    """Per circle and month: meetings held (not cancelled, begun), and of their attendance
    records how many were present and how many were taken at all."""
    window = (
        Meeting.circle_id.in_(ids),
        Meeting.cancelled_at.is_(None),
        Meeting.starts_at >= datetime.combine(start, time.min, UTC),
        Meeting.starts_at < min(datetime.combine(end, time.max, UTC), utcnow()),
    )
    month = _month(Meeting.starts_at)
    held = {
        (circle_id, m): n
        for circle_id, m, n in db.session.execute(
            select(Meeting.circle_id, month, func.count())
            .where(*window)
            .group_by(Meeting.circle_id, month)
        )
    }
    present: dict[tuple[int, str], int] = {}
    expected: dict[tuple[int, str], int] = {}
    for circle_id, m, status, n in db.session.execute(
        select(Meeting.circle_id, month, Attendance.status, func.count())
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(*window)
        .group_by(Meeting.circle_id, month, Attendance.status)
    ):
        expected[(circle_id, m)] = expected.get((circle_id, m), 0) + n
        if status is AttendanceStatus.present:
            present[(circle_id, m)] = n
    return held, present, expected


def _help(ids: list[int], start: date, end: date) -> dict[tuple[int, str], int]:
    """Per circle and month: requests for help that were done."""
    month = _month(HelpRequest.done_at)
    return {
        (circle_id, m): n
        for circle_id, m, n in db.session.execute(
            select(HelpRequest.circle_id, month, func.count())
            .where(
                HelpRequest.circle_id.in_(ids),
                HelpRequest.status == HelpStatus.done,
                HelpRequest.done_at >= datetime.combine(start, time.min, UTC),
                HelpRequest.done_at <= datetime.combine(end, time.max, UTC),
            )
            .group_by(HelpRequest.circle_id, month)
        )
    }


def _outcomes(
    members: list[Membership], start: date, end: date
) -> dict[tuple[int, str], dict[str, list[float]]]:
    """Per circle and month (``YYYY-MM``), per instrument: the scores of the answers its
    participants gave in that month, while they were in it."""
    people: dict[int, list[Membership]] = defaultdict(list)
    for membership in members:
        people[membership.person_id].append(membership)
    scores: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for person_id, survey_key, taken_on, raw in db.session.execute(
        select(
            SurveyResponse.person_id,
            SurveyResponse.survey_key,
            SurveyResponse.taken_on,
            SurveyResponse.scores,
        ).where(
            SurveyResponse.person_id.in_(list(people)),
            SurveyResponse.taken_on >= start,
            SurveyResponse.taken_on <= end,
        )
    ):
        score = score_of(raw or {})
        if score is None:
            continue
        for membership in people[person_id]:
            if membership.counts_on(taken_on):
                month = taken_on.strftime("%Y-%m")
                scores[(membership.circle_id, month)][survey_key].append(score)
    return scores
