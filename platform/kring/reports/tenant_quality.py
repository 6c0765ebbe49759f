"""What the quality pages and their API share: the tenant's circles against the methodology
everywhere (the benchmark, from the trainer's facts), the yearly quality report, and the
research export, each for the circles the viewer is responsible for and each file written to
the access log as it leaves."""

from __future__ import annotations

from flask import Response, abort, g
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from kring.access import log, policy
from kring.circles.models import Circle
from kring.core.accounts import Role
from kring.core.db import today
from kring.extensions import db
from kring.http.methodology import enabled_methodologies, locale
from kring.reports import files, quality, research, yearly
from kring.reports.downloads import download
from kring.trainer import benchmark as trainer_benchmark

FIRST_YEAR = 2000
"""No report looks further back than this."""


def benchmarks() -> list[trainer_benchmark.Benchmark]:
    """The tenant's circles of each enabled methodology against that methodology everywhere.
    The tenant admin's rows are every circle; a project leader's, the circles they lead."""
    who = policy.viewer()
    shown = None
    if not who.has(Role.tenant_admin):
        shown = set(
            db.session.execute(select(Circle.id).where(policy.named_circles(who))).scalars()
        )
    return [
        trainer_benchmark.benchmark(g.tenant, key, today(), shown)
        for key in sorted(enabled_methodologies())
    ]


def year_or_404(year: int) -> int:
    """A year a report can be of: from ``FIRST_YEAR`` to this year."""
    if not FIRST_YEAR <= year <= today().year:
        abort(404)
    return year


def quality_report(year: int) -> quality.QualityReport:
    """The yearly quality report over the circles the viewer is responsible for, naming only
    those they lead (a tenant admin's names none)."""
    who = policy.viewer()
    return quality.read(
        g.tenant.name,
        policy.reported_circles(who),
        policy.named_circles(who),
        enabled_methodologies(),
        year_or_404(year),
        today(),
        locale(),
    )


def quality_pdf(year: int) -> Response:
    """The yearly quality report as a tagged PDF, logged as an export."""
    report = quality_report(year)
    with force_locale(locale()):
        title = _("Quality report %(year)s", year=report.year)
    body = files.pdf(
        "reports/print/quality.html",
        locale(),
        title,
        report=report,
        methodologies=enabled_methodologies(),
    )
    log.exported(policy.viewer(), "quality-report.pdf", report.year, report.residents)
    return download(body, files.PDF, files.filename("quality", g.tenant.slug, year, suffix="pdf"))


def research_csv(year: int) -> Response:
    """The pseudonymised research export of ``year`` as CSV, logged as an export."""
    methodologies = enabled_methodologies()
    months = yearly.year_of(
        policy.reported_circles(policy.viewer()), methodologies, year_or_404(year), today()
    )
    made = research.export(months, methodologies)
    log.exported(policy.viewer(), "research.csv", year, made.residents)
    body = files.csv_text(made.header, made.rows)
    return download(body, files.CSV, files.filename("research", g.tenant.slug, year, suffix="csv"))
