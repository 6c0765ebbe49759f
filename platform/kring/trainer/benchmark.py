"""A tenant's circles of one methodology beside the methodology everywhere, for the tenant's
own staff (the Quality page): read from the central trainer's facts, with the tenant's own
rows and sums over every tenant that name no other tenant."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.trainer.models import CircleFact, TenantFact
from kring.trainer.read import CircleRow, Outcome, circle_row, outcomes_of, rounded


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
    rows = [circle_row(fact, tenant.name, today) for fact in facts]
    totals = list(
        db.session.execute(
            select(TenantFact).where(TenantFact.methodology_key == methodology_key)
        ).scalars()
    )
    wide_count = sum(t.circles for t in totals)
    fidelity_count = sum(t.fidelity_count for t in totals)
    wide_fidelity = sum(t.fidelity_sum for t in totals) / fidelity_count if fidelity_count else None
    wide_small = sum(t.small for t in totals)
    everywhere: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    for total in totals:
        for key, (score, answers) in total.outcomes.items():
            everywhere[key][0] += score
            everywhere[key][1] += answers
    mine = next((t.outcomes for t in totals if t.tenant_id == tenant.id), {})
    scored = [r.fidelity for r in rows if r.fidelity is not None]
    return Benchmark(
        methodology_key=methodology_key,
        circles=[
            row
            for row, fact in zip(rows, facts, strict=True)
            if shown is None or fact.circle_id in shown
        ],
        own_fidelity=rounded(sum(scored) / len(scored)) if scored else None,
        wide_fidelity=rounded(wide_fidelity),
        own_outcomes=outcomes_of(mine),
        wide_outcomes=outcomes_of(everywhere),
        own_small=sum(1 for r in rows if r.size.is_suppressed),
        wide_small_share=round(100 * (wide_small or 0) / wide_count, 1) if wide_count else None,
        own_circles=len(rows),
        wide_circles=wide_count,
    )
