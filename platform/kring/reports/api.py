"""Reports and exports as files through the API: an audit's report (PDF, CSV), under the same
rules as the pages and written to the access log the same way (``downloads``)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.core.db import today
from kring.http.access import requires
from kring.identity.web import requires_recent_sign_in
from kring.reports import files, tenant_quality
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
    @requires_recent_sign_in()
    @blp.response(200, BINARY, content_type=files.PDF, description="The report as a PDF")
    def get(self, audit_id: int) -> Any:
        """An audit's report as a tagged PDF in the reader's language (``Accept-Language``),
        with the coach's remarks: for the circle's coach and project leader. Logged as an
        export."""
        return export_audit(audit_id, "pdf")


@blp.route(f"{AUDIT}.csv")
class AuditReportCsv(MethodView):
    @requires("report.audit")
    @requires_recent_sign_in()
    @blp.response(200, TEXT, content_type="text/csv", description="The report as CSV")
    def get(self, audit_id: int) -> Any:
        """An audit's report as CSV: one row per criterion, then one per follow-up action
        (columns in ``docs/research-export.md``). Logged as an export."""
        return export_audit(audit_id, "csv")


class CountSchema(Schema):
    value = fields.Int(allow_none=True, metadata={"description": "null when fewer than 5"})


class BenchmarkOutcomeSchema(Schema):
    survey = fields.Str(attribute="survey_key")
    average = fields.Float(attribute="average.value", allow_none=True)
    answers = fields.Int(attribute="average.answers.value", allow_none=True)


class BenchmarkCircleSchema(Schema):
    code = fields.Str()
    label = fields.Str(metadata={"description": "the neighbourhood"})
    phase = fields.Str()
    size = fields.Int(attribute="size.value", allow_none=True)
    fidelity = fields.Int(allow_none=True)
    audit_status = fields.Str(allow_none=True)
    audit_due_on = fields.Date(allow_none=True)


class BenchmarkSchema(Schema):
    methodology = fields.Str(attribute="methodology_key")
    own_circles = fields.Int()
    wide_circles = fields.Int()
    own_fidelity = fields.Float(allow_none=True)
    wide_fidelity = fields.Float(allow_none=True)
    own_small = fields.Int()
    wide_small_share = fields.Float(allow_none=True)
    own_outcomes = fields.List(fields.Nested(BenchmarkOutcomeSchema))
    wide_outcomes = fields.List(fields.Nested(BenchmarkOutcomeSchema))
    circles = fields.List(fields.Nested(BenchmarkCircleSchema))


class QualityMonthSchema(Schema):
    month = fields.Date()
    participants = fields.Int(allow_none=True)
    fidelity = fields.Float(allow_none=True)


class QualityOutcomeSchema(Schema):
    survey = fields.Str()
    title = fields.Str()
    average = fields.Float(allow_none=True)
    answers = fields.Int(allow_none=True)


class QualityCircleSchema(Schema):
    circle_id = fields.Int()
    name = fields.Str()
    phase = fields.Str(allow_none=True)
    participants = fields.Int(allow_none=True)
    meetings_held = fields.Int()
    attendance_pct = fields.Int(allow_none=True)
    fidelity = fields.Int(allow_none=True)


class QualityAuditsSchema(Schema):
    opened = fields.Int()
    reviewed = fields.Int()
    average_score = fields.Float(allow_none=True)
    actions_due = fields.Int()
    actions_done = fields.Int()


class QualityMethodologySchema(Schema):
    methodology = fields.Str(attribute="methodology_key")
    circles = fields.Int()
    participants = fields.Int(allow_none=True)
    meetings_held = fields.Int()
    attendance_pct = fields.Int(allow_none=True)
    help_done = fields.Int()
    fidelity = fields.Float(allow_none=True)
    months = fields.List(fields.Nested(QualityMonthSchema))
    outcomes = fields.List(fields.Nested(QualityOutcomeSchema))
    audits = fields.Nested(QualityAuditsSchema)
    named = fields.List(fields.Nested(QualityCircleSchema))


class QualityReportSchema(Schema):
    year = fields.Int()
    tenant = fields.Str()
    methodologies = fields.List(fields.Nested(QualityMethodologySchema))


class ResearchArgsSchema(Schema):
    year = fields.Int(
        load_default=None,
        validate=validate.Range(min=tenant_quality.FIRST_YEAR, max=9999),
        metadata={"description": "this year when left out"},
    )


@blp.route("/quality/benchmark")
class QualityBenchmark(MethodView):
    @requires("report.quality")
    @blp.response(200, BenchmarkSchema(many=True))
    def get(self) -> Any:
        """The tenant's circles of each enabled methodology against the methodology everywhere
        (no other tenant named); a project leader's rows are the circles they lead."""
        return tenant_quality.benchmarks()


@blp.route("/quality/<int:year>")
class QualityYear(MethodView):
    @requires("report.quality")
    @blp.response(200, QualityReportSchema)
    def get(self, year: int) -> Any:
        """The yearly quality report: counts and averages (under 5 not given), and the
        circles a project leader leads by name."""
        return tenant_quality.quality_report(year)


@blp.route("/quality/<int:year>.pdf")
class QualityYearPdf(MethodView):
    @requires("report.quality")
    @requires_recent_sign_in()
    @blp.response(200, BINARY, content_type=files.PDF, description="The report as a PDF")
    def get(self, year: int) -> Any:
        """The yearly quality report as a tagged PDF. Logged as an export."""
        return tenant_quality.quality_pdf(year)


@blp.route("/quality/research.csv")
class ResearchExport(MethodView):
    @requires("report.research")
    @requires_recent_sign_in()
    @blp.arguments(ResearchArgsSchema, location="query")
    @blp.response(200, TEXT, content_type="text/csv", description="The export as CSV")
    def get(self, args: dict[str, Any]) -> Any:
        """The pseudonymised research export of a year: one row per circle per month (columns
        in ``docs/research-export.md``). Logged as an export."""
        return tenant_quality.research_csv(args["year"] or today().year)
