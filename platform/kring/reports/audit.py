"""The audit report: one audit of one circle on paper (PDF) and as a table (CSV).

It reads the audit tables directly and puts them in the methodology's words and the reader's
language: the circle, the period, the status, the fidelity score, each criterion with its
finding (the ``explanation`` as it was stored, in that language), the typed evidence, the
central trainer's score and verdicts, and the follow-up actions with their due dates.

Two versions: the tenant's own, for the circle's coach and project leader, holds the coach's
remarks; the version for a central trainer (``for_trainer=True``) never does, because a remark
is free text and may name a resident. Both are built from the same read model, so nothing else
can differ between them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date

from flask import current_app, has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from kring.audits.models import Audit, AuditFinding, FollowUpAction
from kring.audits.words import evidence_value, met_word, status_word
from kring.circles.models import Circle, CircleMember
from kring.core.methodology import AuditCriterion, Methodology
from kring.core.tenancy import Tenant, current_tenant_id, tenant_scope
from kring.extensions import db
from kring.reports import files


@dataclass(frozen=True)
class EvidenceLine:
    """One typed fact the coach recorded, as a reader reads it ("Open evenings held: 12")."""

    label: str
    value: str


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of the audit with what was found for it."""

    key: str
    title: str
    how: str
    """How it is answered: from the data, or with the coach's evidence."""
    finding: str
    """Met, not met, or cannot tell yet, in words."""
    explanation: str
    """The finding in words, as it was stored in the reader's language."""
    evidence: tuple[EvidenceLine, ...]
    verdict: str
    """The central trainer's own verdict where it overrules the finding, else empty."""
    remark: str | None
    """The coach's remark; always ``None`` in the version for a central trainer."""
    advice: str
    """What raises the score when the criterion is not met."""


@dataclass(frozen=True)
class ActionLine:
    """A follow-up action the trainer set, with its due date and whether it is done."""

    text: str
    criterion: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class AuditReport:
    """Everything an audit report shows, already in the reader's language."""

    audit_id: int
    tenant: str
    methodology: str
    circle_word: str
    """The methodology's word for a circle ("Buurtcirkel")."""
    circle: str
    period_start: date
    period_end: date
    due_on: date
    status: str
    fidelity: int | None
    score: int | None
    reviewed_on: date | None
    criteria: tuple[CriterionLine, ...]
    actions: tuple[ActionLine, ...]
    for_trainer: bool
    locale: str
    residents: int
    """How many residents' records the audit was drawn from (the circle's members in its
    period): the number the access log records for the export."""


def _in_words(explanation: dict[str, str], locale: str) -> str:
    """The stored explanation in ``locale``, else in the other language, else nothing."""
    return explanation.get(locale) or next(iter(explanation.values()), "")


def _criterion(
    c: AuditCriterion, found: AuditFinding | None, locale: str, for_trainer: bool
) -> CriterionLine:
    evidence = found.evidence if found is not None else {}
    verdict = ""
    if found is not None and found.trainer_met is not None and found.trainer_met != found.is_met:
        verdict = met_word(found.trainer_met)
    return CriterionLine(
        key=c.key,
        title=c.title.render(locale),
        how=_("From the data") if c.is_automatic else _("Evidence from the coach"),
        finding=met_word(found.is_met if found is not None else None),
        explanation=_in_words(found.explanation, locale) if found is not None else "",
        evidence=tuple(
            EvidenceLine(f.label.render(locale), evidence_value(f, evidence.get(f.key), locale))
            for f in c.evidence
            if f.key in evidence
        ),
        verdict=verdict,
        remark=None if for_trainer or found is None else (found.remark or None),
        advice=c.advice.render(locale) if c.advice is not None else "",
    )


def _residents(audit: Audit) -> int:
    """The circle's members at any time in the audit's period."""
    count = db.session.execute(
        select(func.count(func.distinct(CircleMember.person_id))).where(
            CircleMember.circle_id == audit.circle_id,
            CircleMember.joined_on <= audit.period_end,
            or_(CircleMember.left_on.is_(None), CircleMember.left_on >= audit.period_start),
        )
    ).scalar_one()
    return int(count)


def read(audit: Audit, m: Methodology, locale: str, *, for_trainer: bool) -> AuditReport:
    """The report of ``audit`` in ``locale`` (three queries). Criteria come in the
    methodology's order; a finding whose criterion the methodology no longer has keeps its
    stored words, so an old audit still reads as it was."""
    circle = db.session.get(Circle, audit.circle_id)
    tenant = db.session.get(Tenant, audit.tenant_id)
    findings = {
        f.criterion_key: f
        for f in db.session.execute(
            select(AuditFinding).where(AuditFinding.audit_id == audit.id)
        ).scalars()
    }
    actions = db.session.execute(
        select(FollowUpAction)
        .where(FollowUpAction.audit_id == audit.id)
        .order_by(FollowUpAction.due_on, FollowUpAction.id)
    ).scalars()
    criteria = {c.key: c for c in m.audit_criteria}
    lines = [_criterion(c, findings.get(c.key), locale, for_trainer) for c in m.audit_criteria]
    for key, found in findings.items():
        if key not in criteria:
            lines.append(
                CriterionLine(
                    key=key,
                    title=_in_words(found.explanation, locale) or _("A criterion no longer asked"),
                    how=_("From the data") if found.is_automatic else _("Evidence from the coach"),
                    finding=met_word(found.is_met),
                    explanation="",
                    evidence=(),
                    verdict="",
                    remark=None if for_trainer else found.remark,
                    advice="",
                )
            )
    return AuditReport(
        audit_id=audit.id,
        tenant=tenant.name if tenant is not None else "",
        methodology=m.name(locale),
        circle_word=m.terms.term("circle", locale),
        circle=circle.name if circle is not None else "",
        period_start=audit.period_start,
        period_end=audit.period_end,
        due_on=audit.due_on,
        status=status_word(audit.status),
        fidelity=audit.fidelity,
        score=audit.score,
        reviewed_on=audit.reviewed_at.date() if audit.reviewed_at else None,
        criteria=tuple(lines),
        actions=tuple(
            ActionLine(
                text=a.text,
                criterion=criteria[a.criterion_key].title.render(locale)
                if a.criterion_key in criteria
                else "",
                due_on=a.due_on,
                done_on=a.done_at.date() if a.done_at else None,
            )
            for a in actions
        ),
        for_trainer=for_trainer,
        locale=locale,
        residents=_residents(audit),
    )


# --- the files ------------------------------------------------------------------------------

CSV_COLUMNS = (
    "audit",
    "methodology",
    "circle",
    "period_start",
    "period_end",
    "status",
    "fidelity",
    "trainer_score",
    "row",
    "criterion",
    "title",
    "how",
    "finding",
    "explanation",
    "evidence",
    "trainer_verdict",
    "remark",
    "action",
    "due_on",
    "done_on",
)
"""The audit report's CSV columns, in order (``docs/research-export.md`` says what each
holds); ``remark`` stays empty in the version for a central trainer."""


def csv(report: AuditReport) -> str:
    """The report as CSV: one row per criterion, then one per follow-up action, each carrying
    the audit's own facts so that every row reads on its own in a spreadsheet."""
    audit = (
        report.audit_id,
        report.methodology,
        report.circle,
        report.period_start.isoformat(),
        report.period_end.isoformat(),
        report.status,
        report.fidelity,
        report.score,
    )
    rows: list[tuple[object, ...]] = [
        (
            *audit,
            "criterion",
            c.key,
            c.title,
            c.how,
            c.finding,
            c.explanation,
            "; ".join(f"{e.label}: {e.value}" for e in c.evidence),
            c.verdict,
            c.remark,
            None,
            None,
            None,
        )
        for c in report.criteria
    ]
    rows += [
        (
            *audit,
            "action",
            None,
            a.criterion,
            None,
            None,
            None,
            None,
            None,
            None,
            a.text,
            a.due_on.isoformat(),
            a.done_on.isoformat() if a.done_on else None,
        )
        for a in report.actions
    ]
    return files.csv_text(CSV_COLUMNS, rows)


def render_pdf(report: AuditReport) -> bytes:
    """The report as a printable, tagged PDF in its own language."""
    with force_locale(report.locale):
        title = _("Quality audit of %(circle)s", circle=report.circle)
    return files.pdf("reports/print/audit.html", report.locale, title, report=report)


def filename(report: AuditReport, suffix: str) -> str:
    """The download's name: the audit's number and period."""
    version = "trainer" if report.for_trainer else None
    return files.filename("audit", report.audit_id, report.period_start, version, suffix=suffix)


@contextmanager
def _in_tenant_of(audit: Audit) -> Iterator[None]:
    """Reads of the audit's findings happen in its tenant: already so for a page of that
    tenant; a central trainer's cross-tenant page enters it for this one audit."""
    here = current_tenant_id()
    with nullcontext() if here == audit.tenant_id else tenant_scope(audit.tenant_id):
        yield


def _locale(locale: str | None) -> str:
    if locale is not None:
        return locale
    return str(get_locale()) if has_request_context() else "nl"


def report(audit: Audit, *, for_trainer: bool = False, locale: str | None = None) -> AuditReport:
    """The read model of ``audit``'s report for the tenant's staff, or for a central trainer
    (no remarks), in ``locale`` (the request's language when not named)."""
    m = current_app.extensions["kring.plugins"].methodology(audit.methodology_key)
    here = _locale(locale)
    with _in_tenant_of(audit), force_locale(here):
        return read(audit, m, here, for_trainer=for_trainer)


def pdf(audit: Audit, *, for_trainer: bool = False, locale: str | None = None) -> bytes:
    """``audit``'s report as a PDF: the tenant's version, or with ``for_trainer`` the version
    a central trainer may read (the coach's remarks left out), for the trainer's pages to
    serve. The caller logs the export (``kring.access.log.exported``)."""
    return render_pdf(report(audit, for_trainer=for_trainer, locale=locale))
