"""What the audit pages and the API read: an audit's criteria in the reader's words, and a
circle's fidelity with its history and what would raise it.

Pages and the API render the same lines, so the two never drift apart; the coach's remark is
put in only for a reader who works on the audit (``with_remarks``), never for a tenant admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from flask import abort
from sqlalchemy import select

from kring import charts
from kring.audits import fidelity, service
from kring.audits.models import Audit, FidelityScore
from kring.audits.words import evidence_value, met_word
from kring.circles.models import Circle
from kring.core.methodology import EvidenceField, Methodology
from kring.extensions import db
from kring.http.methodology import methodologies

HISTORY = 24
"""How many fidelity scores the circle page draws: two years of monthly scores."""


def methodology_of(audit: Audit) -> Methodology:
    """The audit's methodology, whose words and criteria it is read in; an audit whose plugin
    is no longer installed cannot be worked on (409)."""
    m = methodologies().get(audit.methodology_key)
    if m is None:
        abort(409)
    return m


@dataclass(frozen=True)
class EvidenceLine:
    """One typed field of a manual criterion with what was recorded, as stored and in words."""

    field: EvidenceField
    label: str
    value: Any
    text: str


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of an audit as the reader reads it."""

    key: str
    title: str
    is_automatic: bool
    is_met: bool | None
    met: str
    explanation: str | None
    evidence: tuple[EvidenceLine, ...]
    takes_evidence: bool
    remark: str | None
    trainer_met: bool | None
    advice: str | None


def _explained(line: service.CriterionView, locale: str) -> str | None:
    """The automatic finding with its figures; a stored sentence whose figures no longer fit
    is shown as it was stored rather than failing the page."""
    try:
        return line.explanation(locale)
    except (KeyError, IndexError, ValueError):
        stored = line.finding.explanation
        return stored.get(locale) or stored.get("en")


def criterion_lines(
    view: service.AuditView, locale: str, *, with_remarks: bool
) -> tuple[CriterionLine, ...]:
    """Each criterion of the audit in ``locale``, in the methodology's order."""
    lines = []
    for c in view.criteria:
        criterion, found = c.criterion, c.finding
        fields = c.evidence_fields
        lines.append(
            CriterionLine(
                key=c.key,
                title=criterion.title.render(locale) if criterion else c.key,
                is_automatic=c.is_automatic,
                is_met=c.is_met,
                met=met_word(c.is_met),
                explanation=_explained(c, locale) if c.is_automatic else None,
                evidence=tuple(
                    EvidenceLine(
                        f,
                        f.label.render(locale),
                        found.evidence.get(f.key),
                        evidence_value(f, found.evidence.get(f.key), locale),
                    )
                    for f in fields
                ),
                takes_evidence=bool(fields),
                remark=found.remark if with_remarks else None,
                trainer_met=found.trainer_met,
                advice=criterion.advice.render(locale) if criterion and criterion.advice else None,
            )
        )
    return tuple(lines)


# --- the circle's fidelity -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One fidelity score of the circle's history."""

    taken_on: date
    score: int


@dataclass(frozen=True)
class FidelityView:
    """A circle's fidelity now (``None`` before any was taken), what would raise it (the
    unmet criteria with their advice and points, biggest first) and its history, oldest
    first."""

    score: int | None
    taken_on: date | None
    gains: tuple[fidelity.Gain, ...]
    history: tuple[Point, ...]

    @property
    def chart(self) -> charts.Line:
        """The history as a line from 0 to 100, drawn on the server."""
        return charts.line([p.score for p in self.history])


def fidelity_of(
    circle: Circle, m: Methodology | None, last_audit: Audit | Literal["ask"] | None = "ask"
) -> FidelityView:
    """The circle's latest fidelity score with its gains, and the last ``HISTORY`` scores.
    Before the first score is taken the circle's latest audit stands in, so an audited circle
    always says where it stands (two or three queries, however long the history); a caller
    that holds the circle's latest audit already passes it as ``last_audit``."""
    rows = list(
        db.session.execute(
            select(FidelityScore)
            .where(FidelityScore.circle_id == circle.id)
            .order_by(FidelityScore.taken_on.desc(), FidelityScore.id.desc())
            .limit(HISTORY)
        ).scalars()
    )
    rows.reverse()
    history = tuple(Point(r.taken_on, r.score) for r in rows)
    criteria = m.audit_criteria if m is not None else ()
    if rows:
        latest = rows[-1]
        met = {k: v if isinstance(v, bool) else None for k, v in latest.criteria.items()}
        return FidelityView(
            latest.score, latest.taken_on, fidelity.score(criteria, met).gains, history
        )
    audit = service.latest_audit(circle) if last_audit == "ask" else last_audit
    if audit is None or audit.fidelity is None:
        return FidelityView(None, None, (), history)
    met = service.met_by_key(service.findings_of(audit))
    return FidelityView(
        audit.fidelity, audit.period_end, fidelity.score(criteria, met).gains, history
    )
