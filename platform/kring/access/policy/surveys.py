"""Need-to-know for questionnaires and outcomes: whose questionnaires the viewer answers, and
which circles' outcomes they read. Part of the one policy: ``kring.access.policy`` re-exports
every name here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import ColumnElement

from kring.access import log
from kring.access.policy import circle_or_404, viewer
from kring.access.policy.exchange import own_person_id
from kring.access.policy.reports import reported_circles
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.extensions import db
from kring.people.models import Person


def questionnaire_person_or_404() -> Person:
    """The person whose questionnaires the viewer answers now: the participant a volunteer or
    coach acts on behalf of (reached when they started acting, and recorded as answered with
    them), else the viewer's own person. Nobody to answer for is 404; logged as a read."""
    person_id = own_person_id()
    person = db.session.get(Person, person_id) if person_id is not None else None
    if person is None:
        abort(404)
    log.shown(viewer(), [person.id])
    return person


def outcomes_circle_or_404(circle_id: object) -> Circle:
    """A circle whose outcomes the viewer reads with its members' names (the due list, each
    member's network size): its coach and its project leader, who reach it fully. Anyone else,
    and another tenant's id, is 404."""
    circle, _reach = circle_or_404(circle_id, Reach.full)
    return circle


def outcome_circles(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the tenant outcomes page: the circles a quality report of
    ``who`` is drawn from (a project leader's organisations; every circle for the tenant
    admin), shown as averages only, each resting on at least five answers."""
    return reported_circles(who)
