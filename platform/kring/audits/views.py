"""The audit pages: a circle's audit history, and one audit where the circle's coach or
project leader records evidence for the manual criteria, submits it for the central trainer's
review, reads the review and marks follow-up actions done. A tenant admin reads them.

Evidence forms are built from the methodology's typed fields (yes or no, a number, a date, a
choice); a refusal comes back on the same page, the reason next to the field it is about."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kring.access import policy
from kring.audits import read, review
from kring.audits import service as audits
from kring.audits.words import met_word, status_word
from kring.core.rules import Refused
from kring.extensions import db
from kring.http.access import has_permission, requires
from kring.http.commands import perform
from kring.http.methodology import explain_here, locale, methodologies

bp = Blueprint("audits", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/circles/<int:circle_id>/audits")
@requires("audit.view")
def history(circle_id: int) -> Any:
    """Every audit of the circle, newest first, with its status and scores."""
    circle, _may_edit = policy.audits_circle_or_404(circle_id)
    m = methodologies().get(circle.methodology_key)
    return render_template(
        "audits/history.html",
        circle=circle,
        audits=audits.audits_of(circle),
        status_word=status_word,
        fidelity=read.fidelity_of(circle, m),
    )


def _page(
    access: policy.AuditAccess,
    status: int = 200,
    *,
    refusals: list[str] | None = None,
    errors: Mapping[str, str] | None = None,
    entered: Mapping[str, str] | None = None,
    failed: str | None = None,
) -> Any:
    m = read.methodology_of(access.audit)
    view = audits.audit_view(access.audit, m)
    return (
        render_template(
            "audits/audit.html",
            access=access,
            audit=access.audit,
            view=view,
            lines=read.criterion_lines(view, locale(), with_remarks=access.may_edit),
            status_word=status_word,
            met_word=met_word,
            may_report=access.may_edit and has_permission("report.audit"),
            refusals=refusals or [],
            errors=errors or {},
            entered=entered or {},
            failed=failed,
        ),
        status,
    )


@bp.get("/audits/<int:audit_id>")
@requires("audit.view")
def show(audit_id: int) -> Any:
    """One audit: each criterion with its finding or its evidence form, the review, and the
    follow-up actions."""
    return _page(policy.audit_or_404(audit_id))


@bp.post("/audits/<int:audit_id>/evidence")
@requires("audit.edit")
def evidence(audit_id: int) -> Any:
    """Save the evidence (and the remark) for one manual criterion."""
    access = policy.audit_or_404(audit_id, "edit")
    m = read.methodology_of(access.audit)
    key = request.form.get("criterion", "")
    criterion = next((c for c in m.audit_criteria if c.key == key), None)
    if criterion is None:
        return _page(access, 422, refusals=[_("Choose a criterion of this audit.")])
    values = {f.key: request.form.get(f"e-{key}-{f.key}", "") for f in criterion.evidence}
    remark = request.form.get("remark", "")
    try:
        audits.record_evidence(access.audit, criterion, values, remark, current_user)
    except Refused as refused:
        db.session.rollback()
        errors = {str(u.params.get("field", "")): explain_here(u, m) for u in refused.unmet}
        general = [explain_here(u, m) for u in refused.unmet if "field" not in u.params]
        entered = {**values, "remark": remark}
        return _page(
            access, refused.status, refusals=general, errors=errors, entered=entered, failed=key
        )
    db.session.commit()
    flash(_("The evidence is saved."), "success")
    return redirect(url_for(".show", audit_id=access.audit.id, _anchor=f"c-{key}"))


@bp.post("/audits/<int:audit_id>/submit")
@requires("audit.edit")
def submit(audit_id: int) -> Any:
    """Hand the audit to the central trainer; refused, with every criterion still missing
    evidence named, until the evidence is complete."""
    access = policy.audit_or_404(audit_id, "edit")
    m = read.methodology_of(access.audit)
    perform(
        lambda: audits.submit(access.audit, m, current_user),
        m,
        page=lambda reasons, status: _page(access, status, refusals=reasons),
    )
    flash(_("The audit is submitted. The trainer will review it."), "success")
    return redirect(url_for(".show", audit_id=access.audit.id))


@bp.post("/audits/actions/<int:action_id>/done")
@requires("audit.edit")
def action_done(action_id: int) -> Any:
    """Mark a follow-up action done."""
    action, access = policy.action_or_404(action_id)
    review.mark_done(action, current_user)
    db.session.commit()
    flash(_("The follow-up action is marked done."), "success")
    return redirect(url_for(".show", audit_id=access.audit.id, _anchor="actions"))
