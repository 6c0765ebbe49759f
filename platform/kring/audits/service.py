"""Commands and read models of quality audits: opening an audit with its automatic findings,
the coach's typed evidence and submitting it (the trainer's review and the follow-up actions
are ``kring.audits.review``).

An audit moves one way: open (the coach or project leader adds evidence) -> submitted (the
trainer's turn) -> reviewed. Every audit is kept. Who may do which step on which audit is
decided by ``kring.access.policy`` for the circle's people and here for the trainer, whose
reach is a methodology (a ``TrainerGrant``), not a tenant; every refusal is a ``Refused``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kring.audits import checks, fidelity
from kring.audits.models import Audit, AuditFinding, AuditStatus, FollowUpAction
from kring.circles.models import Circle
from kring.core.accounts import User
from kring.core.db import today as local_today
from kring.core.db import utcnow
from kring.core.methodology import (
    AuditCriterion,
    EvidenceField,
    Finding,
    Methodology,
    Phrase,
    Unmet,
)
from kring.core.rules import Refused, refusal
from kring.extensions import db

EVIDENCE_DAYS = timedelta(days=42)
"""How long the coach has to add evidence after an audit opens: six weeks, room for one
quality conversation in the circle."""
TEXT_MAX = 1000
"""The longest follow-up action and remark."""
SCORE_RANGE = range(0, 101)


# --- opening ---------------------------------------------------------------------------------


def open_audit(
    circle: Circle,
    methodology: Methodology,
    start: date,
    end: date,
    findings: Mapping[str, Finding] | None = None,
    opened_on: date | None = None,
    *,
    known_new: bool = False,
) -> Audit | None:
    """Open the circle's audit over ``start`` .. ``end`` with the automatic ``findings`` (by
    criterion key; judged here through ``checks.judge_all`` when not given: a caller opening
    many audits judges them all at once) and an empty row for each manual criterion; ``None``
    when that audit is already open. The unique key (circle, period start) makes a second
    opening a no-op even when two schedulers race: the loser's insert is rolled back to its
    savepoint. ``known_new`` skips the look-up for a caller that looked for the whole tenant
    at once."""
    if not known_new and _existing(circle.id, start) is not None:
        return None
    if findings is None:
        findings = checks.judge_all([circle], methodology, start, end)[circle.id]
    opened = opened_on or local_today()
    audit = Audit(
        circle_id=circle.id,
        methodology_key=methodology.key,
        period_start=start,
        period_end=end,
        due_on=opened + EVIDENCE_DAYS,
        status=AuditStatus.open,
        # The day it was opened for, which the next audit is counted from (kring.audits.opening).
        opened_at=datetime.combine(opened, utcnow().timetz()),
    )
    try:
        with db.session.begin_nested():
            db.session.add(audit)
            db.session.flush()
    except IntegrityError:
        return None
    rows = _finding_rows(audit, methodology.audit_criteria, findings)
    db.session.add_all(rows)
    audit.fidelity = fidelity.score(methodology.audit_criteria, met_by_key(rows)).score
    db.session.flush()
    return audit


def _existing(circle_id: int, start: date) -> Audit | None:
    return db.session.execute(
        select(Audit).where(Audit.circle_id == circle_id, Audit.period_start == start)
    ).scalar_one_or_none()


def _finding_rows(
    audit: Audit, criteria: Sequence[AuditCriterion], findings: Mapping[str, Finding]
) -> list[AuditFinding]:
    rows = []
    for criterion in criteria:
        found = findings.get(criterion.key) if criterion.is_automatic else None
        rows.append(
            AuditFinding(
                audit_id=audit.id,
                criterion_key=criterion.key,
                is_automatic=found is not None,
                is_met=found.is_met if found is not None else None,
                params=dict(found.params) if found is not None else {},
                explanation=(
                    {"en": found.explanation.en, "nl": found.explanation.nl}
                    if found is not None
                    else {}
                ),
            )
        )
    return rows


# --- reading ---------------------------------------------------------------------------------


def findings_of(audit: Audit) -> list[AuditFinding]:
    """The audit's findings in the order they were written (the methodology's order)."""
    return list(
        db.session.execute(
            select(AuditFinding).where(AuditFinding.audit_id == audit.id).order_by(AuditFinding.id)
        ).scalars()
    )


def actions_of(audit: Audit) -> list[FollowUpAction]:
    """The trainer's follow-up actions of an audit, soonest due first."""
    return list(
        db.session.execute(
            select(FollowUpAction)
            .where(FollowUpAction.audit_id == audit.id)
            .order_by(FollowUpAction.due_on, FollowUpAction.id)
        ).scalars()
    )


def is_met(finding: AuditFinding) -> bool | None:
    """What counts for a finding: the trainer's verdict where given, else what was found."""
    return finding.trainer_met if finding.trainer_met is not None else finding.is_met


def met_by_key(findings: Sequence[AuditFinding]) -> dict[str, bool | None]:
    """Whether each criterion is met, by key, as the fidelity score reads it."""
    return {f.criterion_key: is_met(f) for f in findings}


def audits_of(circle: Circle) -> list[Audit]:
    """Every audit of a circle, newest period first: the audit history."""
    return list(
        db.session.execute(
            select(Audit)
            .where(Audit.circle_id == circle.id)
            .order_by(Audit.period_start.desc(), Audit.id.desc())
        ).scalars()
    )


def latest_audit(circle: Circle) -> Audit | None:
    """The circle's most recent audit, if it had one."""
    found = audits_of(circle)
    return found[0] if found else None


@dataclass(frozen=True)
class CriterionView:
    """One criterion of an audit as pages and the API read it: the methodology's description
    (``None`` when the methodology no longer has it) and what was found."""

    key: str
    criterion: AuditCriterion | None
    finding: AuditFinding

    @property
    def is_automatic(self) -> bool:
        return self.finding.is_automatic

    @property
    def is_met(self) -> bool | None:
        return is_met(self.finding)

    @property
    def evidence_fields(self) -> tuple[EvidenceField, ...]:
        if self.criterion is None or self.finding.is_automatic:
            return ()
        return self.criterion.evidence

    def explanation(self, locale: str) -> str | None:
        """The automatic finding in words, with its figures."""
        template = self.finding.explanation.get(locale) or self.finding.explanation.get("en")
        return template.format_map(self.finding.params) if template else None


@dataclass(frozen=True)
class AuditView:
    """An audit with each criterion and its finding, and the follow-up actions."""

    audit: Audit
    criteria: tuple[CriterionView, ...]
    actions: tuple[FollowUpAction, ...]

    @property
    def is_open(self) -> bool:
        return self.audit.status is AuditStatus.open

    @property
    def missing(self) -> tuple[CriterionView, ...]:
        """Manual criteria whose evidence is not complete yet."""
        return tuple(
            c
            for c in self.criteria
            if c.evidence_fields and not evidence_complete(c.evidence_fields, c.finding.evidence)
        )


def audit_view(audit: Audit, methodology: Methodology) -> AuditView:
    """The audit as one read model, for the page, the API and the trainer's view."""
    by_key = {c.key: c for c in methodology.audit_criteria}
    criteria = tuple(
        CriterionView(f.criterion_key, by_key.get(f.criterion_key), f) for f in findings_of(audit)
    )
    return AuditView(audit, criteria, tuple(actions_of(audit)))


# --- evidence --------------------------------------------------------------------------------


def clean_evidence(
    criterion: AuditCriterion, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Unmet]]:
    """The evidence for ``criterion`` as stored (booleans, whole numbers, ISO dates, choice
    keys), from typed values or the strings a form sends; an empty value is left out. Every
    field that cannot be read is a reason, and so is a key the criterion does not ask for."""
    fields = {f.key: f for f in criterion.evidence}
    clean: dict[str, Any] = {}
    reasons = [
        refusal(
            "audit.evidence_unknown",
            "{criterion} asks no evidence called {field}",
            "{criterion} vraagt geen onderbouwing met de naam {field}",
            is_input=True,
            criterion=criterion.key,
            field=key,
        )
        for key in values
        if key not in fields
    ]
    for key, field in fields.items():
        raw = values.get(key)
        if raw is None or raw == "":
            continue
        value = _typed(field, raw)
        if value is None:
            reasons.append(
                refusal(
                    "audit.evidence_invalid",
                    "The evidence {field} cannot be read",
                    "De onderbouwing {field} is niet te lezen",
                    is_input=True,
                    field=key,
                )
            )
        else:
            clean[key] = value
    return clean, reasons


def _typed(field: EvidenceField, raw: Any) -> Any:
    if field.kind == "bool":
        if isinstance(raw, bool):
            return raw
        return {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}.get(
            str(raw).strip().lower()
        )
    if field.kind == "int":
        if isinstance(raw, bool):
            return None
        try:
            number = int(str(raw).strip())
        except ValueError:
            return None
        return number if 0 <= number <= 100_000 else None
    if field.kind == "date":
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
            return day.isoformat()
        except ValueError:
            return None
    keys = {key for key, _label in field.choices}
    return raw if isinstance(raw, str) and raw in keys else None


def evidence_complete(fields: Sequence[EvidenceField], evidence: Mapping[str, Any]) -> bool:
    """Whether every evidence field has a value."""
    return all(evidence.get(f.key) is not None for f in fields)


def evidence_met(criterion: AuditCriterion, evidence: Mapping[str, Any]) -> bool | None:
    """A manual criterion is met when its evidence is complete and every yes-or-no question
    in it is answered yes; ``None`` while the evidence is incomplete."""
    if not evidence_complete(criterion.evidence, evidence):
        return None
    return all(evidence[f.key] is True for f in criterion.evidence if f.kind == "bool")


def record_evidence(
    audit: Audit,
    criterion: AuditCriterion,
    values: Mapping[str, Any],
    remark: str | None,
    by: User,
) -> AuditFinding:
    """The coach or project leader records the evidence for one manual criterion (replacing
    what was there) and an optional remark that stays inside the tenant. Refused once the
    audit was submitted, for an automatic criterion, and for evidence that cannot be read."""
    _require_open(audit)
    finding = _finding(audit, criterion.key)
    if finding is None or finding.is_automatic or not criterion.evidence:
        raise Refused(
            [
                refusal(
                    "audit.not_manual",
                    "The data answers this criterion; it takes no evidence",
                    "De gegevens beantwoorden dit criterium; het vraagt geen onderbouwing",
                    is_input=True,
                )
            ]
        )
    clean, reasons = clean_evidence(criterion, values)
    text = (remark or "").strip()
    if len(text) > TEXT_MAX:
        reasons.append(too_long("remark"))
    if reasons:
        raise Refused(reasons)
    finding.evidence = clean
    finding.remark = text or None
    finding.is_met = evidence_met(criterion, clean)
    finding.updated_by_id = by.id
    finding.updated_at = utcnow()
    db.session.flush()
    return finding


def submit(audit: Audit, methodology: Methodology, by: User) -> Audit:
    """The coach or project leader hands the audit to the central trainer. Refused when it
    was submitted before and while a manual criterion's evidence is incomplete (each named)."""
    _require_open(audit)
    missing = audit_view(audit, methodology).missing
    if missing:
        raise Refused(
            [
                refusal(
                    "audit.evidence_missing",
                    "Evidence is still missing for: {criterion}",
                    "Er ontbreekt nog onderbouwing bij: {criterion_nl}",
                    criterion=(c.criterion.title.en if c.criterion else c.key),
                    criterion_nl=(c.criterion.title.nl if c.criterion else c.key),
                )
                for c in missing
            ]
        )
    audit.status = AuditStatus.submitted
    audit.submitted_at = utcnow()
    audit.submitted_by_id = by.id
    audit.fidelity = fidelity_of(audit, findings_of(audit))
    db.session.flush()
    return audit


def _require_open(audit: Audit) -> None:
    if audit.status is not AuditStatus.open:
        raise Refused(
            [
                refusal(
                    "audit.not_open",
                    "This audit was already submitted",
                    "Deze audit is al ingediend",
                )
            ]
        )


def _finding(audit: Audit, key: str) -> AuditFinding | None:
    return db.session.execute(
        select(AuditFinding).where(
            AuditFinding.audit_id == audit.id, AuditFinding.criterion_key == key
        )
    ).scalar_one_or_none()


def too_long(field: str) -> Unmet:
    """A text past ``TEXT_MAX``, refused as input naming its field."""
    return refusal(
        "audit.too_long",
        "{field} may hold at most {max} characters",
        "{field} mag hoogstens {max} tekens bevatten",
        is_input=True,
        field=field,
        max=TEXT_MAX,
    )


def fidelity_of(audit: Audit, findings: Iterable[AuditFinding]) -> int | None:
    """The audit's fidelity from its findings, weighed as its methodology weighs them; a
    criterion the methodology no longer has weighs one."""
    rows = list(findings)
    m = current_app.extensions["kring.plugins"].methodologies().get(audit.methodology_key)
    criteria: tuple[AuditCriterion, ...] = m.audit_criteria if m is not None else ()
    known = {c.key for c in criteria}
    criteria += tuple(
        AuditCriterion(key=f.criterion_key, title=Phrase(en=f.criterion_key, nl=f.criterion_key))
        for f in rows
        if f.criterion_key not in known
    )
    return fidelity.score(criteria, met_by_key(rows)).score
