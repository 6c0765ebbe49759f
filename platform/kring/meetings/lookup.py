"""A meeting and its circle looked up for a request (pages and API alike), through the
need-to-know policy, and the tenant's wall clock for showing its times."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import abort, g

from kring.access import policy
from kring.circles.models import Circle
from kring.core.access import Reach
from kring.core.methodology import Methodology
from kring.core.tenancy import zone
from kring.http.methodology import methodologies
from kring.meetings.models import Meeting
from kring.people.models import Person


def methodology_of(circle: Circle) -> Methodology:
    """The circle's methodology; one no longer installed cannot be worked on (409)."""
    m = methodologies().get(circle.methodology_key)
    if m is None:
        abort(409)
    return m


def circle_to_read(circle_id: int) -> Circle:
    """A circle whose meetings the reader may see: its own people and its project leader."""
    circle, _reach = policy.circle_or_404(circle_id, Reach.first_names)
    return circle


def circle_to_plan(circle_id: int) -> Circle:
    """A circle whose meetings the reader plans: as its project leader or its coach."""
    circle = circle_to_read(circle_id)
    if not policy.may_plan_meetings(policy.viewer(), circle):
        abort(404)
    return circle


def meeting_to_plan(meeting_id: int) -> tuple[Meeting, Circle]:
    """A meeting the reader may cancel."""
    meeting, circle = policy.meeting_or_404(meeting_id)
    if not policy.may_plan_meetings(policy.viewer(), circle):
        abort(404)
    return meeting, circle


def meeting_to_attend(meeting_id: int) -> tuple[Meeting, Circle]:
    """A meeting whose attendance the reader takes: its circle's leader, coach or volunteer."""
    meeting, circle = policy.meeting_or_404(meeting_id, Reach.contact)
    if not policy.may_take_attendance(policy.viewer(), circle):
        abort(404)
    return meeting, circle


def own_person() -> Person:
    """The reader's own person (the first, for a login linked to more than one); 404 for a
    login that is nobody in the tenant's circles."""
    who = policy.viewer()
    if not who.person_ids:
        abort(404)
    person, _reach = policy.person_or_404(min(who.person_ids), Reach.full)
    return person


def local(moment: datetime) -> datetime:
    """A UTC time on the tenant's wall clock."""
    return moment.astimezone(zone(g.tenant.locale))


def local_zone() -> ZoneInfo:
    """The tenant's time zone, for times people enter."""
    return zone(g.tenant.locale)
