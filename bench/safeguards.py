"""What row-level security and the access log cost, and whether a web worker's memory stays flat.

Run: ``bash scripts/test-services.sh .venv/bin/python bench/run.py --only safeguards`` (or
``make bench``, which runs it after the pages). It seeds the large bench tenant (2,400 people)
through ``kring tenants sync`` and then

1. serves Kring twice under the same Gunicorn settings: as it runs in production (the app role,
   row-level security, the access log) and as ``unguarded.py`` (the PostgreSQL superuser, no
   per-transaction tenant setting, no access log), and loads the pages that read residents in
   alternating rounds on both. The cost of the safeguards is ``1 - guarded / unguarded``
   throughput; the goal is at most 20%.
2. sends 10,000 requests over every page of ``pages.PAGES`` to one production server after a
   warm-up of 1,000, and reads each Gunicorn worker's resident memory every 1,000 requests. The
   goal: the memory after 10,000 requests within 5% of what it was after the warm-up.

It writes ``bench/results-safeguards.md``; ``bench/README.md`` keeps the figures of one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from pages import PAGES, Page
from run import LOGIN_RATE_LIMIT, find_ids, log
from seeding import Databases, kring_env, migrate, sync_tenant
from servers import HEADERS, SECRET_KEY, Server, gunicorn, sign_in
from sqlalchemy.engine import make_url
from wrkload import LOAD, Run, compare, require_wrk, wrk

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results-safeguards.md"
SIZE = 2400
COST_GOAL = 0.20
MEMORY_GOAL = 0.05
WARMUP_REQUESTS = 1_000
MEASURED_REQUESTS = 10_000
SAMPLE_EVERY = 1_000
GUARDED_PAGES = ("circle page", "circle API", "person page", "people list", "development plan")
"""Pages that read residents' records: each writes the access log and reads tenant tables."""


@dataclass
class Cost:
    """One page served guarded and unguarded in the same alternating rounds."""

    page: Page
    guarded: list[Run] = field(default_factory=list)
    unguarded: list[Run] = field(default_factory=list)

    @staticmethod
    def _rate(runs: list[Run]) -> float:
        rate = sum(r.requests for r in runs) / (sum(r.duration_us for r in runs) / 1e6)
        if not rate:
            raise SystemExit("bench: not one request finished in a round; the machine is busy")
        return rate

    @property
    def cost(self) -> float:
        return 1 - self._rate(self.guarded) / self._rate(self.unguarded)

    def p95_ms(self, runs: list[Run]) -> float:
        return statistics.median(r.p95_us for r in runs) / 1000


def superuser_url(owner_url: str) -> str:
    """The PostgreSQL superuser on the same server and database (``scripts/test-services.sh``
    lets it in without a password on loopback): row-level security never applies to it."""
    return make_url(owner_url).set(username="postgres", password=None).render_as_string(False)


def worker_memory_kib(master_pid: int) -> list[int]:
    """Resident memory of each Gunicorn worker (the master's children), from ``/proc``."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]))
    return sizes


def measure_costs(
    guarded: Server, unguarded: Server, paths: dict[str, str], cookie: str, args: argparse.Namespace
) -> list[Cost]:
    headers = {**HEADERS, "Cookie": f"session={cookie}"}
    costs = []
    for page in (p for p in PAGES if p.name in GUARDED_PAGES):
        path = paths[page.name]
        for server in (guarded, unguarded):
            wrk(server.base_url + path, headers, LOAD, 2)  # warm both
        compared = compare(
            unguarded.base_url + path, guarded.base_url + path, headers, args.rounds, args.seconds
        )
        cost = Cost(page, guarded=compared.page, unguarded=compared.ceiling)
        if compared.failures:
            raise SystemExit(f"bench: {page.name}: {compared.failures} answers were not 2xx")
        log(f"{page.name}: safeguards cost {cost.cost:.1%}")
        costs.append(cost)
    return costs


def measure_memory(
    server: Server, pid: int, paths: dict[str, str], cookie: str, measured: int
) -> list[tuple[int, int]]:
    """(requests so far, total worker memory in KiB) after the warm-up and every
    ``SAMPLE_EVERY`` requests after it, spread over every page in turn."""
    headers = {**HEADERS, "Cookie": f"session={cookie}"}
    urls = [server.base_url + path for path in paths.values()]
    sent, samples, turn = 0, [], 0
    goal = WARMUP_REQUESTS
    while sent < WARMUP_REQUESTS + measured:
        run = wrk(urls[turn % len(urls)], headers, LOAD, 1)
        if run.failures:
            raise SystemExit(f"bench: {urls[turn % len(urls)]} failed under the memory run")
        sent += run.requests
        turn += 1
        if sent >= goal:
            samples.append((sent, sum(worker_memory_kib(pid))))
            log(f"memory after {sent:,} requests: {samples[-1][1] / 1024:.1f} MiB")
            goal += SAMPLE_EVERY
    first, last = samples[0][1] / 1024, samples[-1][1] / 1024
    log(f"memory: {first:.1f} MiB after the warm-up, {last:.1f} MiB at the end")
    return samples


def render(costs: list[Cost], samples: list[tuple[int, int]], seconds: float) -> str:
    lines = [
        "# Safeguards and memory",
        "",
        f"Run of {time.strftime('%Y-%m-%d %H:%M')} ({seconds:.0f} s), tenant of {SIZE:,} people, "
        f"load {LOAD.describe()}.",
        "",
        "## What row-level security and the access log cost",
        "",
        "| page | guarded req/s | unguarded req/s | cost | goal (at most 20%) "
        "| p95 guarded ms | p95 unguarded ms |",
        "|---|--:|--:|--:|---|--:|--:|",
    ]
    for c in costs:
        verdict = "met" if c.cost <= COST_GOAL else "missed"
        lines.append(
            f"| {c.page.name} | {c._rate(c.guarded):.0f} | {c._rate(c.unguarded):.0f} | "
            f"{c.cost:.1%} | {verdict} | {c.p95_ms(c.guarded):.1f} | {c.p95_ms(c.unguarded):.1f} |"
        )
    start, end = samples[0][1], samples[-1][1]
    growth = (end - start) / start
    lines += [
        "",
        f"## A web worker's memory over {samples[-1][0] - samples[0][0]:,} requests",
        "",
        "| requests | memory of both workers, MiB |",
        "|--:|--:|",
        *(f"| {sent:,} | {kib / 1024:.1f} |" for sent, kib in samples),
        "",
        f"Growth after the warm-up: {growth:+.1%} "
        f"({'met' if growth <= MEMORY_GOAL else 'missed'}: the goal is at most +5%).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating load rounds per page")
    parser.add_argument("--seconds", type=float, default=5, help="length of one load round")
    parser.add_argument(
        "--requests", type=int, default=MEASURED_REQUESTS, help="requests after the warm-up"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    require_wrk()
    databases = Databases.from_env()
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        migrate(databases, folder / "instance")
        tenant, _seconds = sync_tenant(databases, folder, SIZE)
        settings = {
            "env": "production",
            "secret_key": SECRET_KEY,
            "login_rate_limit": LOGIN_RATE_LIMIT,
        }
        env = kring_env(databases, instance_path=str(folder / "guarded"), **settings)
        guarded = stack.enter_context(
            gunicorn("Kring", "kring.wsgi:app", env, "/readyz", folder / "guarded.log")
        )
        bare = {**kring_env(databases, instance_path=str(folder / "bare"), **settings)}
        bare["KRING_DATABASE_URL"] = superuser_url(databases.owner_url)
        unguarded = stack.enter_context(
            gunicorn(
                "Kring unguarded", "unguarded:app", bare, "/readyz", folder / "bare.log", str(BENCH)
            )
        )
        cookie = sign_in(guarded.base_url, tenant.slug, tenant.admin_email, tenant.admin_password)
        ids = find_ids(guarded, tenant.slug, cookie)
        paths = {p.name: p.path.format(slug=tenant.slug, **ids) for p in PAGES}
        costs = measure_costs(guarded, unguarded, paths, cookie, args)
        samples = measure_memory(guarded, guarded.pid, paths, cookie, args.requests)
    text = render(costs, samples, time.perf_counter() - started)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0  # a missed goal is a figure to read (the table says so), not a broken run


if __name__ == "__main__":
    sys.exit(main())
