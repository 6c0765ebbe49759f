"""Need-to-know for reports and exports: who takes an audit report of which circle, and which
circles a quality report and a research export are drawn from. Part of the one policy:
``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import ColumnElement, false, true

from kring.access.policy import _leads, circle_or_404
from kring.audits.models import Audit
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.http.tenancy import get_or_none


def audit_report_or_404(audit_id: object) -> tuple[Audit, Circle]:
    """An audit of a circle the viewer reaches fully (its coach, its project leader), whose
    report they may take with the coach's remarks; any other id is 404, whatever tenant or
    circle it belongs to."""
    audit = get_or_none(Audit, audit_id)
    if audit is None:
        abort(404)
    circle, _reach = circle_or_404(audit.circle_id, Reach.full)
    return audit, circle


def reported_circles(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the circles a quality report or research export of
    ``who`` is drawn from: every circle of the tenant for the tenant admin (as counts and
    averages), the circles of the organisations they lead for a project leader; nothing for
    anyone else."""
    if who.has(Role.tenant_admin):
        return true()
    if who.has(Role.project_leader):
        return _leads(who)
    return false()


def named_circles(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Circle`` for the circles a quality report shows one by one, with their
    names: those the viewer leads projects for. A tenant admin's report holds counts and
    averages only."""
    return _leads(who)
