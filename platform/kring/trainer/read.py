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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select

from kring.core.paging import Page, read_page, slice_page
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.trainer.models import (
    CircleFact,
    CircleMonth,
    CircleOutcome,
    CircleTraining,
    TenantFact,
    TenantMonth,
)
from kring.trainer.refresh import FIDELITY_DROP, SMALL, WAITING


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
    tenants: Page[TenantRow]
    """The tenants side by side, one page of them."""
    tenant_count: int
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


def circle_row(fact: CircleFact, tenant_name: str, today: date) -> CircleRow:
    """One circle's facts as every trainer list and the tenant's benchmark show them."""
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


def overview(methodology_key: str, today: date, page: int = 1) -> Overview:
    """The trainer's first page: a row per tenant, added up by the refresh (``TenantFact``),
    however many circles there are; the tenants side by side for page ``page`` only (fifty a
    page), so a page's work does not grow with the tenants either. ``today`` is the refresh's:
    overdue audits and outliers are counted as of then."""
    rows = db.session.execute(
        select(
            TenantFact.tenant_id,
            Tenant.name,
            TenantFact.circles,
            TenantFact.members,
            TenantFact.fidelity_sum,
            TenantFact.fidelity_count,
            TenantFact.outliers,
            TenantFact.waiting,
        )
        .join(Tenant, Tenant.id == TenantFact.tenant_id)
        .where(TenantFact.methodology_key == methodology_key)
        .order_by(Tenant.name, Tenant.id)
    ).all()
    shown: Page[Any] = slice_page(list(rows), page)
    facts = {
        fact.tenant_id: fact
        for fact in db.session.execute(
            select(TenantFact).where(
                TenantFact.methodology_key == methodology_key,
                TenantFact.tenant_id.in_([row.tenant_id for row in shown.items]),
            )
        ).scalars()
    }
    phases, outcomes = _merged(methodology_key)
    fidelity_sum = sum(row.fidelity_sum for row in rows)
    fidelity_count = sum(row.fidelity_count for row in rows)
    return Overview(
        methodology_key=methodology_key,
        circles=sum(row.circles for row in rows),
        members=Count.of(sum(row.members for row in rows)),
        average_fidelity=rounded(fidelity_sum / fidelity_count) if fidelity_count else None,
        phases=phases,
        tenants=Page(
            [_tenant_row(facts[row.tenant_id], row.name) for row in shown.items],
            shown.number,
            shown.has_next,
        ),
        tenant_count=len(rows),
        outcomes=outcomes_of(outcomes),
        outliers=sum(row.outliers for row in rows),
        audits_waiting=sum(row.waiting for row in rows),
    )


def _merged(methodology_key: str) -> tuple[dict[str, int], dict[str, list[float]]]:
    """Circles per phase and ``[sum of scores, answers]`` per survey over every tenant."""
    phases: dict[str, int] = defaultdict(int)
    outcomes: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for by_phase, by_survey in db.session.execute(
        select(TenantFact.phases, TenantFact.outcomes).where(
            TenantFact.methodology_key == methodology_key
        )
    ):
        for phase, count in by_phase.items():
            phases[phase] += count
        for key, (total, answers) in by_survey.items():
            outcomes[key][0] += total
            outcomes[key][1] += answers
    return dict(phases), outcomes


def _tenant_row(fact: TenantFact, name: str) -> TenantRow:
    return TenantRow(
        tenant_id=fact.tenant_id,
        name=name,
        circles=fact.circles,
        members=Count.of(fact.members),
        average_fidelity=rounded(fact.fidelity_sum / fact.fidelity_count)
        if fact.fidelity_count
        else None,
        small_circles=fact.small,
        audits_overdue=fact.overdue,
        audits_waiting=fact.waiting,
        phases=dict(fact.phases),
        outcomes=outcomes_of(fact.outcomes),
        trained={
            role: (Count.of(done), Count.of(total))
            for role, (done, total) in sorted(fact.trained.items())
        },
    )


def outcomes_of(sums: Mapping[str, Sequence[float]]) -> list[Outcome]:
    """Averages from ``[sum of scores, answers]`` per survey, under five answers not given."""
    return [
        Outcome(key, Average.of(total / answers if answers else None, int(answers)))
        for key, (total, answers) in sorted(sums.items())
    ]


def rounded(value: Any) -> float | None:
    """An average as shown: one decimal, or None."""
    return None if value is None else round(float(value), 1)


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
    # by tenant and code along the index, so a page costs the same among 50,000 circles
    found = read_page(query.order_by(CircleFact.tenant_id, CircleFact.code, CircleFact.id), page)
    return Page([circle_row(f, n, today) for f, n in found.items], found.number, found.has_next)


def outliers(methodology_key: str, today: date, page: int = 1) -> Page[CircleRow]:
    """One page of the circles that stand out: small for three months or more, fidelity
    dropping, or an audit overdue; the worst first (most months small, then lowest fidelity)."""
    found = read_page(
        _circles_of(methodology_key)
        .where(CircleFact.is_outlier)
        .order_by(CircleFact.months_small.desc(), CircleFact.fidelity, CircleFact.id),
        page,
    )
    return Page([circle_row(f, n, today) for f, n in found.items], found.number, found.has_next)


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
        circle=circle_row(fact, name, today),
        outcomes=[Outcome(key, Average.of(avg, n)) for key, avg, n in outcomes],
        trainings=[Training(role, training_state(done, total)) for role, done, total in trainings],
        months=[MonthPoint(m, Count.of(size), rounded(score)) for m, size, score in months],
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


def trend(methodology_key: str, tenant_ids: Collection[int] | None = None) -> Trend:
    """The last year of the methodology from the months the refresh added up per tenant
    (``TenantMonth``): everywhere (key ``None``) from one grouped read of a row a month, and
    the series of ``tenant_ids`` (every tenant's when None) beside it."""
    months: list[date] = []
    fidelity: dict[int | None, list[float | None]] = {None: []}
    members_raw: dict[int | None, list[int]] = {None: []}
    for month, size, fidelity_sum, fidelity_count in db.session.execute(
        select(
            TenantMonth.month,
            func.sum(TenantMonth.members),
            func.sum(TenantMonth.fidelity_sum),
            func.sum(TenantMonth.fidelity_count),
        )
        .where(TenantMonth.methodology_key == methodology_key)
        .group_by(TenantMonth.month)
        .order_by(TenantMonth.month)
    ):
        months.append(month)
        fidelity[None].append(rounded(fidelity_sum / fidelity_count) if fidelity_count else None)
        members_raw[None].append(int(size or 0))
    index = {m: i for i, m in enumerate(months)}
    query = select(
        TenantMonth.tenant_id,
        TenantMonth.month,
        TenantMonth.members,
        TenantMonth.fidelity_sum,
        TenantMonth.fidelity_count,
    ).where(TenantMonth.methodology_key == methodology_key)
    if tenant_ids is not None:
        query = query.where(TenantMonth.tenant_id.in_(list(tenant_ids)))
    for tenant, month, size, fidelity_sum, fidelity_count in db.session.execute(query):
        i = index[month]
        fidelity.setdefault(tenant, [None] * len(months))
        members_raw.setdefault(tenant, [0] * len(months))
        if fidelity_count:
            fidelity[tenant][i] = rounded(fidelity_sum / fidelity_count)
        members_raw[tenant][i] = size
    members = {k: [Count.of(n) for n in values] for k, values in members_raw.items()}
    return Trend(months, fidelity, members)


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


def waiting_audits(methodology_key: str, today: date, page: int = 1) -> Page[CircleRow]:
    """One page of the circles whose latest audit waits for the trainer's review, the longest
    waiting first."""
    found = read_page(
        _circles_of(methodology_key)
        .where(CircleFact.audit_status == WAITING)
        .order_by(CircleFact.audit_submitted_at, CircleFact.id),
        page,
    )
    return Page([circle_row(f, n, today) for f, n in found.items], found.number, found.has_next)


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
