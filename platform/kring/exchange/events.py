"""What exchange does when a member leaves a circle: their own requests still running close as
not done, and help they had offered goes back on the board, open again for someone else."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import or_, select

from kring.circles.models import ENDED, CircleMember
from kring.core import events, journal
from kring.core.db import utcnow
from kring.exchange.models import HelpRequest, HelpStatus
from kring.extensions import db


def member_left(member: CircleMember, *, actor_id: int | None = None, **_facts: Any) -> None:
    """Tidy the board of the circle a member left (they may still be in it in another role:
    then nothing changes)."""
    still_in = db.session.execute(
        select(CircleMember.id).where(
            CircleMember.circle_id == member.circle_id,
            CircleMember.person_id == member.person_id,
            CircleMember.id != member.id,
            CircleMember.status.not_in(ENDED),
        )
    ).first()
    if still_in is not None:
        return
    running = db.session.execute(
        select(HelpRequest).where(
            HelpRequest.circle_id == member.circle_id,
            HelpRequest.status.in_((HelpStatus.open, HelpStatus.offered)),
            or_(
                HelpRequest.asked_by_id == member.person_id,
                HelpRequest.offered_by_id == member.person_id,
            ),
        )
    ).scalars()
    for request in running:
        if request.asked_by_id == member.person_id:
            request.status = HelpStatus.not_done
            request.done_at = utcnow()
            journal.record("help.closed", request, actor_id, status="not_done", why="left")
        else:
            request.status = HelpStatus.open
            request.offered_by_id = None
            request.offered_at = None
            journal.record("help.reopened", request, actor_id, why="helper left")


def subscribe(_app: Flask) -> None:
    """Listen for members leaving (connecting the same receiver again changes nothing)."""
    events.member_left.connect(member_left, weak=False)
