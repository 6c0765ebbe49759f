"""Demo statistics: the invented Hoeksedijk figures (``sample/``) loaded into the demo tenant
whose neighbourhoods they describe, so its Onderzoek page ranks something in ``make run``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from kring.extensions import db
from kring.neighbourhoods import importing, service
from kring.neighbourhoods.models import NeighbourhoodStatistics
from kring.people.models import Neighbourhood

SAMPLE = Path(__file__).parent / "sample" / "kerncijfers-wijken-en-buurten-demo.csv"


def load_sample(today: date) -> list[str]:
    """Import the sample as last year's figures into the current demo tenant when it has a
    neighbourhood the sample names and no figures yet; otherwise do nothing."""
    parsed = importing.parse(importing.decode(SAMPLE.read_bytes()))
    names = {line.name for line in parsed.lines}
    ours = db.session.scalars(select(Neighbourhood.name).where(Neighbourhood.name.in_(names)))
    if not list(ours) or db.session.scalar(select(NeighbourhoodStatistics.id).limit(1)):
        return []
    result = service.import_statistics(parsed, today.year - 1, today.year, None)
    if not result.is_done:  # the sample is ours: a problem in it is a bug, said loudly
        raise ValueError([p.render("en") for p in result.problems])
    return []
