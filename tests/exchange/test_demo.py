from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kring.exchange import demo, network, service
from kring.exchange.models import Encounter, HelpRequest, HelpStatus
from kring.extensions import db
from tests.exchange.conftest import Ring


def test_demo_gives_months_of_help_once(ring: Ring) -> None:
    today = date(2026, 12, 2)
    demo.bring_to_life(today)
    count = db.session.execute(select(func.count(HelpRequest.id))).scalar_one()
    met = db.session.execute(select(func.count(Encounter.id))).scalar_one()
    assert count > demo.MONTHS and met > 0
    trend = network.trend(ring.circle, today, demo.MONTHS)
    assert sum(m.help_done for m in trend) > 0
    assert len(service.open_requests([ring.circle.id])) == 2
    assert all(r.status is not HelpStatus.offered for r in service.requests_of(ring.circle))
    demo.bring_to_life(today)
    assert db.session.execute(select(func.count(HelpRequest.id))).scalar_one() == count
