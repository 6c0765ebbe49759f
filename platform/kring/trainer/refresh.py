"""Writing the trainer's facts: one tenant's circles, read in that tenant's scope, turned into
what a central trainer may know (``kring.trainer.models``).

This is the only code that reads a tenant's own tables for the trainer, and it reads them the
way a report does: a handful of queries for the whole tenant (never one per circle), then
arithmetic. What it writes holds no name, address, note or free text: neighbourhood names for
labels, phases, counts, scores, dates and criterion keys.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, delete, insert, select, update

from kring.audits.models import Audit, AuditFinding, FidelityScore
from kring.circles.models import Circle, CircleMember, MemberStatus
from kring.core.db import Model, utcnow
from kring.core.methodology import Methodology, Trained
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.people.models import Neighbourhood
from kring.surveys.models import SurveyResponse
from kring.trainer.models import (
    CircleFact,
    CircleMonth,
    CircleOutcome,
    CircleTraining,
    TenantFact,
    TenantMonth,
)
from kring.trainings.models import TrainingRecord

SMALL = 5
"""Fewer members than this is a small circle (and a count a trainer is not shown)."""

SMALL_FOR_MONTHS = 3
"""A circle small this many months in a row is an outlier."""
FIDELITY_DROP = 10
"""A fall of this many points between two scores is an outlier."""
WAITING = "submitted"
"""The audit status that waits for the trainer's review."""
OVERDUE = ("open", "submitted")
"""Audit statuses that are overdue once their due day has passed."""

HISTORY_MONTHS = 12
OUTCOME_DAYS = 365


@dataclass(frozen=True)
class Membership:
    """One membership as the refresh needs it: who, in which role, from when to when."""

    circle_id: int
    person_id: int
    role: str
    status: MemberStatus
    joined_on: date
    left_on: date | None

    def counts_on(self, day: date) -> bool:
        """Whether this membership made the circle's size on ``day``: joined by then, not yet
        left, and past the candidate stage (a candidate never counted)."""
        if self.status is MemberStatus.candidate:
            return False
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)


def month_starts(today: date, months: int = HISTORY_MONTHS) -> list[date]:
    """The first days of the last ``months`` months, oldest first, this month included."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def month_end(start: date, today: date) -> date:
    """The last day of the month starting ``start``, or today for the running month."""
    following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return min(following - timedelta(days=1), today)


def circle_code(tenant: Tenant, circle_id: int) -> str:
    """A code to say aloud (``HOE-0012``): the tenant's first letters and the circle's number."""
    return f"{tenant.slug[:3].upper()}-{circle_id:04d}"


def refresh_tenant(tenant: Tenant, methodologies: Mapping[str, Methodology], today: date) -> int:
    """Write the trainer's facts and last year's monthly history for every circle of
    ``tenant`` run by one of ``methodologies``, and drop facts of circles that are gone.

    Why per tenant: the tenant's data is read in its own scope, like any other job, so the two
    walls hold; only the facts cross into the global tables. Returns the circles written."""
    with tenant_scope(tenant):
        circles = db.session.execute(
            select(
                Circle.id,
                Circle.methodology_key,
                Circle.phase,
                Neighbourhood.name.label("neighbourhood"),
            )
            .join(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
            .where(Circle.methodology_key.in_(list(methodologies)))
            .order_by(Circle.id)
        ).all()
        circle_ids = [c.id for c in circles]
        members = memberships()
        fidelity = _fidelity_history()
        audits = _latest_audits()
        findings = _findings([a.id for a in audits.values()])
        outcomes = _outcomes(members, today)
        trained_people = _trained_people()
    by_circle: dict[int, list[Membership]] = defaultdict(list)
    for membership in members:
        by_circle[membership.circle_id].append(membership)
    starts = month_starts(today)
    now = utcnow()
    facts: list[dict[str, Any]] = []
    months: list[dict[str, Any]] = []
    outcome_rows: list[dict[str, Any]] = []
    training_rows: list[dict[str, Any]] = []
    for circle in circles:
        methodology = methodologies[circle.methodology_key]
        size_role = methodology.size_rule.role
        sized = [m for m in by_circle[circle.id] if m.role == size_role]
        scores = fidelity.get(circle.id, [])
        history = []
        for start in starts:
            end = month_end(start, today)
            size = sum(1 for m in sized if m.counts_on(end))
            score = next((s for taken_on, s in reversed(scores) if taken_on <= end), None)
            history.append((start, size, score))
            months.append(
                {
                    "methodology_key": circle.methodology_key,
                    "tenant_id": tenant.id,
                    "circle_id": circle.id,
                    "month": start,
                    "size": size,
                    "fidelity": score,
                }
            )
        audit = audits.get(circle.id)
        key = {"methodology_key": circle.methodology_key, "tenant_id": tenant.id}
        for survey_key, (average, answers) in outcomes.get(circle.id, {}).items():
            outcome_rows.append(
                {
                    **key,
                    "circle_id": circle.id,
                    "survey_key": survey_key,
                    "average": average,
                    "answers": answers,
                }
            )
        for role, (trained, total) in _trained(
            methodology, by_circle[circle.id], trained_people
        ).items():
            training_rows.append(
                {**key, "circle_id": circle.id, "role": role, "trained": trained, "total": total}
            )
        facts.append(
            {
                "methodology_key": circle.methodology_key,
                "tenant_id": tenant.id,
                "circle_id": circle.id,
                "code": circle_code(tenant, circle.id),
                "label": circle.neighbourhood,
                "phase": circle.phase,
                "size": history[-1][1],
                "fidelity": scores[-1][1] if scores else None,
                "fidelity_before": scores[-2][1] if len(scores) > 1 else None,
                "audit_id": audit.id if audit else None,
                "audit_status": str(audit.status) if audit else None,
                "audit_due_on": audit.due_on if audit else None,
                "audit_period_end": audit.period_end if audit else None,
                "audit_score": audit.score if audit else None,
                "audit_submitted_at": audit.submitted_at if audit else None,
                "findings": findings.get(audit.id, {}) if audit else {},
                "months_small": _months_small([size for _, size, _ in history]),
                "refreshed_at": now,
            }
        )
    for fact in facts:
        fact["is_outlier"] = is_outlier(fact, today)
    totals = tenant_totals(tenant.id, facts, months, outcome_rows, training_rows, today)
    _replace(tenant.id, circle_ids, starts[0], facts, months, outcome_rows, training_rows)
    _replace_totals(tenant.id, *totals)
    return len(facts)


def is_overdue(fact: Mapping[str, Any], today: date) -> bool:
    """An audit still open or waiting after its due day: the trainer chases it."""
    due = fact["audit_due_on"]
    return fact["audit_status"] in OVERDUE and due is not None and due < today


def is_outlier(fact: Mapping[str, Any], today: date) -> bool:
    """Small for months, a fidelity dropping, or an audit overdue: as ``read.outliers`` asks."""
    before, now = fact["fidelity_before"], fact["fidelity"]
    dropped = before is not None and now is not None and before - now >= FIDELITY_DROP
    return fact["months_small"] >= SMALL_FOR_MONTHS or dropped or is_overdue(fact, today)


def tenant_totals(
    tenant_id: int,
    facts: Iterable[Mapping[str, Any]],
    months: Iterable[Mapping[str, Any]],
    outcomes: Iterable[Mapping[str, Any]],
    trainings: Iterable[Mapping[str, Any]],
    today: date,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A tenant's circle facts added up per methodology (``TenantFact``), and per methodology
    and month (``TenantMonth``): the rows the overview, the trend and the benchmark read."""
    totals: dict[str, dict[str, Any]] = {}

    def of(key: str) -> dict[str, Any]:
        if key not in totals:
            totals[key] = {
                "methodology_key": key,
                "tenant_id": tenant_id,
                **dict.fromkeys(
                    ("circles", "members", "fidelity_sum", "fidelity_count", "small"), 0
                ),
                **dict.fromkeys(("overdue", "waiting", "outliers"), 0),
                "phases": defaultdict(int),
                "outcomes": defaultdict(lambda: [0.0, 0]),
                "trained": defaultdict(lambda: [0, 0]),
            }
        return totals[key]

    for fact in facts:
        row = of(fact["methodology_key"])
        row["circles"] += 1
        row["members"] += fact["size"]
        if fact["fidelity"] is not None:
            row["fidelity_sum"] += fact["fidelity"]
            row["fidelity_count"] += 1
        row["small"] += fact["size"] < SMALL
        row["overdue"] += is_overdue(fact, today)
        row["waiting"] += fact["audit_status"] == WAITING
        row["outliers"] += is_outlier(fact, today)
        row["phases"][fact["phase"]] += 1
    for outcome in outcomes:
        pair = of(outcome["methodology_key"])["outcomes"][outcome["survey_key"]]
        pair[0] += outcome["average"] * outcome["answers"]
        pair[1] += outcome["answers"]
    for training in trainings:
        pair = of(training["methodology_key"])["trained"][training["role"]]
        pair[0] += training["trained"]
        pair[1] += training["total"]
    by_month: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0])
    for month in months:
        added = by_month[(month["methodology_key"], month["month"])]
        added[0] += month["size"]
        if month["fidelity"] is not None:
            added[1] += month["fidelity"]
            added[2] += 1
    tenant_rows = [
        {**row, **{k: dict(row[k]) for k in ("phases", "outcomes", "trained")}}
        for row in totals.values()
    ]
    month_rows = [
        {
            "methodology_key": key,
            "tenant_id": tenant_id,
            "month": month,
            "members": members,
            "fidelity_sum": fidelity_sum,
            "fidelity_count": fidelity_count,
        }
        for (key, month), (members, fidelity_sum, fidelity_count) in sorted(by_month.items())
    ]
    return tenant_rows, month_rows


def _replace(
    tenant_id: int,
    circle_ids: list[int],
    since: date,
    facts: list[dict[str, Any]],
    months: list[dict[str, Any]],
    outcomes: list[dict[str, Any]],
    trainings: list[dict[str, Any]],
) -> None:
    """Swap the tenant's facts and recent months for the new ones in one transaction: bulk
    statements, so a tenant of thousands of circles costs a few round trips. A circle keeps
    its fact's id from one refresh to the next, so the trainer's links and bookmarks to it
    hold; the facts of circles that are gone go."""
    known = dict(
        db.session.execute(
            select(CircleFact.circle_id, CircleFact.id).where(CircleFact.tenant_id == tenant_id)
        ).all()
    )
    db.session.execute(
        delete(CircleFact).where(
            CircleFact.tenant_id == tenant_id, CircleFact.circle_id.not_in(circle_ids or [0])
        )
    )
    kept = [{**f, "id": known[f["circle_id"]]} for f in facts if f["circle_id"] in known]
    if kept:
        db.session.execute(update(CircleFact), kept)
    facts = [f for f in facts if f["circle_id"] not in known]
    db.session.execute(delete(CircleOutcome).where(CircleOutcome.tenant_id == tenant_id))
    db.session.execute(delete(CircleTraining).where(CircleTraining.tenant_id == tenant_id))
    db.session.execute(
        delete(CircleMonth).where(
            CircleMonth.tenant_id == tenant_id,
            (CircleMonth.month >= since) | CircleMonth.circle_id.not_in(circle_ids or [0]),
        )
    )
    _insert(CircleFact, facts)
    _insert(CircleMonth, months)
    _insert(CircleOutcome, outcomes)
    _insert(CircleTraining, trainings)


def _insert(table: type[Model], rows: list[dict[str, Any]]) -> None:
    """One INSERT of ``rows`` (an executemany) through the table, not the ORM's bulk insert,
    which goes over every row's keys again and leaves a None out to let a default apply: rows
    lacking different things (an audit, a score) became separate statements there, one a
    circle. Every None here means NULL, and the defaults are of keys the refresh always gives."""
    if rows:
        db.session.execute(insert(typing.cast(Table, table.__table__)), rows)


def _replace_totals(
    tenant_id: int, tenant_rows: list[dict[str, Any]], month_rows: list[dict[str, Any]]
) -> None:
    """Swap the tenant's added-up rows for the new ones."""
    db.session.execute(delete(TenantFact).where(TenantFact.tenant_id == tenant_id))
    db.session.execute(delete(TenantMonth).where(TenantMonth.tenant_id == tenant_id))
    _insert(TenantFact, tenant_rows)
    _insert(TenantMonth, month_rows)


def _months_small(sizes: list[int]) -> int:
    """How many of the latest months in a row the circle was small."""
    count = 0
    for size in reversed(sizes):
        if size >= SMALL:
            break
        count += 1
    return count


def memberships() -> list[Membership]:
    """Every membership of the current tenant, as the facts need them (also the research
    export's)."""
    rows = db.session.execute(
        select(
            CircleMember.circle_id,
            CircleMember.person_id,
            CircleMember.role,
            CircleMember.status,
            CircleMember.joined_on,
            CircleMember.left_on,
        )
    ).all()
    return [Membership(*row) for row in rows]


def _fidelity_history() -> dict[int, list[tuple[date, int]]]:
    history: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = db.session.execute(
        select(FidelityScore.circle_id, FidelityScore.taken_on, FidelityScore.score).order_by(
            FidelityScore.taken_on, FidelityScore.id
        )
    )
    for circle_id, taken_on, score in rows:
        history[circle_id].append((taken_on, score))
    return history


def _latest_audits() -> dict[int, Audit]:
    """Each circle's latest audit (by period): the one whose standing a trainer follows."""
    latest: dict[int, Audit] = {}
    for audit in db.session.execute(select(Audit).order_by(Audit.period_start, Audit.id)).scalars():
        latest[audit.circle_id] = audit
    return latest


def _findings(audit_ids: list[int]) -> dict[int, dict[str, bool | None]]:
    """Met or not per criterion, the trainer's verdict first: never the evidence or remark."""
    verdicts: dict[int, dict[str, bool | None]] = defaultdict(dict)
    if not audit_ids:
        return verdicts
    rows = db.session.execute(
        select(
            AuditFinding.audit_id,
            AuditFinding.criterion_key,
            AuditFinding.is_met,
            AuditFinding.trainer_met,
        ).where(AuditFinding.audit_id.in_(audit_ids))
    )
    for audit_id, key, is_met, trainer_met in rows:
        verdicts[audit_id][key] = trainer_met if trainer_met is not None else is_met
    return verdicts


def score_of(scores: Mapping[str, Any]) -> float | None:
    """The one number a response scores: its total, or its only numeric score."""
    total = scores.get("total")
    if isinstance(total, int | float) and not isinstance(total, bool):
        return float(total)
    numbers = [v for v in scores.values() if isinstance(v, int | float) and not isinstance(v, bool)]
    return float(numbers[0]) if len(numbers) == 1 else None


def _outcomes(
    members: Iterable[Membership], today: date
) -> dict[int, dict[str, tuple[float, int]]]:
    """Per circle and survey, the average score of the last year's answers of its active
    members, with how many answers it rests on."""
    circles_of: dict[int, set[int]] = defaultdict(set)
    for membership in members:
        if membership.counts_on(today):
            circles_of[membership.person_id].add(membership.circle_id)
    sums: dict[tuple[int, str], list[float]] = defaultdict(list)
    rows = db.session.execute(
        select(SurveyResponse.person_id, SurveyResponse.survey_key, SurveyResponse.scores).where(
            SurveyResponse.taken_on > today - timedelta(days=OUTCOME_DAYS)
        )
    )
    for person_id, survey_key, scores in rows:
        score = score_of(scores or {})
        if score is None:
            continue
        for circle_id in circles_of.get(person_id, ()):
            sums[(circle_id, survey_key)].append(score)
    outcomes: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    for (circle_id, survey_key), values in sums.items():
        outcomes[circle_id][survey_key] = (round(sum(values) / len(values), 2), len(values))
    return outcomes


def _trained_people() -> set[tuple[int, str]]:
    rows = db.session.execute(select(TrainingRecord.person_id, TrainingRecord.training_key))
    return {(person_id, key) for person_id, key in rows}


def _trained(
    methodology: Methodology, members: list[Membership], trained: set[tuple[int, str]]
) -> dict[str, tuple[int, int]]:
    """For each role the methodology trains (a role's ``needs_training`` and its ``Trained``
    requirements), how many of the circle's active members in that role hold every training."""
    needs: dict[str, set[str]] = defaultdict(set)
    for spec in methodology.roles:
        needs[spec.key].update(spec.needs_training)
    for requirement in methodology.requirements:
        if isinstance(requirement, Trained):
            needs[requirement.role].add(requirement.training)
    today_members = [m for m in members if m.left_on is None and m.status is MemberStatus.active]
    status: dict[str, tuple[int, int]] = {}
    for role, trainings in needs.items():
        if not trainings:
            continue
        holders = {m.person_id for m in today_members if m.role == role}
        done = {p for p in holders if all((p, t) in trained for t in trainings)}
        status[role] = (len(done), len(holders))
    return status
