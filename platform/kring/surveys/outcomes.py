"""Outcomes: what the measurements say about a circle and a tenant, over time.

A circle's figure for a survey is the average of each member's latest answer in the last
year, so one person counts once however often they answered; the trend is the average of the
answers given per month. Beyond the circle (the tenant's outcomes page and its API) a figure
resting on fewer than ``MIN_SHOWN`` answers is left out: in a circle of eight, an average of
two marks tells whose they are. Network size is read from circle life (exchange), not asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from kring.circles.models import Circle
from kring.core.methodology import Benchmark, Methodology, ScoreBand, Survey
from kring.exchange import network
from kring.extensions import db
from kring.people.models import Person
from kring.surveys.models import SurveyResponse

MIN_SHOWN = 5
YEAR = timedelta(days=365)
TREND_MONTHS = 12


@dataclass(frozen=True)
class MonthPoint:
    """One month of a trend: the average of the answers given that month (None: none, or
    too few to show)."""

    month: date
    average: float | None
    answers: int


@dataclass(frozen=True)
class Measure:
    """One survey's figures for a circle (or a whole tenant)."""

    methodology_key: str
    survey: Survey
    answers: int
    """How many people's latest answers the average rests on."""
    average: float | None
    last_on: date | None
    trend: tuple[MonthPoint, ...]

    @property
    def band(self) -> ScoreBand | None:
        return self.survey.band(self.average)

    @property
    def benchmark(self) -> Benchmark | None:
        return self.survey.benchmark

    @property
    def scale_top(self) -> int:
        """The highest total the survey allows, for drawing a bar to scale."""
        highs = [b.high for b in self.survey.bands]
        return max(highs) if highs else max(int(self.average or 0), 1)


def _rows(circle_ids: list[int], since: date) -> list[tuple[int, int, str, str, date, int]]:
    if not circle_ids:
        return []
    query = (
        select(
            SurveyResponse.circle_id,
            SurveyResponse.person_id,
            SurveyResponse.methodology_key,
            SurveyResponse.survey_key,
            SurveyResponse.taken_on,
            SurveyResponse.total,
        )
        .where(
            SurveyResponse.circle_id.in_(circle_ids),
            SurveyResponse.taken_on >= since,
            SurveyResponse.total.is_not(None),
        )
        .order_by(SurveyResponse.taken_on, SurveyResponse.id)
    )
    return [
        (c, p, m, s, d, t)
        for c, p, m, s, d, t in db.session.execute(query).all()
        if c is not None and t is not None
    ]


def _month(day: date) -> date:
    return day.replace(day=1)


def _measure(
    methodology_key: str,
    survey: Survey,
    rows: Iterable[tuple[int, date, int]],
    today: date,
    min_shown: int,
) -> Measure:
    """Figures from (person, day, total) rows, oldest first."""
    latest: dict[int, tuple[date, int]] = {}
    per_month: dict[date, list[int]] = defaultdict(list)
    for person_id, day, total in rows:
        latest[person_id] = (day, total)
        per_month[_month(day)].append(total)
    recent = [t for d, t in latest.values() if d > today - YEAR]
    months = [network.month_start(today, back) for back in range(TREND_MONTHS - 1, -1, -1)]
    trend = tuple(
        MonthPoint(
            m,
            round(sum(per_month[m]) / len(per_month[m]), 1)
            if len(per_month[m]) >= max(min_shown, 1)
            else None,
            len(per_month[m]),
        )
        for m in months
    )
    shown = len(recent) >= max(min_shown, 1)
    return Measure(
        methodology_key,
        survey,
        len(recent),
        round(sum(recent) / len(recent), 1) if shown else None,
        max((d for d, _ in latest.values()), default=None),
        trend,
    )


def circle_measures(
    circle: Circle, m: Methodology, today: date, *, beyond_circle: bool = False
) -> list[Measure]:
    """Each scored survey of the circle's methodology with its figures; ``beyond_circle``
    leaves out figures on fewer than ``MIN_SHOWN`` answers. One query."""
    return tenant_measures([circle], {m.key: m}, today, beyond_circle=beyond_circle)[circle.id]


def tenant_measures(
    circles: list[Circle],
    methodologies: dict[str, Methodology],
    today: date,
    *,
    beyond_circle: bool = True,
) -> dict[int, list[Measure]]:
    """Per circle, each scored survey of its methodology with its figures. One query for all
    circles, so an outcomes page does not grow in queries with the tenant."""
    since = network.month_start(today, TREND_MONTHS - 1)
    since = min(since, today - YEAR)
    grouped: dict[tuple[int, str, str], list[tuple[int, date, int]]] = defaultdict(list)
    for circle_id, person_id, key, survey_key, day, total in _rows([c.id for c in circles], since):
        grouped[(circle_id, key, survey_key)].append((person_id, day, total))
    min_shown = MIN_SHOWN if beyond_circle else 1
    found: dict[int, list[Measure]] = {}
    for circle in circles:
        m = methodologies.get(circle.methodology_key)
        surveys = [s for s in (m.surveys if m else ()) if s.items and s.bands]
        found[circle.id] = [
            _measure(
                circle.methodology_key,
                s,
                grouped.get((circle.id, circle.methodology_key, s.key), []),
                today,
                min_shown,
            )
            for s in surveys
        ]
    return found


@dataclass(frozen=True)
class NetworkSize:
    """A member's network as circle life shows it: the other members they helped, were
    helped by or met in the last year, and the contacts outside the circle they keep."""

    person: Person
    inside: int
    outside: int

    @property
    def total(self) -> int:
        return self.inside + self.outside


def network_sizes(circle: Circle, members: dict[int, Person], today: date) -> list[NetworkSize]:
    """Per current member, their network size (four queries, from the exchange area)."""
    start = network.month_start(today, TREND_MONTHS - 1)
    net = network.network(circle, members, start, network.month_start(today, -1), lambda p: p.name)
    others: dict[int, set[int]] = defaultdict(set)
    for edge in net.edges:
        others[edge.source].add(edge.target)
        others[edge.target].add(edge.source)
    return [
        NetworkSize(
            members[s.person_id],
            len(others[s.person_id]),
            sum(s.contacts.values()),
        )
        for s in net.members
    ]
