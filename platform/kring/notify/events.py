"""What the outbox does when a circle changes: a member who left hears nothing more about the
circle (their pending reminders are called off), and a cancelled meeting's reminders stop."""

from __future__ import annotations

from typing import Any

from flask import Flask

from kring.circles.models import CircleMember
from kring.core import events
from kring.core.db import utcnow
from kring.notify import service as notify


def _member_left(member: CircleMember, **_facts: Any) -> None:
    notify.cancel_for_member(member.person_id, member.circle_id, utcnow())


def subscribe(_app: Flask) -> None:
    """Listen for members leaving (connecting the same receiver again changes nothing)."""
    events.member_left.connect(_member_left, weak=False)
