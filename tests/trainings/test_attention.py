"""The flags of the home panel and the circle page (``attention.needing_attention``): the same
people, items, order and count as the whole teams of the overview give, read in one query that
returns only the rows shown, however large the teams."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count, cycle
from typing import Any

import pytest
from sqlalchemy import ColumnElement, true

from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import hooks_for
from kring.trainings import attention, overview
from kring.trainings import service as trainings
from kring.trainings.models import ScreeningRecord, TrainingException, TrainingRecord
from tests.conftest import World


@pytest.fixture
def methodologies(app: Any) -> dict[str, Methodology]:
    return {"proefkring": hooks_for(app, "proefkring").methodology}


def _url(tenant: Tenant, path: str) -> str:
    return f"/t/{tenant.slug}{path}"


def _expected(
    circles: ColumnElement[bool], methodologies: dict[str, Methodology], on: date
) -> list[tuple[int, str, int, str, str, trainings.Held]]:
    """The flags as the whole teams give them: every item of every member, most urgent
    first, then by name (the order the panels showed before reading only what they show)."""
    found = overview.teams(circles, methodologies, on)
    order = overview.NEEDS_ATTENTION
    flagged = [
        (m.person_id, m.name, c.circle_id, m.role, i.asked.key, i.held, i.asked)
        for c in found.circles
        for m in c.members
        for i in m.attention
    ]
    flagged.sort(key=lambda f: (order.index(f[5].status), f[1]))
    return [f[:6] for f in flagged]


def _found(attended: attention.Attention) -> list[tuple[int, str, int, str, str, trainings.Held]]:
    return [
        (m.person_id, m.name, m.circle_id, m.role, i.asked.key, i.held) for m, i in attended.flags
    ]


_numbers = count(26 * 10)
"""Postcodes of their own: two people of one name and postcode would be the same person."""


def _member(
    circle: Circle, name: str, role: str, status: MemberStatus = MemberStatus.active
) -> int:
    """A team member added as the table holds them (the rules of how many a role may have are
    not what is tested here)."""
    n = next(_numbers)
    postcode = f"1111{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"
    person = people.create_person(None, name=name, postcode=postcode)
    db.session.add(
        CircleMember(
            circle_id=circle.id, person_id=person.id, role=role, status=status, joined_on=today()
        )
    )
    db.session.flush()
    return person.id


def _course(person_id: int, key: str, completed_on: date, expires_on: date | None) -> None:
    db.session.add(
        TrainingRecord(
            person_id=person_id, training_key=key, completed_on=completed_on, expires_on=expires_on
        )
    )


def _check(person_id: int, issued_on: date, expires_on: date) -> None:
    db.session.add(
        ScreeningRecord(
            person_id=person_id,
            screening_key="verklaring",
            issued_on=issued_on,
            expires_on=expires_on,
        )
    )


def _exception(person_id: int, key: str, until: date | None) -> None:
    db.session.add(
        TrainingException(
            person_id=person_id,
            training_key=key,
            reason="Elders getraind",
            granted_on=today() - timedelta(days=10),
            until=until,
        )
    )


def _teams(world: World) -> None:
    """Team members standing every way there is, in both circles: lapsed, missing, lapsing,
    valid, excepted, renewed (the latest counting, also when it lapses sooner), a course
    that never lapses, people who share a name, someone in two circles, and members who left."""
    now = today()
    long_ago, lapsed, soon, later = (
        now - timedelta(days=800),
        now - timedelta(days=3),
        now + timedelta(days=12),
        now + timedelta(days=200),
    )
    b1 = _member(world.a, "Bram Begeleider", "begeleider")
    _course(b1, "basis", long_ago, lapsed)
    _course(b1, "opfrisdag", long_ago, soon)
    b2 = _member(world.a, "Anne Begeleider", "begeleider")
    _course(b2, "basis", long_ago, lapsed)
    _exception(b2, "basis", None)  # excepted: no flag
    _exception(b2, "opfrisdag", now - timedelta(days=1))  # the exception ended: missing
    b3 = _member(world.b, "Anne Begeleider", "begeleider")  # the same name, another person
    _course(b3, "basis", long_ago, None)  # never lapses
    _course(b3, "opfrisdag", long_ago, lapsed)
    _course(b3, "opfrisdag", now - timedelta(days=100), later)  # renewed: valid
    m1 = _member(world.a, "Mia Maatje", "maatje")
    _check(m1, long_ago, later)
    _check(m1, now - timedelta(days=30), soon)  # the latest counts, though it lapses sooner
    m2 = _member(world.b, "Mia Maatje", "maatje")
    _check(m2, long_ago, lapsed)
    twice = _member(world.a, "Zeno Twee", "maatje")
    db.session.add(
        CircleMember(
            circle_id=world.b.id,
            person_id=twice,
            role="begeleider",
            status=MemberStatus.active,
            joined_on=now,
        )
    )
    _member(world.a, "Lotte Vertrokken", "maatje", MemberStatus.left)
    _member(world.a, "Dirk Deelnemer", "deelnemer")  # the circle is for them: not the team
    db.session.flush()


def test_the_flags_are_those_of_the_whole_teams_in_the_same_order(
    world: World, methodologies: dict[str, Methodology]
) -> None:
    _teams(world)
    now = today()
    for circles in (true(), Circle.id == world.a.id, Circle.id == world.b.id):
        expected = _expected(circles, methodologies, now)
        found = attention.needing_attention(circles, methodologies, now)
        assert _found(found) == expected
        assert found.total == len(expected) and found.more == 0
    everyone = _expected(true(), methodologies, now)
    shown = attention.needing_attention(true(), methodologies, now, limit=4)
    assert _found(shown) == everyone[:4]
    assert (shown.total, shown.more) == (len(everyone), len(everyone) - 4)


def test_what_is_flagged_and_why(world: World, methodologies: dict[str, Methodology]) -> None:
    _teams(world)
    found = attention.needing_attention(true(), methodologies, today())
    in_a = world.a.id
    assert [(m.name, m.circle_id == in_a, i.asked.key, i.held.status) for m, i in found.flags] == [
        ("Bram Begeleider", True, "basis", "lapsed"),
        ("Mia Maatje", False, "verklaring", "lapsed"),
        ("Anne Begeleider", True, "opfrisdag", "missing"),  # her exception ended
        ("Cora Coach", True, "opfrisdag", "missing"),
        ("Zeno Twee", True, "verklaring", "missing"),  # as Kring A's maatje
        ("Zeno Twee", False, "basis", "missing"),  # and as Kring B's begeleider
        ("Zeno Twee", False, "opfrisdag", "missing"),
        ("Bram Begeleider", True, "opfrisdag", "lapsing"),
        ("Mia Maatje", True, "verklaring", "lapsing"),  # the latest check counts
    ]
    lapsed = found.flags[0][1].held
    assert lapsed == trainings.Held("lapsed", today() - timedelta(days=3))
    assert found.flags[2][1].held == trainings.Held("missing")


def _crowd(world: World, size: int) -> None:
    """``size`` begeleiders in Kring A, each with something lapsed, missing or lapsing."""
    now = today()
    kinds = cycle(
        [
            ("basis", now - timedelta(days=3)),
            ("opfrisdag", now + timedelta(days=5)),
            ("basis", now + timedelta(days=400)),
        ]
    )
    for n in range(size):
        person_id = _member(world.a, f"Begeleider {n:03d}", "begeleider")
        key, expires_on = next(kinds)
        _course(person_id, key, now - timedelta(days=400), expires_on)
    db.session.flush()


def _home(client: Any, tenant: Tenant, count_queries: Any) -> tuple[str, int]:
    with count_queries() as counted:
        page = client.get(_url(tenant, "/")).get_data(as_text=True)
    return page, counted.count


def test_the_home_panel_reads_only_the_flags_it_shows(
    client: Any,
    tenant: Tenant,
    world: World,
    methodologies: dict[str, Methodology],
    count_queries: Any,
    monkeypatch: Any,
) -> None:
    """The panel shows eight flags and says how many more there are; its queries and the rows
    it reads do not grow with the team, and it never reads the whole team."""

    def whole_team(*_args: Any) -> Any:
        raise AssertionError("the panel read the whole team")

    monkeypatch.setattr(overview, "teams", whole_team)
    world.login(client, tenant, "leader")
    _crowd(world, 3)
    db.session.commit()
    few, few_queries = _home(client, tenant, count_queries)
    assert "Trainings and screenings lapsed or lapsing soon" in few and "more." not in few
    _crowd(world, 60)
    db.session.commit()
    with count_queries() as counted:
        many = client.get(_url(tenant, "/")).get_data(as_text=True)
    assert counted.count == few_queries
    flags = [s for s in counted.statements if "training_record" in s and "asked" in s]
    assert len(flags) == 1 and "LIMIT" in flags[0].upper()
    # of every three begeleiders, two have two flags and one has one (5 per 3); and Cora
    total = 5 + 100 + 1
    assert f"And {total - 8} more." in many
    assert many.count("standing standing-") == 8


def test_the_circle_page_flags_its_own_team_without_reading_it_whole(
    client: Any,
    tenant: Tenant,
    world: World,
    methodologies: dict[str, Methodology],
    monkeypatch: Any,
) -> None:
    expected = _expected(Circle.id == world.a.id, methodologies, today())
    monkeypatch.setattr(overview, "teams", lambda *_a: pytest.fail("read the whole team"))
    world.login(client, tenant, "leader")
    page = client.get(_url(tenant, f"/circles/{world.a.id}")).get_data(as_text=True)
    assert "Trainings and screenings that need attention" in page
    assert page.count("standing standing-missing") == len(expected) == 1  # Cora's refresher day
