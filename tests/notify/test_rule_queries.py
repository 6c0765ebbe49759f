"""Every area's reminder rules together read a fixed number of queries in a tenant, however
many circles, meetings, plans, escalations and screenings it holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from kring.circles.models import PhaseTransition
from kring.core.methodology import add_months
from kring.extensions import db
from kring.meetings import service as meetings
from kring.notify import rules
from kring.people.models import Person
from kring.plans import service as plans
from kring.safetynet import escalations
from kring.testing.builders import hooks_for, join
from kring.trainings import service as trainings
from tests.conftest import World
from tests.notify.test_reminder_words import _follow_up
from tests.plugins_for_tests.proefkring import METHODOLOGY

NOW = datetime.now(UTC).replace(microsecond=0)


def _intents() -> list[Any]:
    return list(rules._area_intents(NOW))


def _life(app: Any, world: World, circle: Any, members: int, reviewed: str) -> None:
    """A meeting tomorrow, ``members`` new buddies whose check runs out in three weeks, the
    first audit coming up, a plan review in three days, a contact due and an overdue escalation."""
    hooks = hooks_for(app, "proefkring")
    meetings.plan(circle, METHODOLOGY, NOW + timedelta(days=1), "open_avond", 120, None, None)
    entered = date(NOW.year - 1, NOW.month, 1) + timedelta(days=20)
    db.session.add(
        PhaseTransition(
            circle_id=circle.id, from_phase="verkennen", to_phase="draaien", moved_on=entered
        )
    )
    issued = add_months((NOW + timedelta(days=20)).date(), -24)  # valid 24 months
    check = METHODOLOGY.screening("verklaring")
    assert check is not None
    for i in range(members):
        buddy = join(
            circle,
            hooks,
            "maatje",
            f"Maatje {circle.id}-{i}",
            postcode="1111AF" if circle is world.a else "2222AF",
            attributes={"woont_vast": True},
        )
        person = db.session.get(Person, buddy.person_id)
        trainings.record_screening(person, check, issued, None, NOW.date())
    person = world.people[reviewed]
    world.members[reviewed].joined_on = NOW.date() - timedelta(days=30)  # a contact is due
    plans.set_review(person, NOW.date() + timedelta(days=3), plans.Editor(None), NOW.date())
    escalations.raise_escalation(
        circle, METHODOLOGY, person.id, "spoed", "?", False, None, NOW - timedelta(days=1)
    )
    if members:  # one audit per circle and period: the second life of a circle adds none
        _follow_up(circle, entered, NOW.date() + timedelta(days=7))
    db.session.flush()


def test_the_rules_read_a_fixed_number_of_queries_whatever_the_tenant_holds(
    app: Any, world: World, count_queries: Any
) -> None:
    _life(app, world, world.a, 1, "participant")
    with count_queries() as one_circle:
        few = _intents()
    _life(app, world, world.b, 1, "b")
    _life(app, world, world.a, 0, "other")
    with count_queries() as more:
        many = _intents()
    assert len(many) > len(few)
    assert {i.kind for i in few} >= {
        "meeting_reminder",
        "plan_review",
        "escalation_overdue",
        "contact_due",
        "screening_expiring",
        "audit_due",
        "audit_action_due",
    }
    assert more.count == one_circle.count
