"""What the sign-in cards do when a circle changes: a participant who no longer takes part in
any circle has nothing left to sign in for, so their card stops (and with it their sessions)."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app

from kring.circles.models import CircleMember
from kring.core import events
from kring.extensions import db
from kring.people.models import Person
from kring.signin import service


def _member_left(member: CircleMember, *, actor_id: int | None = None, **_facts: Any) -> None:
    person = db.session.get(Person, member.person_id)
    if person is None:
        return
    if not service.is_resident(person, current_app.extensions["kring.plugins"].methodologies()):
        service.revoke(person, actor_id)


def subscribe(_app: Flask) -> None:
    """Listen for members leaving (connecting the same receiver again changes nothing)."""
    events.member_left.connect(_member_left, weak=False)
