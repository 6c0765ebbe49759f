"""The one way out of the trainer's facts: aggregates and circle-level facts, pseudonymised by
construction.

Everything here reads the trainer area's global tables (``kring.trainer.models``), which hold no
name, address, note or free text to begin with; and every number that counts residents (a
circle's size, the answers an average rests on) leaves as a ``Count`` that says "fewer than 5"
instead of the number when it is under five, and an average over fewer than five answers is not
given at all. Pages, API responses and charts render these read models and nothing else, so
the rule is written once.

Who may read which methodology is decided before (``kring.trainer.views``); every function
takes the methodology key and returns only that methodology's circles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select

from kring.core.paging import Page, read_page
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.trainer.models import CircleFact, CircleMonth, CircleOutcome, CircleTraining
from kring.trainer.refresh import SMALL

SMALL_FOR_MONTHS = 3
"""A circle small this many months in a row is an outlier."""
FIDELITY_DROP = 10
"""A fall of this many points between two scores is an outlier."""
WAITING = "submitted"
"""The audit status that waits for the trainer's review."""


@dataclass(frozen=True)
class Count:
    """A number of people, shown only when it is five or more: ``value`` is None otherwise,
    so no template or API can print a small circle's count by mistake."""

    value: int | None

    @classmethod
    def of(cls, number: int | None) -> Count:
        return cls(number if number is not None and number >= SMALL else None)

    @property
    def is_suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Average:
    """An average score and the answers behind it; no average over fewer than five answers."""

    value: float | None
    answers: Count

    @classmethod
    def of(cls, average: float | None, answers: int | None) -> Average:
        shown = Count.of(answers)
        value = None if shown.is_suppressed or average is None else round(float(average), 1)
        return cls(value, shown)


@dataclass(frozen=True)
class Outcome:
    """A survey's average for a circle, a tenant or the methodology."""

    survey_key: str
    average: Average


@dataclass(frozen=True)
class Training:
    """Whether the members of a trained role (coach, project leader) hold their trainings:
    ``all``, ``some``, ``none``, or ``nobody`` in that role; a state, not a count, so a circle's
    one coach is never a number of one."""

    role: str
    state: str


@dataclass(frozen=True)
class CircleRow:
    """One circle as a trainer sees it."""

    id: int
    tenant_id: int
    tenant_name: str
    code: str
    label: str
    phase: str
    size: Count
    fidelity: int | None
    fidelity_before: int | None
    audit_status: str | None
    audit_due_on: date | None
    audit_score: int | None
    is_audit_overdue: bool
    months_small: int
    findings: dict[str, bool | None]

    @property
    def is_fidelity_dropping(self) -> bool:
        return (
            self.fidelity is not None
            and self.fidelity_before is not None
            and self.fidelity_before - self.fidelity >= FIDELITY_DROP
        )


@dataclass(frozen=True)
class CircleDetail:
    """One circle with its outcomes, training states and its last year, month by month."""

    circle: CircleRow
    outcomes: list[Outcome]
    trainings: list[Training]
    months: list[MonthPoint]


@dataclass(frozen=True)
class MonthPoint:
    """One month of a circle's history: its size (suppressed under five) and fidelity."""

    month: date
    size: Count
    fidelity: float | None


@dataclass(frozen=True)
class TenantRow:
    """One tenant's circles of the methodology, side by side with the others."""

    tenant_id: int
    name: str
    circles: int
    members: Count
    average_fidelity: float | None
    small_circles: int
    audits_overdue: int
    audits_waiting: int
    phases: dict[str, int]
    outcomes: list[Outcome]
    trained: dict[str, tuple[Count, Count]]
    """Per trained role: (members trained, members in the role), each a ``Count``."""


@dataclass(frozen=True)
class Overview:
    """The methodology across every tenant: totals, tenants side by side, the circles by phase,
    and how many circles stand out."""

    methodology_key: str
    circles: int
    members: Count
    average_fidelity: float | None
    phases: dict[str, int]
    tenants: list[TenantRow]
    outcomes: list[Outcome]
    outliers: int
    audits_waiting: int


@dataclass(frozen=True)
class Filters:
    """What narrows the circle list; every field optional."""

    tenant_id: int | None = None
    phase: str | None = None
    audit_status: str | None = None
    fidelity_below: int | None = None
    is_small: bool = False


def _overdue(today: date) -> Any:
    return and_(CircleFact.audit_status.in_(("open", "submitted")), CircleFact.audit_due_on < today)


def _row(fact: CircleFact, tenant_name: str, today: date) -> CircleRow:
    return CircleRow(
        id=fact.id,
        tenant_id=fact.tenant_id,
        tenant_name=tenant_name,
        code=fact.code,
        label=fact.label,
        phase=fact.phase,
        size=Count.of(fact.size),
        fidelity=fact.fidelity,
        fidelity_before=fact.fidelity_before,
        audit_status=fact.audit_status,
        audit_due_on=fact.audit_due_on,
        audit_score=fact.audit_score,
        is_audit_overdue=fact.audit_status in ("open", "submitted")
        and fact.audit_due_on is not None
        and fact.audit_due_on < today,
        months_small=fact.months_small,
        findings=dict(fact.findings or {}),
    )


def _circles_of(methodology_key: str) -> Select[CircleFact, str]:
    return (
        select(CircleFact, Tenant.name)
        .join(Tenant, Tenant.id == CircleFact.tenant_id)
        .where(CircleFact.methodology_key == methodology_key)
    )


def overview(methodology_key: str, today: date) -> Overview:
    """The trainer's first page: a few grouped queries however many circles there are."""
    per_tenant = db.session.execute(
        select(
            CircleFact.tenant_id,
            Tenant.name,
            func.count(),
            func.sum(CircleFact.size),
            func.avg(CircleFact.fidelity),
            func.sum(case((CircleFact.size < SMALL, 1), else_=0)),
            func.sum(case((_overdue(today), 1), else_=0)),
            func.sum(case((CircleFact.audit_status == WAITING, 1), else_=0)),
        )
        .join(Tenant, Tenant.id == CircleFact.tenant_id)
        .where(CircleFact.methodology_key == methodology_key)
        .group_by(CircleFact.tenant_id, Tenant.name)
        .order_by(Tenant.name)
    ).all()
    phases: dict[int, dict[str, int]] = defaultdict(dict)
    for tenant_id, phase, count in db.session.execute(
        select(CircleFact.tenant_id, CircleFact.phase, func.count())
        .where(CircleFact.methodology_key == methodology_key)
        .group_by(CircleFact.tenant_id, CircleFact.phase)
    ):
        phases[tenant_id][phase] = count
    outcomes = _outcomes_by_tenant(methodology_key)
    trained = _trained_by_tenant(methodology_key)
    outliers = db.session.execute(
        select(func.count())
        .select_from(CircleFact)
        .where(CircleFact.methodology_key == methodology_key, _outlier(today))
    ).scalar_one()
    tenants = [
        TenantRow(
            tenant_id=tenant_id,
            name=name,
            circles=circles,
            members=Count.of(members),
            average_fidelity=_rounded(fidelity),
            small_circles=small or 0,
            audits_overdue=overdue or 0,
            audits_waiting=waiting or 0,
            phases=phases[tenant_id],
            outcomes=[
                Outcome(key, Average.of(total / answers if answers else None, answers))
                for key, (total, answers) in sorted(outcomes[tenant_id].items())
            ],
            trained={
                role: (Count.of(done), Count.of(total))
                for role, (done, total) in sorted(trained[tenant_id].items())
            },
        )
        for tenant_id, name, circles, members, fidelity, small, overdue, waiting in per_tenant
    ]
    all_phases: dict[str, int] = defaultdict(int)
    all_outcomes: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for tenant_id, by_phase in phases.items():
        for phase, count in by_phase.items():
            all_phases[phase] += count
        for key, (total, answers) in outcomes[tenant_id].items():
            all_outcomes[key][0] += total
            all_outcomes[key][1] += answers
    fidelities = [(t.average_fidelity, t.circles) for t in tenants if t.average_fidelity]
    return Overview(
        methodology_key=methodology_key,
        circles=sum(t.circles for t in tenants),
        members=Count.of(sum(row[3] or 0 for row in per_tenant)),
        average_fidelity=_weighted(fidelities),
        phases=dict(all_phases),
        tenants=tenants,
        outcomes=[
            Outcome(key, Average.of(total / answers if answers else None, int(answers)))
            for key, (total, answers) in sorted(all_outcomes.items())
        ],
        outliers=outliers,
        audits_waiting=sum(t.audits_waiting for t in tenants),
    )


def _rounded(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _weighted(pairs: Sequence[tuple[float | None, int]]) -> float | None:
    weight = sum(n for value, n in pairs if value is not None)
    if not weight:
        return None
    return round(sum(value * n for value, n in pairs if value is not None) / weight, 1)


def _outcomes_by_tenant(
    methodology_key: str, tenant_id: int | None = None
) -> dict[int, dict[str, tuple[float, int]]]:
    """Per tenant and survey: the sum of scores and the number of answers (so an average over
    tenants weighs every answer once)."""
    query = (
        select(
            CircleOutcome.tenant_id,
            CircleOutcome.survey_key,
            func.sum(CircleOutcome.average * CircleOutcome.answers),
            func.sum(CircleOutcome.answers),
        )
        .where(CircleOutcome.methodology_key == methodology_key)
        .group_by(CircleOutcome.tenant_id, CircleOutcome.survey_key)
    )
    if tenant_id is not None:
        query = query.where(CircleOutcome.tenant_id == tenant_id)
    found: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    for tenant, survey_key, total, answers in db.session.execute(query):
        found[tenant][survey_key] = (float(total or 0), int(answers or 0))
    return found


def _trained_by_tenant(methodology_key: str) -> dict[int, dict[str, tuple[int, int]]]:
    found: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for tenant_id, role, done, total in db.session.execute(
        select(
            CircleTraining.tenant_id,
            CircleTraining.role,
            func.sum(CircleTraining.trained),
            func.sum(CircleTraining.total),
        )
        .where(CircleTraining.methodology_key == methodology_key)
        .group_by(CircleTraining.tenant_id, CircleTraining.role)
    ):
        found[tenant_id][role] = (int(done or 0), int(total or 0))
    return found


def _outlier(today: date) -> Any:
    return or_(
        CircleFact.months_small >= SMALL_FOR_MONTHS,
        CircleFact.fidelity_before - CircleFact.fidelity >= FIDELITY_DROP,
        _overdue(today),
    )


def circles(methodology_key: str, filters: Filters, today: date, page: int = 1) -> Page[CircleRow]:
    """One page of the methodology's circles, by tenant and code, narrowed by ``filters``."""
    query = _circles_of(methodology_key)
    if filters.tenant_id is not None:
        query = query.where(CircleFact.tenant_id == filters.tenant_id)
    if filters.phase:
        query = query.where(CircleFact.phase == filters.phase)
    if filters.audit_status == "none":
        query = query.where(CircleFact.audit_status.is_(None))
    elif filters.audit_status == "overdue":
        query = query.where(_overdue(today))
    elif filters.audit_status:
        query = query.where(CircleFact.audit_status == filters.audit_status)
    if filters.fidelity_below is not None:
        query = query.where(CircleFact.fidelity < filters.fidelity_below)
    if filters.is_small:
        query = query.where(CircleFact.size < SMALL)
    found = read_page(query.order_by(Tenant.name, CircleFact.code, CircleFact.id), page)
    return Page([_row(f, n, today) for f, n in found.items], found.number, found.has_next)


def outliers(methodology_key: str, today: date, limit: int = 200) -> list[CircleRow]:
    """Circles that stand out: small for three months or more, fidelity dropping, or an audit
    overdue; the worst first (most months small, then lowest fidelity)."""
    rows = db.session.execute(
        _circles_of(methodology_key)
        .where(_outlier(today))
        .order_by(CircleFact.months_small.desc(), CircleFact.fidelity, CircleFact.id)
        .limit(limit)
    ).all()
    return [_row(fact, name, today) for fact, name in rows]


def circle(methodology_key: str, fact_id: int, today: date) -> CircleDetail | None:
    """One circle of the methodology, or None (another methodology's circle is not found)."""
    found = db.session.execute(_circles_of(methodology_key).where(CircleFact.id == fact_id)).first()
    if found is None:
        return None
    fact, name = found
    outcomes = db.session.execute(
        select(CircleOutcome.survey_key, CircleOutcome.average, CircleOutcome.answers)
        .where(CircleOutcome.tenant_id == fact.tenant_id, CircleOutcome.circle_id == fact.circle_id)
        .order_by(CircleOutcome.survey_key)
    ).all()
    trainings = db.session.execute(
        select(CircleTraining.role, CircleTraining.trained, CircleTraining.total)
        .where(
            CircleTraining.tenant_id == fact.tenant_id,
            CircleTraining.circle_id == fact.circle_id,
        )
        .order_by(CircleTraining.role)
    ).all()
    months = db.session.execute(
        select(CircleMonth.month, CircleMonth.size, CircleMonth.fidelity)
        .where(CircleMonth.tenant_id == fact.tenant_id, CircleMonth.circle_id == fact.circle_id)
        .order_by(CircleMonth.month)
    ).all()
    return CircleDetail(
        circle=_row(fact, name, today),
        outcomes=[Outcome(key, Average.of(avg, n)) for key, avg, n in outcomes],
        trainings=[Training(role, training_state(done, total)) for role, done, total in trainings],
        months=[MonthPoint(m, Count.of(size), _rounded(score)) for m, size, score in months],
    )


def training_state(trained: int, total: int) -> str:
    """``all``, ``some``, ``none`` of a role's members trained, or ``nobody`` in the role."""
    if total == 0:
        return "nobody"
    if trained >= total:
        return "all"
    return "some" if trained else "none"


@dataclass(frozen=True)
class Trend:
    """Month by month: the methodology's average fidelity and its circles' members, overall and
    per tenant (by id; names are added by the caller that may show them)."""

    months: list[date]
    fidelity: dict[int | None, list[float | None]]
    members: dict[int | None, list[Count]]


def trend(methodology_key: str, tenant_id: int | None = None) -> Trend:
    """The last year of the methodology (or of one tenant's circles of it), one grouped query."""
    query = (
        select(
            CircleMonth.month,
            CircleMonth.tenant_id,
            func.avg(CircleMonth.fidelity),
            func.sum(CircleMonth.size),
        )
        .where(CircleMonth.methodology_key == methodology_key)
        .group_by(CircleMonth.month, CircleMonth.tenant_id)
        .order_by(CircleMonth.month)
    )
    if tenant_id is not None:
        query = query.where(CircleMonth.tenant_id == tenant_id)
    rows = db.session.execute(query).all()
    months = sorted({row[0] for row in rows})
    index = {m: i for i, m in enumerate(months)}
    fidelity: dict[int | None, list[float | None]] = defaultdict(lambda: [None] * len(months))
    members_raw: dict[int | None, list[int]] = defaultdict(lambda: [0] * len(months))
    weights: dict[int, list[tuple[float | None, int]]] = defaultdict(list)
    for month, tenant, average, size in rows:
        fidelity[tenant][index[month]] = _rounded(average)
        members_raw[tenant][index[month]] = int(size or 0)
        members_raw[None][index[month]] += int(size or 0)
        weights[index[month]].append((_rounded(average), 1))
    if tenant_id is None:
        fidelity[None] = [_weighted(weights[i]) for i in range(len(months))]
    members = {k: [Count.of(n) for n in values] for k, values in members_raw.items()}
    return Trend(months, dict(fidelity), members)


@dataclass(frozen=True)
class Benchmark:
    """A tenant's own circles of one methodology against the methodology everywhere: its own
    circles by label, and methodology-wide averages that name no other tenant."""

    methodology_key: str
    circles: list[CircleRow]
    own_fidelity: float | None
    wide_fidelity: float | None
    own_outcomes: list[Outcome]
    wide_outcomes: list[Outcome]
    own_small: int
    wide_small_share: float | None
    own_circles: int
    wide_circles: int


def benchmark(
    tenant: Tenant, methodology_key: str, today: date, shown: Collection[int] | None = None
) -> Benchmark:
    """What a tenant's staff compare their circles with: the same facts, their own rows, and
    sums over every tenant that leave no other tenant's name or row behind. The tenant's own
    figures are over all its circles; ``shown`` (circle ids) limits the rows listed one by
    one to the circles the reader is responsible for."""
    own = db.session.execute(
        select(CircleFact)
        .where(CircleFact.methodology_key == methodology_key, CircleFact.tenant_id == tenant.id)
        .order_by(CircleFact.code)
    ).scalars()
    facts = list(own)
    rows = [_row(fact, tenant.name, today) for fact in facts]
    wide_count, wide_fidelity, wide_small = db.session.execute(
        select(
            func.count(),
            func.avg(CircleFact.fidelity),
            func.sum(case((CircleFact.size < SMALL, 1), else_=0)),
        ).where(CircleFact.methodology_key == methodology_key)
    ).one()
    everywhere: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for by_survey in _outcomes_by_tenant(methodology_key).values():
        for key, (total, answers) in by_survey.items():
            everywhere[key][0] += total
            everywhere[key][1] += answers
    mine = _outcomes_by_tenant(methodology_key, tenant.id)[tenant.id]
    scored = [r.fidelity for r in rows if r.fidelity is not None]
    return Benchmark(
        methodology_key=methodology_key,
        circles=[
            row
            for row, fact in zip(rows, facts, strict=True)
            if shown is None or fact.circle_id in shown
        ],
        own_fidelity=_rounded(sum(scored) / len(scored)) if scored else None,
        wide_fidelity=_rounded(wide_fidelity),
        own_outcomes=[
            Outcome(k, Average.of(t / n if n else None, n)) for k, (t, n) in sorted(mine.items())
        ],
        wide_outcomes=[
            Outcome(k, Average.of(t / n if n else None, int(n)))
            for k, (t, n) in sorted(everywhere.items())
        ],
        own_small=sum(1 for r in rows if r.size.is_suppressed),
        wide_small_share=round(100 * (wide_small or 0) / wide_count, 1) if wide_count else None,
        own_circles=len(rows),
        wide_circles=wide_count,
    )


def tenant_names(methodology_key: str) -> list[tuple[int, str]]:
    """The tenants with circles of the methodology, for the trainer's filter (id, name)."""
    return [
        (tenant_id, name)
        for tenant_id, name in db.session.execute(
            select(Tenant.id, Tenant.name)
            .where(
                Tenant.id.in_(
                    select(CircleFact.tenant_id).where(
                        CircleFact.methodology_key == methodology_key
                    )
                )
            )
            .order_by(Tenant.name)
        )
    ]


def waiting_audits(methodology_key: str, today: date) -> list[CircleRow]:
    """Circles whose latest audit waits for the trainer's review, the longest waiting first."""
    rows = db.session.execute(
        _circles_of(methodology_key)
        .where(CircleFact.audit_status == WAITING)
        .order_by(CircleFact.audit_submitted_at, CircleFact.id)
    ).all()
    return [_row(fact, name, today) for fact, name in rows]


def audit_of(methodology_key: str, fact_id: int) -> tuple[int, int] | None:
    """The tenant and audit id behind a circle's latest audit, for the review page (which
    enters that tenant's scope to read it), or None when there is none to review."""
    found = db.session.execute(
        select(CircleFact.tenant_id, CircleFact.audit_id).where(
            CircleFact.methodology_key == methodology_key,
            CircleFact.id == fact_id,
            CircleFact.audit_id.is_not(None),
        )
    ).first()
    return (found[0], found[1]) if found and found[1] is not None else None
