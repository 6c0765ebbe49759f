"""The report pages and downloads: an audit's report (on screen, as PDF, as CSV) for the
circle's coach and project leader; the yearly quality report; the research export. Every file
that leaves is written to the access log (``downloads``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template

from kring.http.access import requires
from kring.reports.downloads import audit_report_for, export_audit

bp = Blueprint("reports", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/audits/<int:audit_id>/report")
@requires("report.audit")
def audit(audit_id: int) -> Any:
    """An audit's report on screen, with its PDF and CSV to download."""
    return render_template("reports/audit.html", report=audit_report_for(audit_id))


@bp.get("/audits/<int:audit_id>/report.pdf")
@requires("report.audit")
def audit_pdf(audit_id: int) -> Response:
    return export_audit(audit_id, "pdf")


@bp.get("/audits/<int:audit_id>/report.csv")
@requires("report.audit")
def audit_csv(audit_id: int) -> Response:
    return export_audit(audit_id, "csv")
