"""Buurtcirkel's own reminder: the yearly satisfaction measurement.

+Vijf monitors its circles each year and reports the participants' satisfaction as a mark
(on average 8.7, "Monitoring evaluatie en audit 2018"), and keeps quality up after the
start-up year with an audit and return days (buurtcirkel-sociaal-netwerk-plusvijf.txt). So
once a Buurtcirkel has run a year in Realisatie or Doorontwikkeling, and every year after, its
Buurtcirkelcoach is asked to hold the satisfaction measurement with the participants. The
anniversary counts from the day the circle entered its current phase; the reminder is written
in the month after it, once a year.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from kring.core.facade import CircleView
from kring.core.methodology import Phrase, ReminderIntent

RUNNING = ("realisatie", "doorontwikkeling")
WINDOW = timedelta(days=30)
"""How long after the anniversary the reminder is still written (for a coach who joins late,
or a sweep that did not run)."""

TITLE = Phrase(
    en="Time for the yearly satisfaction measurement of {circle}",
    nl="Tijd voor de jaarlijkse tevredenheidsmeting van {circle}",
)
BODY = Phrase(
    en="{circle} has been running another year. Ask the participants for their mark from 1 "
    "to 10 and record it in Kring: +Vijf follows the circles' quality with it.",
    nl="{circle} draait weer een jaar. Vraag de deelnemers om hun rapportcijfer van 1 tot 10 "
    "en leg het vast in Kring: +Vijf volgt er de kwaliteit van de Buurtcirkels mee.",
)


def _anniversary(since: date, year: int) -> date:
    day = min(since.day, calendar.monthrange(year, since.month)[1])  # 29 February
    return date(year, since.month, day)


def satisfaction_due(circle: CircleView, now: datetime) -> list[ReminderIntent]:
    """The circle's coaches, in the month after each year the circle has been running."""
    if circle.phase not in RUNNING:
        return []
    today = now.date()
    anniversary = _anniversary(circle.phase_since, today.year)
    if anniversary > today:
        anniversary = _anniversary(circle.phase_since, today.year - 1)
    if anniversary <= circle.phase_since or today - anniversary > WINDOW:
        return []
    return [
        ReminderIntent(
            key=f"buurtcirkel.satisfaction:{circle.id}:{anniversary.year}:{coach.person_id}",
            kind="satisfaction_measurement",
            title=TITLE,
            body=BODY,
            params={"circle": circle.name},
            due_at=now,
            person_id=coach.person_id,
            circle_id=circle.id,
            link=f"/circles/{circle.id}",
        )
        for coach in circle.with_role("coach")
    ]
