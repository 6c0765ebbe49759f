"""The demo's meetings: months of them with attendance, and nothing more on a second run."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kring.extensions import db
from kring.meetings.demo import give_life
from kring.meetings.models import Attendance, Meeting
from tests.conftest import World


def test_demo_circles_get_months_of_meetings_once(world: World) -> None:
    give_life(date.today())
    meetings = db.session.execute(select(func.count(Meeting.id))).scalar_one()
    attended = db.session.execute(select(func.count(Attendance.id))).scalar_one()
    assert meetings >= 2 * 20  # both circles, about five months weekly and a few ahead
    assert attended > 0
    give_life(date.today())
    assert db.session.execute(select(func.count(Meeting.id))).scalar_one() == meetings
