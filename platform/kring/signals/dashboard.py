"""How signals fare per neighbourhood: how many came in, how soon the team picked them up, and
how they ended, for the team and the tenant's admin to see where the work stands.

Only counts and days leave this module: no resident, no note. A signal belongs to the
neighbourhood of the team its postcode led to; signals no team covers are counted apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import ColumnElement, select

from kring.circles.models import Circle
from kring.extensions import db
from kring.people.models import Neighbourhood
from kring.signals.models import Signal, SignalOutcome

PERIOD = timedelta(days=365)
"""The dashboard looks back one year: long enough to count, short enough to act on."""


@dataclass
class NeighbourhoodFigures:
    """One neighbourhood's signals over the period."""

    name: str | None
    """None for signals no neighbourhood team covers."""
    received: int = 0
    picked_up: int = 0
    days_to_pick_up: list[float] = field(default_factory=list)
    outcomes: Counter[SignalOutcome] = field(default_factory=Counter)

    @property
    def median_days(self) -> float | None:
        """Median days from the signal to the team picking it up, one decimal."""
        return round(median(self.days_to_pick_up), 1) if self.days_to_pick_up else None

    @property
    def waiting(self) -> int:
        return self.received - self.picked_up

    @property
    def joined_share(self) -> float | None:
        """Of the signals that ended, the percentage where the resident joined an activity,
        a circle or the team: what the work is for."""
        ended = sum(self.outcomes.values())
        if not ended:
            return None
        joined = (
            self.outcomes[SignalOutcome.joined_activity]
            + self.outcomes[SignalOutcome.joined_circle]
        )
        return round(100 * joined / ended)


def figures(now: datetime, visible: ColumnElement[bool]) -> list[NeighbourhoodFigures]:
    """The ``visible`` signals of the past year per neighbourhood, by name (the uncovered last),
    in one query however many signals there are."""
    rows = db.session.execute(
        select(Neighbourhood.name, Signal.created_at, Signal.picked_up_at, Signal.outcome)
        .select_from(Signal)
        .outerjoin(Circle, Circle.id == Signal.circle_id)
        .outerjoin(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
        .where(Signal.created_at >= now - PERIOD, visible)
    ).all()
    found: dict[str | None, NeighbourhoodFigures] = {}
    for name, created_at, picked_up_at, outcome in rows:
        here = found.setdefault(name, NeighbourhoodFigures(name))
        here.received += 1
        if picked_up_at is not None:
            here.picked_up += 1
            here.days_to_pick_up.append((picked_up_at - created_at).total_seconds() / 86400)
        if outcome is not None:
            here.outcomes[outcome] += 1
    return sorted(found.values(), key=lambda f: (f.name is None, f.name or ""))
