"""The central trainer's view across tenants, measured at 500 and at 50,000 circles.

Run: ``bash scripts/test-services.sh .venv/bin/python bench/run.py --only trainer`` (or this
file alone the same way). It

1. migrates, seeds the bench tenant of 240 people (30 KeyRing networks) through
   ``kring tenants sync``, writes its trainer facts with ``kring trainer refresh`` and makes its
   admin a central trainer of KeyRing (``kring trainer grant``);
2. adds invented trainer facts (circles of other tenants, each with a year of months, an
   outcome average and training counts, and each tenant's totals added up by the refresh's own
   ``tenant_totals``) in bulk, to 500 circles, and later to 50,000 in 500 tenants: what the
   refresh job would write, since the trainer's pages read nothing else;
3. per trainer page, at both sizes: counts its SQL statements, and times single requests on
   the idle server (p50 and p95 over rounds); at 50,000 it loads page and ceiling with wrk in
   alternating rounds (requests/s as a ratio to the ceiling, p50/p95/p99);
4. prints a Markdown report, writes it to ``bench/results-trainer.md``, and exits 1 when a
   page sends more queries at 50,000 circles than at 500, when an answer was not 2xx, or when
   a page's idle p95 at 50,000 circles is over the goal of 200 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from report import machine
from seeding import METHODOLOGY, Databases, kring, kring_env, migrate, sync_tenant
from servers import HEADERS, SECRET_KEY, sign_in_at
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.engine import Engine
from wrkload import LOAD, SINGLE, compare, require_wrk, wrk

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results-trainer.md"
SIZES = (500, 50_000)  # invented circles besides the bench tenant's own
CIRCLES_PER_TENANT = 100
GOAL_MS = 200.0
IDLE_ROUNDS = 5
IDLE_SECONDS = 1.0
WARMUP_SECONDS = 2.0
PHASES = ("recruiting", "established", "established", "established", "closing")
AUDITS = (None, "open", "submitted", "reviewed", "reviewed")

PAGES = (
    ("trainer home", "/trainer/"),
    ("overview", "/trainer/{m}/"),
    ("circles", "/trainer/{m}/circles"),
    ("circles, small ones", "/trainer/{m}/circles?small=1"),
    ("circles, page 40", "/trainer/{m}/circles?page=40"),
    ("one circle", "/trainer/{m}/circles/{fact}"),
    ("comparison", "/trainer/{m}/compare"),
    ("outliers", "/trainer/{m}/outliers"),
    ("audits to review", "/trainer/{m}/audits"),
    ("API overview", "/api/v1/trainer/{m}/overview"),
    ("API circles", "/api/v1/trainer/{m}/circles"),
)


def log(message: str) -> None:
    print(f"[bench trainer {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Result:
    name: str
    path: str
    queries: dict[int, int] = field(default_factory=dict)
    idle_p50: dict[int, float] = field(default_factory=dict)
    idle_p95: dict[int, float] = field(default_factory=dict)
    load: Any = None


def month_starts(today: date, months: int = 12) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def add_facts(engine: Engine, first_tenant: int, tenants: int, today: date) -> float:
    """``tenants`` invented tenants of ``CIRCLES_PER_TENANT`` circles each, with their trainer
    facts, in bulk as the owner. Returns the seconds it took."""
    from kring.core.tenancy import Tenant
    from kring.trainer.models import (
        CircleFact,
        CircleMonth,
        CircleOutcome,
        CircleTraining,
        TenantFact,
        TenantMonth,
    )
    from kring.trainer.refresh import is_outlier, tenant_totals

    started = time.perf_counter()
    luck = random.Random(first_tenant)
    months = month_starts(today)
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for t in range(first_tenant, first_tenant + tenants):
            tenant_id = connection.execute(
                insert(Tenant.__table__).returning(Tenant.__table__.c.id),
                {
                    "slug": f"trainer-bench-{t:04d}",
                    "name": f"Gemeente {t:04d}",
                    "kind": "municipality",
                    "locale": "nl",
                    "status": "active",
                },
            ).scalar_one()
            facts, history, outcomes, trainings = [], [], [], []
            for c in range(1, CIRCLES_PER_TENANT + 1):
                key = {"methodology_key": METHODOLOGY, "tenant_id": tenant_id, "circle_id": c}
                size = luck.randint(2, 12)
                fidelity = luck.choice([None, *range(30, 101)])
                audit = luck.choice(AUDITS)
                facts.append(
                    {
                        **key,
                        "code": f"T{t:04d}-{c:04d}",
                        "label": f"Wijk {c % 17}",
                        "phase": luck.choice(PHASES),
                        "size": size,
                        "fidelity": fidelity,
                        "fidelity_before": luck.choice([None, *range(30, 101)]),
                        "audit_id": c if audit else None,
                        "audit_status": audit,
                        "audit_due_on": date(today.year, luck.randint(1, 12), 1) if audit else None,
                        "audit_period_end": today if audit else None,
                        "audit_score": luck.randint(40, 100) if audit == "reviewed" else None,
                        "audit_submitted_at": now if audit in ("submitted", "reviewed") else None,
                        "findings": {"size": luck.random() > 0.3, "contact": luck.random() > 0.2},
                        "months_small": luck.choice((0, 0, 0, 1, 3, 5)),
                        "refreshed_at": now,
                    }
                )
                for start in months:
                    history.append(
                        {
                            **key,
                            "month": start,
                            "size": max(size + luck.randint(-2, 2), 0),
                            "fidelity": fidelity,
                        }
                    )
                outcomes.append(
                    {
                        **key,
                        "survey_key": "wellbeing",
                        "average": 6 + luck.random() * 3,
                        "answers": luck.randint(0, 12),
                    }
                )
                trainings.append(
                    {**key, "role": "volunteer", "trained": luck.randint(0, 1), "total": 1}
                )
            for fact in facts:
                fact["is_outlier"] = is_outlier(fact, today)
            connection.execute(insert(CircleFact.__table__), facts)
            connection.execute(insert(CircleMonth.__table__), history)
            connection.execute(insert(CircleOutcome.__table__), outcomes)
            connection.execute(insert(CircleTraining.__table__), trainings)
            totals, by_month = tenant_totals(tenant_id, facts, history, outcomes, trainings, today)
            connection.execute(insert(TenantFact.__table__), totals)
            connection.execute(insert(TenantMonth.__table__), by_month)
    return time.perf_counter() - started


def count_facts(engine: Engine) -> int:
    from kring.trainer.models import CircleFact

    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(CircleFact)).scalar_one())


def one_fact(engine: Engine) -> int:
    """An invented circle's fact id, for the one-circle page."""
    from kring.trainer.models import CircleFact

    with engine.connect() as connection:
        return int(
            connection.execute(
                select(func.max(CircleFact.id)).where(CircleFact.code.like("T%"))
            ).scalar_one()
        )


def idle(result: Result, size: int, url: str, headers: dict[str, str]) -> list[str]:
    """One request at a time: the median of the rounds' p50 and p95."""
    wrk(url, headers, LOAD, WARMUP_SECONDS)
    p50, p95, failures = [], [], []
    for _ in range(IDLE_ROUNDS):
        run = wrk(url, headers, SINGLE, IDLE_SECONDS)
        p50.append(run.p50_us / 1000)
        p95.append(run.p95_us / 1000)
        if run.failures:
            failures.append(f"{result.name} at {size:,}: {run.failures} failed answers")
    result.idle_p50[size] = statistics.median(p50)
    result.idle_p95[size] = statistics.median(p95)
    log(
        f"{result.name} at {size:,} circles: {result.queries[size]} queries, "
        f"p50 {result.idle_p50[size]:.1f} ms, p95 {result.idle_p95[size]:.1f} ms"
    )
    return failures


def render(results: list[Result], setup: dict[str, str], total: float) -> str:
    small, large = SIZES
    lines = [
        "# The central trainer's pages",
        "",
        f"Run of {date.today()}, {total / 60:.1f} min.",
        "",
    ]
    lines += [f"- {name}: {value}" for name, value in [*machine(), *setup.items()]]
    lines += [
        "",
        f"Idle: one request at a time, {IDLE_ROUNDS} rounds of {IDLE_SECONDS:g} s, the median of"
        f" the rounds' percentiles. Goal: p95 at {large:,} circles under {GOAL_MS:.0f} ms.",
        "",
        f"| page | queries {small:,} | queries {large:,} | p50 ms {small:,} | p95 ms {small:,} "
        f"| p50 ms {large:,} | p95 ms {large:,} | goal |",
        "|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in results:
        met = "met" if r.idle_p95[large] <= GOAL_MS else "**missed**"
        lines.append(
            f"| {r.name} | {r.queries[small]} | {r.queries[large]} | {r.idle_p50[small]:.1f} "
            f"| {r.idle_p95[small]:.1f} | {r.idle_p50[large]:.1f} | {r.idle_p95[large]:.1f} "
            f"| {met} |"
        )
    lines += [
        "",
        f"Under load at {large:,} circles (wrk `{LOAD.describe()}`, rounds alternating with the"
        " ceiling):",
        "",
        "| page | req/s | ratio to ceiling | p50 ms | p95 ms | p99 ms |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        c = r.load
        lines.append(
            f"| {r.name} | {c.requests_per_s:.0f} | {c.ratio:.3f} | {c.percentile_ms('p50'):.1f} "
            f"| {c.percentile_ms('p95'):.1f} | {c.percentile_ms('p99'):.1f} |"
        )
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="load rounds per page")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per load round")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from run import _query_counter, start_servers

    args = parse_args(argv)
    started = time.perf_counter()
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    wrk_version = require_wrk()
    databases = Databases.from_env()
    today = date.today()
    results = [Result(name, path) for name, path in PAGES]
    failures: list[str] = []
    owner = create_engine(databases.owner_url)
    with tempfile.TemporaryDirectory(prefix="kring-bench-trainer-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        log(f"migrating ({migrate(databases, folder / 'instance'):.1f} s)")
        tenant, seconds = sync_tenant(databases, folder, 240)
        log(f"seeded the bench tenant in {seconds:.1f} s")
        env = kring_env(databases, env="development", instance_path=str(folder / "instance"))
        kring(["trainer", "refresh"], env)
        kring(["trainer", "grant", tenant.admin_email, METHODOLOGY], env)
        seeding = {}
        seeding[SIZES[0]] = add_facts(owner, 0, SIZES[0] // CIRCLES_PER_TENANT, today)
        secret = SECRET_KEY
        with owner.connect() as connection:
            from kring.core.tenancy import Tenant

            tenant_id = connection.execute(
                select(Tenant.__table__.c.id).where(Tenant.__table__.c.slug == tenant.slug)
            ).scalar_one()
        server, ceiling = start_servers(stack, databases, folder, secret, tenant_id)
        cookie = sign_in_at(
            server.base_url, "/trainer/login", tenant.admin_email, "bench-password-2026"
        )
        headers = {**HEADERS, "Cookie": f"session={cookie}"}
        counter = _query_counter(databases, folder, secret)
        fact = one_fact(owner)
        for size in SIZES:
            if size != SIZES[0]:
                more = (size - SIZES[0]) // CIRCLES_PER_TENANT
                seeding[size] = add_facts(owner, SIZES[0] // CIRCLES_PER_TENANT, more, today)
                log(f"{count_facts(owner):,} circles' facts ({seeding[size]:.1f} s)")
            for result in results:
                path = result.path.format(m=METHODOLOGY, fact=fact)
                result.queries[size] = len(counter.statements(path, cookie))
                failures += idle(result, size, server.base_url + path, headers)
        ceiling_url = f"{ceiling.base_url}/tenants/{tenant_id}"
        for result in results:
            path = result.path.format(m=METHODOLOGY, fact=fact)
            result.load = compare(
                ceiling_url, server.base_url + path, headers, args.rounds, args.seconds
            )
            if result.load.failures:
                failures.append(f"{result.name} under load: {result.load.failures} failed answers")
    owner.dispose()
    setup = {
        "Load average before the run (1, 5, 15 min)": load_average,
        "wrk": wrk_version,
        "Seeding the invented facts": ", ".join(
            f"{n:,} circles {s:.1f} s" for n, s in seeding.items()
        ),
    }
    text = render(results, setup, time.perf_counter() - started)
    found = (
        failures
        + [
            f"{r.name}: {r.queries[SIZES[0]]} queries at {SIZES[0]:,}, "
            f"{r.queries[SIZES[1]]} at {SIZES[1]:,}"
            for r in results
            if r.queries[SIZES[1]] > r.queries[SIZES[0]]
        ]
        + [
            f"{r.name}: p95 {r.idle_p95[SIZES[1]]:.1f} ms over the goal of {GOAL_MS:.0f} ms"
            for r in results
            if r.idle_p95[SIZES[1]] > GOAL_MS
        ]
    )
    if found:
        text += "\n**FAIL**\n\n" + "".join(f"- {p}\n" for p in found)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    log(f"report written to {RESULTS}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
