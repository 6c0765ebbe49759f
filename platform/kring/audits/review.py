"""The central trainer's review of a submitted audit and its follow-up actions: the trainer
scores it, overrules findings where they judge otherwise, and sets actions with due dates,
which the circle's coach or project leader marks done. The trainer's reach is a methodology
(a ``TrainerGrant``), not a tenant, so it is checked here rather than in the need-to-know
policy; every refusal is a ``Refused``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kring.audits.models import Audit, AuditStatus, FollowUpAction
from kring.audits.service import SCORE_RANGE, TEXT_MAX, fidelity_of, findings_of, too_long
from kring.core.accounts import TrainerGrant, User
from kring.core.db import today as local_today
from kring.core.db import utcnow
from kring.core.methodology import Unmet
from kring.core.rules import Refused, refusal
from kring.extensions import db

# --- the trainer's review --------------------------------------------------------------------


def is_trainer_of(user: User, methodology_key: str) -> bool:
    """Whether ``user`` is a central trainer of this methodology (a ``TrainerGrant``)."""
    return (
        db.session.execute(
            select(TrainerGrant.id).where(
                TrainerGrant.user_id == user.id, TrainerGrant.methodology_key == methodology_key
            )
        ).first()
        is not None
    )


@dataclass(frozen=True)
class PlannedAction:
    """A follow-up action the trainer sets: what the circle is to do, by when, and the
    criterion it serves (if one)."""

    text: str
    due_on: date
    criterion_key: str | None = None


def review(
    audit: Audit,
    trainer: User,
    score: int,
    verdicts: Mapping[str, bool | None],
    actions: Sequence[PlannedAction],
    today: date | None = None,
) -> Audit:
    """The central trainer reviews a submitted audit: their score (0 to 100), a verdict per
    criterion where they judge otherwise than the finding (``None`` clears an earlier verdict),
    and follow-up actions due after today. Refused for anyone without a ``TrainerGrant`` of the
    audit's methodology, for an audit not submitted, and for input that cannot be right (all
    reasons at once). The audit's fidelity is taken again with the verdicts."""
    if not is_trainer_of(trainer, audit.methodology_key):
        raise Refused(
            [
                refusal(
                    "audit.not_trainer",
                    "Only a central trainer of this methodology reviews its audits",
                    "Alleen een centrale trainer van deze methodiek beoordeelt haar audits",
                )
            ]
        )
    if audit.status is not AuditStatus.submitted:
        raise Refused(
            [
                refusal(
                    "audit.not_submitted",
                    "Only a submitted audit can be reviewed",
                    "Alleen een ingediende audit kan worden beoordeeld",
                )
            ]
        )
    day = today or local_today()
    findings = {f.criterion_key: f for f in findings_of(audit)}
    reasons = _review_input(score, verdicts, actions, set(findings), day)
    if reasons:
        raise Refused(reasons)
    for key, verdict in verdicts.items():
        findings[key].trainer_met = verdict
    for action in actions:
        db.session.add(
            FollowUpAction(
                audit_id=audit.id,
                criterion_key=action.criterion_key,
                text=action.text.strip(),
                due_on=action.due_on,
                created_by_id=trainer.id,
            )
        )
    audit.score = score
    audit.status = AuditStatus.reviewed
    audit.reviewed_at = utcnow()
    audit.reviewed_by_id = trainer.id
    db.session.flush()
    audit.fidelity = fidelity_of(audit, findings.values())
    db.session.flush()
    return audit


def _review_input(
    score: int,
    verdicts: Mapping[str, bool | None],
    actions: Sequence[PlannedAction],
    criteria: set[str],
    today: date,
) -> list[Unmet]:
    reasons: list[Unmet] = []
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORE_RANGE:
        reasons.append(
            refusal(
                "audit.score_range",
                "The score is a whole number from 0 to 100",
                "De score is een heel getal van 0 tot en met 100",
                is_input=True,
                field="score",
            )
        )
    for key in verdicts:
        if key not in criteria:
            reasons.append(_unknown_criterion(key))
    for number, action in enumerate(actions, start=1):
        text = action.text.strip()
        if not text:
            reasons.append(
                refusal(
                    "audit.action_empty",
                    "Follow-up action {number} says nothing to do",
                    "Vervolgactie {number} zegt niet wat er moet gebeuren",
                    is_input=True,
                    number=number,
                )
            )
        elif len(text) > TEXT_MAX:
            reasons.append(too_long("text"))
        if action.due_on <= today:
            reasons.append(
                refusal(
                    "audit.action_due",
                    "Follow-up action {number} is due after today",
                    "Vervolgactie {number} moet na vandaag af zijn",
                    is_input=True,
                    number=number,
                )
            )
        if action.criterion_key is not None and action.criterion_key not in criteria:
            reasons.append(_unknown_criterion(action.criterion_key))
    return reasons


def _unknown_criterion(key: str) -> Unmet:
    return refusal(
        "audit.unknown_criterion",
        "This audit has no criterion {criterion}",
        "Deze audit heeft geen criterium {criterion}",
        is_input=True,
        criterion=key,
    )


# --- follow-up actions -----------------------------------------------------------------------


def mark_done(action: FollowUpAction, by: User) -> FollowUpAction:
    """The circle's coach or project leader marks a follow-up action done (once: a second
    mark keeps the first date)."""
    if action.done_at is None:
        action.done_at = utcnow()
        action.done_by_id = by.id
        db.session.flush()
    return action
