"""The trainer's audit review: one audit read inside its own tenant, shown as criteria, the
automatic figures and the typed evidence, never the coach's remark.

Reading an audit is the one time a trainer's page enters a tenant: the audit lives in that
tenant's tables, so the page enters its scope with ``tenant_scope`` (the two walls hold; the
fact's own tenant id is the only way in) and writes a journal entry there, so the tenant sees
which trainer read which audit. What leaves the scope is an ``AuditView``: keys, verdicts,
numbers, dates and the methodology's own words, built field by field from the criteria's
typed evidence, so free text has no way out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from kring.audits import review as audits
from kring.audits.models import Audit, AuditFinding, FollowUpAction
from kring.audits.review import PlannedAction
from kring.core import journal
from kring.core.accounts import User
from kring.core.methodology import AuditCriterion, EvidenceField, Methodology
from kring.core.tenancy import Tenant, get_in_tenant, tenant_scope
from kring.extensions import db
from kring.trainer import service

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Evidence:
    """One typed evidence field in words: its label and its value."""

    label: str
    value: str


@dataclass(frozen=True)
class FindingView:
    """One criterion of the audit as the trainer reads it."""

    criterion_key: str
    title: str
    is_automatic: bool
    is_met: bool | None
    trainer_met: bool | None
    explanation: str
    figures: dict[str, int | float | str]
    evidence: list[Evidence]
    advice: str | None


@dataclass(frozen=True)
class ActionView:
    """A follow-up action of the audit: which criterion, by when, whether it is done."""

    criterion_key: str | None
    due_on: date
    is_done: bool


@dataclass(frozen=True)
class AuditView:
    """An audit as the trainer reads it: period, standing, scores, findings and actions."""

    audit_id: int
    tenant_id: int
    period_start: date
    period_end: date
    due_on: date
    status: str
    fidelity: int | None
    score: int | None
    findings: list[FindingView]
    actions: list[ActionView]

    @property
    def is_waiting(self) -> bool:
        return self.status == "submitted"


def _figures(params: dict[str, object]) -> dict[str, int | float | str]:
    """The numbers and dates behind an automatic finding; anything else is left out."""
    shown: dict[str, int | float | str] = {}
    for key, value in (params or {}).items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float) or (isinstance(value, str) and _is_iso_date(value)):
            shown[key] = value
    return shown


def _is_iso_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _evidence(
    criterion: AuditCriterion | None,
    values: dict[str, object],
    locale: str,
    yes_no: tuple[str, str],
) -> list[Evidence]:
    """Each typed evidence field the criterion declares, its value coerced to its kind; a value
    of the wrong kind (or a key the criterion does not declare) is not shown."""
    if criterion is None:
        return []
    shown = []
    for field in criterion.evidence:
        text = _typed(field, (values or {}).get(field.key), locale, yes_no)
        if text is not None:
            shown.append(Evidence(field.label.render(locale), text))
    return shown


def _typed(field: EvidenceField, value: object, locale: str, yes_no: tuple[str, str]) -> str | None:
    if value is None:
        return None
    if field.kind == "bool":
        return (yes_no[0] if value else yes_no[1]) if isinstance(value, bool) else None
    if field.kind == "int":
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else None
    if field.kind == "date":
        return value if isinstance(value, str) and _is_iso_date(value) else None
    labels = dict(field.choices)
    return labels[value].render(locale) if isinstance(value, str) and value in labels else None


def read_audit(
    tenant_id: int,
    audit_id: int,
    methodology: Methodology,
    reader: User,
    locale: str,
    yes_no: tuple[str, str],
) -> AuditView | None:
    """The audit, read in its tenant's scope and journaled there, or None when it is gone or
    belongs to another methodology."""
    with tenant_scope(tenant_id):
        audit = get_in_tenant(Audit, audit_id)
        if audit is None or audit.methodology_key != methodology.key:
            return None
        log.info("trainer %s reads audit %s of tenant %s", reader.id, audit_id, tenant_id)
        journal.record("trainer.audit_read", audit, reader.id)
        findings = db.session.execute(
            select(AuditFinding)
            .where(AuditFinding.audit_id == audit.id)
            .order_by(AuditFinding.criterion_key)
        ).scalars()
        criteria = {c.key: c for c in methodology.audit_criteria}
        order = {c.key: i for i, c in enumerate(methodology.audit_criteria)}
        views = [
            FindingView(
                criterion_key=f.criterion_key,
                title=criteria[f.criterion_key].title.render(locale)
                if f.criterion_key in criteria
                else f.criterion_key,
                is_automatic=f.is_automatic,
                is_met=f.is_met,
                trainer_met=f.trainer_met,
                explanation=(f.explanation or {}).get(locale, "") if f.is_automatic else "",
                figures=_figures(f.params) if f.is_automatic else {},
                evidence=_evidence(criteria.get(f.criterion_key), f.evidence, locale, yes_no),
                advice=a.render(locale)
                if (a := getattr(criteria.get(f.criterion_key), "advice", None))
                else None,
            )
            for f in findings
        ]
        views.sort(key=lambda v: order.get(v.criterion_key, len(order)))
        actions = [
            ActionView(a.criterion_key, a.due_on, a.done_at is not None)
            for a in db.session.execute(
                select(FollowUpAction)
                .where(FollowUpAction.audit_id == audit.id)
                .order_by(FollowUpAction.due_on)
            ).scalars()
        ]
        return AuditView(
            audit_id=audit.id,
            tenant_id=tenant_id,
            period_start=audit.period_start,
            period_end=audit.period_end,
            due_on=audit.due_on,
            status=str(audit.status),
            fidelity=audit.fidelity,
            score=audit.score,
            findings=views,
            actions=actions,
        )


def give_review(
    tenant_id: int,
    audit_id: int,
    methodology: Methodology,
    trainer: User,
    score: int,
    verdicts: Mapping[str, bool | None],
    actions: Sequence[PlannedAction],
    today: date,
) -> bool:
    """The trainer's review of one audit, given inside the audit's tenant: the audits service
    decides whether it may be given (raising ``Refused`` with every reason), the tenant's
    journal says which trainer gave it, and the circle's trainer facts are written again at
    once so the review queue no longer lists it. False when the audit is gone or belongs to
    another methodology (the caller answers 404)."""
    with tenant_scope(tenant_id):
        audit = get_in_tenant(Audit, audit_id)
        if audit is None or audit.methodology_key != methodology.key:
            return False
        audits.review(audit, trainer, score, verdicts, actions, today)
        journal.record("trainer.audit_reviewed", audit, trainer.id, score=score)
        tenant = db.session.get(Tenant, tenant_id)
        assert tenant is not None  # the audit was found in it
        service.refresh_tenant(tenant, current_app.extensions["kring.plugins"], today)
    return True
