"""What the report pages and the API share: the export itself (the file, its access-log row)
and the download it leaves in. Both serve the same bytes, so a report reads the same however
it was taken."""

from __future__ import annotations

from flask import Response, abort

from kring.access import log, policy
from kring.http.methodology import locale, methodologies
from kring.reports import audit as audit_report
from kring.reports import files


def download(body: str | bytes, content_type: str, name: str) -> Response:
    """A file the browser saves under ``name`` rather than shows; never cached on the way."""
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def audit_report_for(audit_id: object) -> audit_report.AuditReport:
    """The tenant's version of an audit's report, for a viewer who reaches its circle fully
    (else 404); 409 when its methodology is no longer installed to read it with."""
    audit, _circle = policy.audit_report_or_404(audit_id)
    if audit.methodology_key not in methodologies():
        abort(409)
    return audit_report.report(audit, locale=locale())


def export_audit(audit_id: object, kind: str) -> Response:
    """An audit's report as ``pdf`` or ``csv``, logged as an export of the residents it was
    drawn from."""
    report = audit_report_for(audit_id)
    if kind == "pdf":
        body: str | bytes = audit_report.render_pdf(report)
        content_type = files.PDF
    else:
        body, content_type = audit_report.csv(report), files.CSV
    log.exported(policy.viewer(), f"audit-report.{kind}", report.audit_id, report.residents)
    return download(body, content_type, audit_report.filename(report, kind))
