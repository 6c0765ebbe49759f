"""The Onderzoek read model the page and the API both render: the ranking of the tenant's
neighbourhoods for one methodology, its criteria, and where the reader may start a circle.

Kept apart from the pages so the API does not import them; the need-to-know comes from the
policy (which methodologies the reader ranks for, whom they may start circles for, signals as
counts only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kring import charts
from kring.access import policy
from kring.core.access import Viewer
from kring.core.methodology import Methodology, NeighbourhoodCriterion
from kring.http.methodology import hooks_for, methodologies
from kring.neighbourhoods import ranking, service
from kring.organisations.models import MethodologyEnablement


@dataclass(frozen=True)
class Research:
    """What the Onderzoek page shows for one methodology."""

    methodology: Methodology
    choices: list[Methodology]
    criteria: list[NeighbourhoodCriterion]
    ranked: list[ranking.Ranked]
    years: list[int]
    starting: list[MethodologyEnablement]
    """The organisations of this methodology the reader starts circles for (none: no button)."""
    chart: charts.Bars


def research(who: Viewer, key: str | None, locale: str, today: date) -> Research:
    """The ranking for methodology ``key`` (the reader's first when empty); 404 for a
    methodology the reader does not rank for. A fixed number of queries."""
    key = policy.research_methodology_or_404(who, key)
    installed = methodologies()
    settings = policy.research_settings(who)
    keys = [k for k in dict.fromkeys(e.methodology_key for e in settings) if k in installed]
    criteria = hooks_for(key).neighbourhood_criteria()
    places = ranking.gather(key, policy.signal_counts(who, today))
    ranked = ranking.rank(places, criteria, locale, installed[key].terms.term("circle", locale))
    return Research(
        methodology=installed[key],
        choices=[installed[k] for k in keys],
        criteria=criteria,
        ranked=ranked,
        years=service.years(),
        starting=policy.starting_settings(who, key),
        chart=charts.bars([(r.place.name, r.score) for r in ranked], top=100),
    )
