"""Circle services announce what happened; the journal records each announcement in the same
transaction, so a refused or rolled-back change leaves no trace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from kring.circles import membership, phases
from kring.core import events
from kring.core.db import today
from kring.core.journal import JournalEntry
from kring.core.rules import Refused
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import start_circle, trained


@pytest.fixture
def heard() -> Iterator[list[tuple[str, Any, dict[str, Any]]]]:
    found: list[tuple[str, Any, dict[str, Any]]] = []
    receivers = []
    for event in events.ALL:

        def receive(sender: Any, _name: str = event.name, **facts: Any) -> None:
            found.append((_name, sender, facts))

        event.connect(receive)
        receivers.append((event, receive))
    yield found
    for event, receive in receivers:
        event.disconnect(receive)


def test_joining_intake_and_leaving_are_announced_with_ids_only(
    tenant: Any, hooks: Any, heard: list[Any], admin: Any
) -> None:
    actor = admin.id
    circle = start_circle(hooks)
    gids = trained(people.create_person(None, name="Gids"), hooks, "basis")
    guide = membership.add_member(circle, gids, "begeleider", hooks, actor, today())
    member = membership.add_member(
        circle, people.create_person(None, name="Deelnemer"), "deelnemer", hooks, actor, today()
    )
    membership.complete_intake(member, guide, True, None, hooks, actor, today())
    membership.end_membership(member, "moved_away", hooks, actor, today())
    names = [name for name, _sender, _facts in heard]
    assert names == [
        "circle.created",
        "member.joined",
        "member.joined",
        "member.admitted",
        "member.left",
    ]
    joined = heard[2]
    assert joined[1] is member
    assert joined[2] == {
        "actor_id": actor,
        "circle_id": circle.id,
        "role": "deelnemer",
        "status": "candidate",
    }
    assert heard[-1][2] == {
        "actor_id": actor,
        "circle_id": circle.id,
        "status": "left",
        "reason": "moved_away",
    }


def test_every_announcement_is_journaled_in_the_same_transaction(tenant: Any, hooks: Any) -> None:
    circle = start_circle(hooks)
    membership.add_member(
        circle, people.create_person(None, name="Regie"), "regisseur", hooks, None, today()
    )
    actions = db.session.execute(
        select(JournalEntry.action, JournalEntry.subject_type).order_by(JournalEntry.id)
    ).all()
    assert ("circle.created", "Circle") in actions
    assert ("member.joined", "CircleMember") in actions


def test_a_refused_move_announces_nothing(tenant: Any, hooks: Any, heard: list[Any]) -> None:
    circle = start_circle(hooks)
    heard.clear()
    with pytest.raises(Refused):
        phases.move_phase(circle, "draaien", hooks, None, None, today())
    assert heard == []
