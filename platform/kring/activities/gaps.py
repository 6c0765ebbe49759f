"""The gap view: which neighbourhoods, days and audiences the calendar leaves empty, so the
team knows where to start something new ("where we still find gaps in this calendar, we set up
new activities together", Verbonden in de buurt).

The rules: a neighbourhood's cell counts the times an activity takes place *in* it in the
coming weeks (a town-wide activity fills no neighbourhood's gap; it has its own row); with an
audience chosen, only activities open to that audience count (those for everyone included);
an audience's row counts only activities meant for it by name, since "for everyone" is often
not where a frail 75-year-old goes. A gap is a cell, a row or an audience with nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kring.activities import service
from kring.activities.models import Audience

WEEKS = 4


@dataclass(frozen=True)
class GapRow:
    """One neighbourhood (or audience) with how often something happens per weekday."""

    label: str
    key: str
    per_day: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.per_day)

    @property
    def empty_days(self) -> list[int]:
        """The weekdays (0 is Monday) with nothing."""
        return [day for day, n in enumerate(self.per_day) if n == 0]


@dataclass(frozen=True)
class Gaps:
    """The read model of the gap page, its chart and its API twin."""

    start: date
    end: date
    audience: str | None
    neighbourhoods: list[GapRow]
    town_wide: GapRow
    audiences: list[GapRow]

    @property
    def empty_neighbourhoods(self) -> list[GapRow]:
        return [row for row in self.neighbourhoods if row.total == 0]

    @property
    def empty_audiences(self) -> list[GapRow]:
        return [row for row in self.audiences if row.total == 0]


def _row(label: str, key: str, days: list[int]) -> GapRow:
    return GapRow(label, key, tuple(days))


def gaps(start: date, audience: str | None, labels: dict[str, str]) -> Gaps:
    """The coming ``WEEKS`` weeks from ``start``; ``labels`` names the audiences in the reader's
    language. Three queries, whatever the number of activities."""
    hoods = service.neighbourhoods()
    chosen = service.listing(service.Filters(audience=audience), start, WEEKS * 7)
    everything = (
        chosen if audience is None else service.listing(service.Filters(), start, WEEKS * 7)
    )
    per_hood: dict[int | None, list[int]] = {h.id: [0] * 7 for h in hoods}
    per_hood[None] = [0] * 7
    for o in chosen.occurrences:
        per_hood.setdefault(o.activity.neighbourhood_id, [0] * 7)[o.starts.weekday()] += 1
    per_audience = {a.value: [0] * 7 for a in Audience if a is not Audience.everyone}
    for o in everything.occurrences:
        for name in o.activity.audiences:
            if name in per_audience:
                per_audience[name][o.starts.weekday()] += 1
    return Gaps(
        start=start,
        end=chosen.end,
        audience=audience,
        neighbourhoods=[_row(h.name, str(h.id), per_hood[h.id]) for h in hoods],
        town_wide=_row("", "", per_hood[None]),
        audiences=[_row(labels.get(k, k), k, days) for k, days in per_audience.items()],
    )
