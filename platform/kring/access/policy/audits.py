"""Need-to-know for quality audits: who reads a circle's audits and its fidelity, and who adds
evidence, submits and marks follow-up actions done. Part of the one policy:
``kring.access.policy`` re-exports every name here.

An audit holds no resident's record (evidence is typed), but the coach's remark is free text
and may name one, so only the circle's own coach and project leader read it. A tenant admin
oversees quality across the tenant: they read every circle's audits and fidelity, never a
remark, and change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask import abort

from kring.access.policy import circle_reach, viewer
from kring.audits.models import Audit, FollowUpAction
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.http.tenancy import get_or_none

AuditNeed = Literal["view", "edit"]


@dataclass(frozen=True)
class AuditAccess:
    """An audit the viewer reaches, its circle, and whether they work on it (add evidence,
    submit, mark actions done, read the coach's remarks) or only read it."""

    audit: Audit
    circle: Circle
    may_edit: bool


def audit_standing(who: Viewer, circle: Circle, reach: Reach) -> AuditNeed | None:
    """What ``who`` may do with this circle's audits: ``edit`` for whoever reaches it fully
    (its coach, its project leader), ``view`` for a tenant admin, else nothing."""
    if reach >= Reach.full:
        return "edit"
    if who.has(Role.tenant_admin):
        return "view"
    return None


def audits_circle_or_404(circle_id: object, need: AuditNeed = "view") -> tuple[Circle, bool]:
    """A circle whose audits the viewer may ``need``, and whether they may edit them; any
    other id is 404, whatever tenant or organisation it belongs to."""
    circle = get_or_none(Circle, circle_id)
    if circle is None:
        abort(404)
    who = viewer()
    standing = audit_standing(who, circle, circle_reach(who, circle))
    if standing is None or (need == "edit" and standing != "edit"):
        abort(404)
    return circle, standing == "edit"


def audit_or_404(audit_id: object, need: AuditNeed = "view") -> AuditAccess:
    """An audit of a circle whose audits the viewer may ``need``; any other id is 404."""
    audit = get_or_none(Audit, audit_id)
    if audit is None:
        abort(404)
    circle, may_edit = audits_circle_or_404(audit.circle_id, need)
    return AuditAccess(audit, circle, may_edit)


def action_or_404(action_id: object) -> tuple[FollowUpAction, AuditAccess]:
    """A follow-up action the viewer may mark done: of an audit of a circle they coach or
    lead projects for. Any other id is 404."""
    action = get_or_none(FollowUpAction, action_id)
    if action is None:
        abort(404)
    return action, audit_or_404(action.audit_id, "edit")
