"""A tenant's yearly quality report: per methodology, how its circles did over a year (size,
meetings, attendance, help, fidelity month by month, outcomes, audits and their follow-up),
for the tenant admin as counts and averages, and for a project leader with each of the
circles they lead by name (``policy.named_circles``).

Drawn from the same year of months as the research export (``yearly``), with the same
suppression: a count of people under five and an average over fewer than five answers are not
shown. Read once, rendered as a page, a PDF and JSON alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import ColumnElement, func, select

from kring.audits.models import Audit, FollowUpAction
from kring.circles.models import Circle
from kring.core.methodology import Methodology
from kring.extensions import db
from kring.reports.research import attendance, averaged, counted
from kring.reports.yearly import Month, year_of


@dataclass(frozen=True)
class MonthFigures:
    """One month of one methodology's circles together."""

    month: date
    participants: int | None
    fidelity: float | None


@dataclass(frozen=True)
class OutcomeFigures:
    """An instrument's average over the year's answers, and how many answers."""

    survey: str
    title: str
    average: float | None
    answers: int | None


@dataclass(frozen=True)
class CircleFigures:
    """One circle the reader leads, by name: its year in a row."""

    circle_id: int
    name: str
    phase: str | None
    participants: int | None
    meetings_held: int
    attendance_pct: int | None
    fidelity: int | None


@dataclass(frozen=True)
class AuditFigures:
    """The year's audits and their follow-up actions."""

    opened: int
    reviewed: int
    average_score: float | None
    actions_due: int
    actions_done: int


@dataclass(frozen=True)
class MethodologyYear:
    """One methodology's circles over the year, together; each count and average as it may
    be shown (None where it rests on fewer than five)."""

    methodology_key: str
    circles: int
    participants: int | None
    """Participants at the year's end (or today), all circles together."""
    meetings_held: int
    attendance_pct: int | None
    help_done: int
    fidelity: float | None
    """The average of the circles' latest fidelity scores at the year's end."""
    months: list[MonthFigures]
    outcomes: list[OutcomeFigures]
    audits: AuditFigures
    named: list[CircleFigures]


@dataclass(frozen=True)
class QualityReport:
    """The yearly quality report of one tenant: one part per methodology it runs."""

    year: int
    tenant: str
    methodologies: list[MethodologyYear]
    residents: int
    """How many residents' records it was drawn from (for the access log)."""


def read(
    tenant: str,
    circles: ColumnElement[bool],
    named: ColumnElement[bool],
    methodologies: Mapping[str, Methodology],
    year: int,
    today: date,
    locale: str,
) -> QualityReport:
    """The report of ``year`` over the circles ``circles`` selects, naming those ``named``
    selects, for the tenant called ``tenant``."""
    months = year_of(circles, methodologies, year, today)
    names: dict[int, str] = {
        circle_id: name
        for circle_id, name in db.session.execute(
            select(Circle.id, Circle.name).where(circles, named)
        )
    }
    audits = _audits(circles, year)
    by_methodology: dict[str, list[Month]] = defaultdict(list)
    for month in months:
        by_methodology[month.methodology_key].append(month)
    shown = [
        _methodology(key, by_methodology[key], methodologies[key], names, audits.get(key), locale)
        for key in sorted(by_methodology)
    ]
    residents = len(set().union(*(m.participants for m in months))) if months else 0
    return QualityReport(year, tenant, shown, residents)


def _methodology(
    key: str,
    months: Sequence[Month],
    methodology: Methodology,
    names: Mapping[int, str],
    audits: AuditFigures | None,
    locale: str,
) -> MethodologyYear:
    last = max(m.month for m in months)
    at_end = [m for m in months if m.month == last]
    by_month: dict[date, list[Month]] = defaultdict(list)
    for month in months:
        by_month[month.month].append(month)
    answers: dict[str, list[float]] = defaultdict(list)
    for month in months:
        for survey, values in month.outcomes.items():
            answers[survey].extend(values)
    titles = {s.key: s.title.render(locale) for s in methodology.surveys}
    held: dict[int, int] = defaultdict(int)
    for month in months:
        held[month.circle_id] += month.meetings_held
    scored = [m.fidelity for m in at_end if m.fidelity is not None]
    taken = sum(m.attendance_taken for m in months)
    return MethodologyYear(
        methodology_key=key,
        circles=len(at_end),
        participants=counted(sum(len(m.participants) for m in at_end)),
        meetings_held=sum(m.meetings_held for m in months),
        attendance_pct=round(100 * sum(m.present for m in months) / taken)
        if taken and sum(len(m.participants) for m in at_end) >= 5
        else None,
        help_done=sum(m.help_done for m in months),
        fidelity=round(sum(scored) / len(scored), 1) if scored else None,
        months=[
            MonthFigures(
                first,
                counted(sum(len(m.participants) for m in group)),
                _mean([m.fidelity for m in group]),
            )
            for first, group in sorted(by_month.items())
        ],
        outcomes=[
            OutcomeFigures(s, titles.get(s, s), averaged(v), counted(len(v)))
            for s, v in sorted(answers.items())
        ],
        audits=audits or AuditFigures(0, 0, None, 0, 0),
        named=[
            CircleFigures(
                m.circle_id,
                names[m.circle_id],
                m.phase,
                counted(len(m.participants)),
                held[m.circle_id],
                attendance(m),
                m.fidelity,
            )
            for m in at_end
            if m.circle_id in names
        ],
    )


def _mean(values: Sequence[int | None]) -> float | None:
    scored = [v for v in values if v is not None]
    return round(sum(scored) / len(scored), 1) if scored else None


def _audits(circles: ColumnElement[bool], year: int) -> dict[str, AuditFigures]:
    """Per methodology: audits opened in the year, how many of them were reviewed and their
    average score, and follow-up actions due in the year with how many were done."""
    start = datetime.combine(date(year, 1, 1), time.min, UTC)
    end = datetime.combine(date(year, 12, 31), time.max, UTC)
    chosen = Audit.circle_id.in_(select(Circle.id).where(circles))
    found: dict[str, list[int | float | None]] = {}
    for key, opened, reviewed, score in db.session.execute(
        select(
            Audit.methodology_key,
            func.count(),
            func.count(Audit.reviewed_at),
            func.avg(Audit.score),
        )
        .where(chosen, Audit.opened_at >= start, Audit.opened_at <= end)
        .group_by(Audit.methodology_key)
    ):
        found[key] = [opened, reviewed, round(float(score), 1) if score is not None else None]
    actions: dict[str, tuple[int, int]] = {}
    for key, due, done in db.session.execute(
        select(Audit.methodology_key, func.count(), func.count(FollowUpAction.done_at))
        .join(Audit, Audit.id == FollowUpAction.audit_id)
        .where(
            chosen,
            FollowUpAction.due_on >= date(year, 1, 1),
            FollowUpAction.due_on <= date(year, 12, 31),
        )
        .group_by(Audit.methodology_key)
    ):
        actions[key] = (due, done)
    return {
        key: AuditFigures(
            int(opened or 0),
            int(reviewed or 0),
            score if isinstance(score, float) else None,
            *actions.get(key, (0, 0)),
        )
        for key, (opened, reviewed, score) in (
            (k, found.get(k, [0, 0, None])) for k in set(found) | set(actions)
        )
    }
