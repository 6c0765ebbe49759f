"""Quality audits and the fidelity score as JSON: a circle's audits, one audit with its criteria
and follow-up actions, recording evidence, submitting, marking an action done, and the
circle's fidelity with its history. The same rules as the pages (``policy.audit_or_404``)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from flask_smorest import abort as api_abort
from marshmallow import Schema, fields, validate

from kring.access import policy
from kring.audits import read, review
from kring.audits import service as audits
from kring.audits.models import Audit, FollowUpAction
from kring.audits.words import status_word
from kring.core.methodology import Methodology
from kring.core.rules import Refused
from kring.extensions import db
from kring.http.access import requires
from kring.http.commands import perform
from kring.http.errors import invalid
from kring.http.methodology import as_json, explain_here, locale, methodologies

blp = Blueprint(
    "api_audits",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Quality audits and the fidelity score of circles",
)


class AuditSummarySchema(Schema):
    id = fields.Int()
    circle_id = fields.Int()
    methodology = fields.Str(attribute="methodology_key")
    period_start = fields.Date()
    period_end = fields.Date()
    due_on = fields.Date(metadata={"description": "The day the evidence is due"})
    status = fields.Str(metadata={"description": "open, submitted or reviewed"})
    status_label = fields.Str()
    fidelity = fields.Int(allow_none=True, metadata={"description": "0 to 100"})
    score = fields.Int(allow_none=True, metadata={"description": "The trainer's score, 0-100"})
    submitted_at = fields.DateTime(allow_none=True)
    reviewed_at = fields.DateTime(allow_none=True)


class ChoiceSchema(Schema):
    key = fields.Str()
    label = fields.Str()


class EvidenceSchema(Schema):
    key = fields.Str()
    label = fields.Str()
    kind = fields.Str(metadata={"description": "bool, int, date (ISO) or choice (a key)"})
    choices = fields.List(fields.Nested(ChoiceSchema))
    value = fields.Raw(allow_none=True)


class CriterionSchema(Schema):
    key = fields.Str()
    title = fields.Str()
    is_automatic = fields.Bool(metadata={"description": "Answered from the data"})
    is_met = fields.Bool(allow_none=True, metadata={"description": "null: cannot tell yet"})
    met_label = fields.Str()
    explanation = fields.Str(allow_none=True)
    takes_evidence = fields.Bool()
    evidence = fields.List(fields.Nested(EvidenceSchema))
    remark = fields.Str(
        allow_none=True, metadata={"description": "The coach's remark; null for a tenant admin"}
    )
    trainer_met = fields.Bool(allow_none=True)
    advice = fields.Str(allow_none=True)


class ActionSchema(Schema):
    id = fields.Int()
    audit_id = fields.Int()
    criterion_key = fields.Str(allow_none=True)
    text = fields.Str()
    due_on = fields.Date()
    done_at = fields.DateTime(allow_none=True)


class AuditSchema(AuditSummarySchema):
    may_edit = fields.Bool()
    criteria = fields.List(fields.Nested(CriterionSchema))
    missing = fields.List(
        fields.Str(), metadata={"description": "Criteria whose evidence is not complete yet"}
    )
    actions = fields.List(fields.Nested(ActionSchema))


class EvidenceInSchema(Schema):
    criterion = fields.Str(required=True, validate=validate.Length(min=1, max=60))
    values = fields.Dict(
        keys=fields.Str(),
        values=fields.Raw(allow_none=True),
        required=True,
        metadata={
            "description": "Evidence by field key: true/false, a number, an ISO date or "
            "a choice's key; the whole evidence of the criterion, replacing what was there"
        },
    )
    remark = fields.Str(
        load_default=None, allow_none=True, validate=validate.Length(max=audits.TEXT_MAX)
    )


class GainSchema(Schema):
    key = fields.Str()
    title = fields.Str()
    advice = fields.Str(allow_none=True)
    points = fields.Int(metadata={"description": "How much meeting it would add"})


class PointSchema(Schema):
    taken_on = fields.Date()
    score = fields.Int()


class FidelitySchema(Schema):
    circle_id = fields.Int()
    score = fields.Int(allow_none=True, metadata={"description": "0 to 100; null before any"})
    taken_on = fields.Date(allow_none=True)
    gains = fields.List(fields.Nested(GainSchema))
    history = fields.List(fields.Nested(PointSchema), metadata={"description": "Oldest first"})


def _summary(audit: Audit) -> dict[str, Any]:
    names = ("id", "circle_id", "methodology_key", "period_start", "period_end", "due_on")
    more = ("fidelity", "score", "submitted_at", "reviewed_at")
    return {
        **{name: getattr(audit, name) for name in names + more},
        "status": audit.status.value,
        "status_label": status_word(audit.status),
    }


def _audit(access: policy.AuditAccess) -> dict[str, Any]:
    view = audits.audit_view(access.audit, read.methodology_of(access.audit))
    lines = read.criterion_lines(view, locale(), with_remarks=access.may_edit)
    return {
        **_summary(access.audit),
        "may_edit": access.may_edit,
        "missing": [c.key for c in view.missing],
        "actions": list(view.actions),
        "criteria": [
            {
                "key": line.key,
                "title": line.title,
                "is_automatic": line.is_automatic,
                "is_met": line.is_met,
                "met_label": line.met,
                "explanation": line.explanation,
                "takes_evidence": line.takes_evidence,
                "evidence": [
                    {
                        "key": e.field.key,
                        "label": e.label,
                        "kind": e.field.kind,
                        "choices": [
                            {"key": k, "label": p.render(locale())} for k, p in e.field.choices
                        ],
                        "value": e.value,
                    }
                    for e in line.evidence
                ],
                "remark": line.remark,
                "trainer_met": line.trainer_met,
                "advice": line.advice,
            }
            for line in lines
        ],
    }


def _named(refused: Refused, m: Methodology) -> dict[str, Any]:
    """The refused evidence as request validation names fields: each field under ``values``,
    the remark as itself; nothing when no reason names a field."""
    named = {
        str(u.params["field"]): [explain_here(u, m)] for u in refused.unmet if "field" in u.params
    }
    remark = named.pop("remark", None)
    errors: dict[str, Any] = {"values": named} if named else {}
    if remark:
        errors["remark"] = remark
    return {"errors": {"json": errors}} if errors else {}


@blp.route("/circles/<int:circle_id>/audits")
class CircleAudits(MethodView):
    @requires("audit.view")
    @blp.response(200, AuditSummarySchema(many=True))
    def get(self, circle_id: int) -> Any:
        """The circle's audits, newest period first: for its coach and project leader, and
        for a tenant admin."""
        circle, _may_edit = policy.audits_circle_or_404(circle_id)
        return [_summary(a) for a in audits.audits_of(circle)]


@blp.route("/circles/<int:circle_id>/fidelity")
class CircleFidelity(MethodView):
    @requires("audit.view")
    @blp.response(200, FidelitySchema)
    def get(self, circle_id: int) -> Any:
        """The circle's fidelity score now, what would raise it (unmet criteria with their
        advice and the points each adds, biggest first) and its history."""
        circle, _may_edit = policy.audits_circle_or_404(circle_id)
        found = read.fidelity_of(circle, methodologies().get(circle.methodology_key))
        return {
            "circle_id": circle.id,
            "score": found.score,
            "taken_on": found.taken_on,
            "gains": [
                {
                    "key": g.key,
                    "title": g.title.render(locale()),
                    "advice": g.advice.render(locale()) if g.advice else None,
                    "points": g.points,
                }
                for g in found.gains
            ],
            "history": list(found.history),
        }


@blp.route("/audits/<int:audit_id>")
class AuditItem(MethodView):
    @requires("audit.view")
    @blp.response(200, AuditSchema)
    def get(self, audit_id: int) -> Any:
        """One audit: each criterion with its finding or evidence, the review, the actions.
        ``remark`` is null for a reader who does not work on the audit."""
        return _audit(policy.audit_or_404(audit_id))


@blp.route("/audits/<int:audit_id>/evidence")
class AuditEvidence(MethodView):
    @requires("audit.edit")
    @blp.arguments(EvidenceInSchema)
    @blp.response(200, AuditSchema)
    def put(self, data: dict[str, Any], audit_id: int) -> Any:
        """Record the evidence of one manual criterion, replacing what was there. A value
        that cannot be read answers 422 naming it under ``values``; a submitted audit 409."""
        access = policy.audit_or_404(audit_id, "edit")
        m = read.methodology_of(access.audit)
        criterion = next((c for c in m.audit_criteria if c.key == data["criterion"]), None)
        if criterion is None:
            invalid("criterion", "this audit's methodology has no such criterion")
        try:
            audits.record_evidence(
                access.audit, criterion, data["values"], data["remark"], current_user
            )
        except Refused as refused:
            db.session.rollback()
            api_abort(
                refused.status,
                message="; ".join(explain_here(u, m) for u in refused.unmet),
                unmet=[as_json(u, m) for u in refused.unmet],
                **_named(refused, m),
            )
        db.session.commit()
        return _audit(access)


@blp.route("/audits/<int:audit_id>/submit")
class AuditSubmit(MethodView):
    @requires("audit.edit")
    @blp.response(200, AuditSchema)
    def post(self, audit_id: int) -> Any:
        """Hand the audit to the central trainer. 409 with every criterion still missing
        evidence (``unmet``), or when it was submitted before."""
        access = policy.audit_or_404(audit_id, "edit")
        m = read.methodology_of(access.audit)
        perform(lambda: audits.submit(access.audit, m, current_user), m)
        return _audit(access)


@blp.route("/audits/actions/<int:action_id>/done")
class ActionDone(MethodView):
    @requires("audit.edit")
    @blp.response(200, ActionSchema)
    def post(self, action_id: int) -> FollowUpAction:
        """Mark a follow-up action done (a second time keeps the first date)."""
        action, _access = policy.action_or_404(action_id)
        review.mark_done(action, current_user)
        db.session.commit()
        return action
