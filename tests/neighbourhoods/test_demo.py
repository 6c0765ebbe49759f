"""The demo's invented figures load into the demo tenant whose neighbourhoods they name, once."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from kring.extensions import db
from kring.neighbourhoods.demo import load_sample
from kring.neighbourhoods.models import NeighbourhoodStatistics
from kring.people.models import Neighbourhood


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(NeighbourhoodStatistics)) or 0


def test_the_sample_loads_once_when_the_tenant_has_its_neighbourhoods(tenant: Any) -> None:
    load_sample(date(2026, 12, 3))
    assert _count() == 0  # a tenant the sample is not about
    db.session.add(Neighbourhood(name="Oud-Beierdijk", postcodes=["3261", "3262"]))
    db.session.flush()
    load_sample(date(2026, 12, 3))
    assert _count() == 6
    oud = db.session.scalars(select(Neighbourhood).filter_by(name="Oud-Beierdijk")).one()
    assert (oud.cbs_code, oud.postcodes) == ("WK990101", ["3261", "3262"])
    load_sample(date(2026, 12, 3))
    assert _count() == 6
    assert db.session.scalars(select(NeighbourhoodStatistics.year).distinct()).all() == [2025]
