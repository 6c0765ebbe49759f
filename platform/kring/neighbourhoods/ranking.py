"""Ranking a tenant's neighbourhoods for a new circle, by the criteria its methodology gives.

``gather`` reads what the core knows of every neighbourhood in a fixed number of queries (the
neighbourhoods, their newest figures, signal counts per postcode, the circles of the
methodology); ``rank`` is pure: it scores each criterion from 0 to its weight by where the
neighbourhood stands between the lowest and the highest of the tenant (reversed where less is
better), adds them up to a score out of 100, and keeps every part, so the page can say why
each neighbourhood scores as it does. A neighbourhood without a figure earns nothing on that
criterion and says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from kring.circles.models import Circle
from kring.core.methodology import (
    MEASURE_WORDS,
    NO_CIRCLE_WORDS,
    Measure,
    NeighbourhoodCriterion,
    Phrase,
)
from kring.extensions import db
from kring.neighbourhoods.service import Figures, newest_figures
from kring.people.models import Neighbourhood

NO_FIGURE = Phrase(en="no figure", nl="geen cijfer")


@dataclass(frozen=True)
class Place:
    """What the core knows of one neighbourhood for the ranking."""

    neighbourhood_id: int
    name: str
    cbs_code: str | None
    figures: Figures | None
    signals: int
    circles: int

    def value(self, measure: Measure) -> float | None:
        """The neighbourhood's figure for ``measure``, or None when it is not known."""
        if measure is Measure.signals:
            return float(self.signals)
        if measure is Measure.no_circle:
            return 0.0 if self.circles else 1.0
        if self.figures is None:
            return None
        found: float | int | None = getattr(self.figures, measure.value)
        return None if found is None else float(found)


@dataclass(frozen=True)
class Reason:
    """One criterion's part of a neighbourhood's score, with the words that explain it."""

    key: str
    title: str
    value: float | None
    points: float
    weight: float
    fact: str
    because: str


@dataclass(frozen=True)
class Ranked:
    """One neighbourhood in the ranking: its place, its score out of 100 and why."""

    rank: int
    place: Place
    score: float
    reasons: list[Reason]

    @property
    def why(self) -> list[Reason]:
        """The reasons that earned most, strongest first: what the page says in words."""
        return sorted((r for r in self.reasons if r.points > 0), key=lambda r: -r.points)[:3]


def gather(methodology_key: str, signals: Counter[str]) -> list[Place]:
    """Every neighbourhood of the tenant with its newest figures, the signals whose postcode
    lies inside it (``signals``: counts per postcode, from the policy) and how many circles of
    the methodology it has. Four queries, whatever the number of neighbourhoods."""
    neighbourhoods = list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))
    figures = newest_figures()
    circles: dict[int, int] = {
        neighbourhood_id: count
        for neighbourhood_id, count in db.session.execute(
            select(Circle.neighbourhood_id, func.count())
            .where(Circle.methodology_key == methodology_key)
            .group_by(Circle.neighbourhood_id)
        )
    }
    return [
        Place(
            neighbourhood_id=n.id,
            name=n.name,
            cbs_code=n.cbs_code,
            figures=figures.get(n.id),
            signals=sum(count for code, count in signals.items() if n.contains(code)),
            circles=circles.get(n.id, 0),
        )
        for n in neighbourhoods
    ]


def _said(measure: Measure, value: float | None, locale: str, circle: str) -> str:
    if value is None:
        return NO_FIGURE.render(locale)
    if measure is Measure.no_circle:
        return NO_CIRCLE_WORDS[int(value)].render(locale, {"circle": circle})
    shown = str(int(value)) if value == int(value) else f"{value:.1f}"
    if locale == "nl":
        shown = shown.replace(".", ",")
    return MEASURE_WORDS[measure].render(locale, {"value": shown})


def rank(
    places: Sequence[Place],
    criteria: Sequence[NeighbourhoodCriterion],
    locale: str,
    circle: str | None = None,
) -> list[Ranked]:
    """The places ordered by score, highest first (ties by name), each with its reasons;
    ``circle`` is the methodology's word for a circle, for "no Buurtcirkel here yet".

    Where every place has the same figure, the criterion tells none apart: each earns it all
    when there is something to count (no circle anywhere yet), nothing when there is not (no
    signals anywhere), and nothing where less would be better."""
    circle = circle or ("kring" if locale == "nl" else "circle")
    ranges: dict[str, tuple[float, float]] = {}
    for c in criteria:
        known = [v for p in places if (v := p.value(c.measure)) is not None]
        if known:
            ranges[c.key] = (min(known), max(known))
    total = sum(c.weight for c in criteria) or 1.0
    scored = []
    for place in places:
        reasons = []
        for c in criteria:
            value = place.value(c.measure)
            points = 0.0
            if value is not None:
                low, high = ranges[c.key]
                if high == low:
                    share = 1.0 if c.higher_is_better and value > 0 else 0.0
                else:
                    share = (value - low) / (high - low)
                    if not c.higher_is_better:
                        share = 1.0 - share
                points = round(c.weight * share, 1)
            reasons.append(
                Reason(
                    key=c.key,
                    title=c.title.render(locale),
                    value=value,
                    points=points,
                    weight=c.weight,
                    fact=_said(c.measure, value, locale, circle),
                    because=c.because.render(locale),
                )
            )
        score = round(100 * sum(r.points for r in reasons) / total, 1)
        scored.append((place, score, reasons))
    scored.sort(key=lambda s: (-s[1], s[0].name.casefold()))
    return [
        Ranked(rank=i, place=place, score=score, reasons=reasons)
        for i, (place, score, reasons) in enumerate(scored, start=1)
    ]
