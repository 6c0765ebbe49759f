"""Reports and exports as files through the API: an audit's report (PDF, CSV), under the same
rules as the pages and written to the access log the same way (``downloads``)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from kring.http.access import requires
from kring.reports import files
from kring.reports.downloads import export_audit

blp = Blueprint(
    "api_reports",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Reports and exports: audit reports, the yearly quality report, the "
    "pseudonymised research export",
)

BINARY = {"type": "string", "format": "binary"}
TEXT = {"type": "string"}
AUDIT = "/audits/<int:audit_id>/report"


@blp.route(f"{AUDIT}.pdf")
class AuditReportPdf(MethodView):
    @requires("report.audit")
    @blp.response(200, BINARY, content_type=files.PDF, description="The report as a PDF")
    def get(self, audit_id: int) -> Any:
        """An audit's report as a tagged PDF in the reader's language (``Accept-Language``),
        with the coach's remarks: for the circle's coach and project leader. Logged as an
        export."""
        return export_audit(audit_id, "pdf")


@blp.route(f"{AUDIT}.csv")
class AuditReportCsv(MethodView):
    @requires("report.audit")
    @blp.response(200, TEXT, content_type="text/csv", description="The report as CSV")
    def get(self, audit_id: int) -> Any:
        """An audit's report as CSV: one row per criterion, then one per follow-up action
        (columns in ``docs/research-export.md``). Logged as an export."""
        return export_audit(audit_id, "csv")
