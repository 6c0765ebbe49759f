"""The report pages and downloads: an audit's report (on screen, as PDF, as CSV) for the
circle's coach and project leader; the yearly quality report; the research export. Every file
that leaves is written to the access log (``downloads``), and asks for the password (and code)
again when it was given more than ten minutes ago (``requires_recent_sign_in``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _

from kring import charts
from kring.core.db import today
from kring.http.access import requires
from kring.http.methodology import enabled_methodologies
from kring.identity.web import requires_recent_sign_in
from kring.reports import tenant_quality
from kring.reports.downloads import audit_report_for, export_audit

bp = Blueprint("reports", __name__, url_prefix="/t/<tenant>", template_folder="templates")


@bp.get("/audits/<int:audit_id>/report")
@requires("report.audit")
def audit(audit_id: int) -> Any:
    """An audit's report on screen, with its PDF and CSV to download."""
    return render_template("reports/audit.html", report=audit_report_for(audit_id))


@bp.get("/audits/<int:audit_id>/report.pdf")
@requires("report.audit")
@requires_recent_sign_in()
def audit_pdf(audit_id: int) -> Response:
    return export_audit(audit_id, "pdf")


@bp.get("/audits/<int:audit_id>/report.csv")
@requires("report.audit")
@requires_recent_sign_in()
def audit_csv(audit_id: int) -> Response:
    return export_audit(audit_id, "csv")


@bp.get("/quality")
@requires("report.quality")
def quality_index() -> Any:
    """The tenant's circles against the methodology everywhere, the yearly quality reports,
    and the research export."""
    year = today().year
    benchmarks = tenant_quality.benchmarks()
    return render_template(
        "reports/quality_index.html",
        benchmarks=benchmarks,
        charts={
            b.methodology_key: charts.bars(
                [(_("Here"), b.own_fidelity), (_("Everywhere"), b.wide_fidelity)]
            )
            for b in benchmarks
        },
        methodologies=enabled_methodologies(),
        years=list(range(year, max(year - 5, tenant_quality.FIRST_YEAR) - 1, -1)),
    )


@bp.get("/quality/<int:year>")
@requires("report.quality")
def quality_year(year: int) -> Any:
    report = tenant_quality.quality_report(year)
    return render_template(
        "reports/quality.html",
        report=report,
        methodologies=enabled_methodologies(),
        charts={
            m.methodology_key: (
                charts.line([f.fidelity for f in m.months]),
                charts.line(
                    [f.participants for f in m.months],
                    top=max([f.participants or 0 for f in m.months] + [1]),
                ),
            )
            for m in report.methodologies
        },
    )


@bp.get("/quality/<int:year>.pdf")
@requires("report.quality")
@requires_recent_sign_in()
def quality_pdf(year: int) -> Response:
    return tenant_quality.quality_pdf(year)


@bp.get("/quality/research.csv")
@requires("report.research")
@requires_recent_sign_in()
def research_csv() -> Response:
    """The pseudonymised research export of the year asked (this year when none is)."""
    asked = request.args.get("year", "")
    if not asked:
        return tenant_quality.research_csv(today().year)
    return tenant_quality.research_csv(int(asked) if asked.isdigit() and len(asked) == 4 else 0)
