"""Benchmark Kring's pages on PostgreSQL against a ceiling, at two tenant sizes, in one run.

Run: ``bash scripts/test-services.sh .venv/bin/python bench/run.py`` (throwaway PostgreSQL and
Redis; needs wrk: ``apt-get install -y wrk``). It takes about eight minutes and

1. migrates and seeds two tenants of the same shape (240 and 2,400 invented people in circles
   of eight) with ``kring db upgrade`` and ``kring tenants sync``;
2. serves Kring (``kring.wsgi:app``, production settings) and the ceiling (``ceiling.py``)
   under the same Gunicorn settings, and signs in as each tenant's admin;
3. per page of ``pages.PAGES``: counts the SQL statements of one request at each size, times
   single requests on the idle server in rounds alternating between the sizes, and loads page
   and ceiling with wrk in rounds alternating between the two;
4. prints a Markdown report and writes it to ``bench/results.md``.

Measurements that are compared are always taken in alternating rounds, close in time, so that
a machine that gets slower during the run (shared CPUs do) shifts both sides alike.
Exits 1 when a page sends more queries at 2,400 people than at 240, or when any answer was not
2xx: such figures would measure the wrong thing.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pages import PAGES, Page
from report import PageResult, Setup, render
from seeding import (
    LOGINS,
    Databases,
    Tenant,
    circle_name,
    country,
    kring_env,
    migrate,
    person_name,
    sync_tenant,
)
from servers import HEADERS, SECRET_KEY, Server, api_items, gunicorn, sign_in
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select
from wrkload import LOAD, SINGLE, compare, require_wrk, wrk

if TYPE_CHECKING:
    from querycount import QueryCounter

SIZES = (240, 2400)  # people per tenant; the second must not cost more queries than the first
BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results.md"
WARMUP_SECONDS = 2.0  # per page and size, under load: both workers render it once first
IDLE_ROUNDS = 5
IDLE_SECONDS = 1.0
LOGIN_RATE_LIMIT = "10000 per minute"


PARTS = ("pages", "outbox", "trainer", "safeguards")


def log(message: str) -> None:
    """Progress on stderr, so stdout carries the report only."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating load rounds per page")
    parser.add_argument("--seconds", type=float, default=5, help="length of one load round")
    parser.add_argument(
        "--load-sizes",
        choices=("both", "large"),
        default="both",
        help="load both tenants, or only the large one (about half the time)",
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="log every counted SQL statement"
    )
    parser.add_argument(
        "--scale",
        choices=("national", "small"),
        help="first fill the database with `kring bench seed --scale ...` (national: 1,000 "
        "tenants, 50,000 circles, 10,000,000 outbox rows), then seed and measure the two bench "
        "tenants beside it",
    )
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="only the pages, the outbox (bench/outbox.py), the central trainer's pages "
        "(bench/trainer.py) or the safeguards' cost and memory (bench/safeguards.py); each "
        "has its own options there. Give it more than once for several parts: with --scale, "
        "they all run beside the same country",
    )
    return parser.parse_args(argv)


@dataclass(frozen=True)
class Target:
    """A seeded tenant, signed in: how to reach its pages, and its row for the ceiling."""

    tenant: Tenant
    cookies: dict[str, str]
    """A signed-in session of each of ``seeding.LOGINS``."""
    ids: dict[str, int]
    ceiling_url: str

    @property
    def size(self) -> int:
        return self.tenant.size

    def cookie(self, page: Page) -> str:
        return self.cookies[page.who]

    def headers(self, page: Page) -> dict[str, str]:
        return {**HEADERS, "Cookie": f"session={self.cookie(page)}"}

    def path(self, page: Page) -> str:
        return page.path.format(slug=self.tenant.slug, **self.ids)


def seed(
    databases: Databases, folder: Path, scale: str | None = None
) -> tuple[list[Tenant], dict[int, float]]:
    """Migrate, with ``scale`` fill the database with ``kring bench seed``, then sync each
    tenant on its own so its seeding time can be reported."""
    log(f"migrating ({migrate(databases, folder / 'instance'):.1f} s)")
    if scale:
        took = country(databases, folder / "instance", scale)
        log(f"kring bench seed --scale {scale} ({took:.1f} s)")
    tenants, seconds = [], {}
    for size in SIZES:
        tenant, seconds[size] = sync_tenant(databases, folder, size)
        tenants.append(tenant)
        log(f"seeded {size:,} people in {seconds[size]:.1f} s")
    return tenants, seconds


def database_facts(databases: Databases) -> tuple[str, dict[str, int]]:
    """PostgreSQL's version, and every tenant's id for the ceiling's primary-key query
    (read as the app role with SQLAlchemy Core: no Kring import, no raw SQL)."""
    tenant = Table("tenant", MetaData(), Column("id", Integer), Column("slug", String))
    engine = create_engine(databases.app_url)
    try:
        with engine.connect() as connection:
            pg = connection.execute(select(func.current_setting("server_version"))).scalar_one()
            rows = connection.execute(select(tenant.c.slug, tenant.c.id)).all()
    finally:
        engine.dispose()
    return str(pg), {slug: int(id_) for slug, id_ in rows}


def start_servers(
    stack: ExitStack, databases: Databases, folder: Path, secret: str, tenant_id: int
) -> tuple[Server, Server]:
    """Kring in production mode and the ceiling, same Gunicorn settings, stopped by ``stack``."""
    env = kring_env(
        databases,
        env="production",
        secret_key=secret,
        login_rate_limit=LOGIN_RATE_LIMIT,
        instance_path=str(folder / "instance-web"),
    )
    kring = stack.enter_context(
        gunicorn("Kring", "kring.wsgi:app", env, "/readyz", folder / "kring.log")
    )
    ceiling_env = {**env, "BENCH_CEILING_DATABASE_URL": databases.app_url}
    ceiling = stack.enter_context(
        gunicorn(
            "ceiling",
            "ceiling:app",
            ceiling_env,
            f"/tenants/{tenant_id}",
            folder / "ceiling.log",
            pythonpath=str(BENCH),
        )
    )
    return kring, ceiling


def sign_in_to(tenant: Tenant, kring: Server, ceiling: Server, tenant_id: int) -> Target:
    """Sign in as each of the tenant's logins and find the ids the pages need."""
    cookies = {
        who: sign_in(kring.base_url, tenant.slug, tenant.email(who), tenant.admin_password)
        for who in LOGINS
    }
    ids = find_ids(kring, tenant.slug, cookies["admin"])
    return Target(tenant, cookies, ids, f"{ceiling.base_url}/tenants/{tenant_id}")


def find_ids(server: Server, slug: str, cookie: str) -> dict[str, int]:
    """The ids ``PAGES`` paths need, by name through the JSON API, as a client would."""
    return {
        "circle_id": _id_named(server, f"/t/{slug}/api/v1/circles", cookie, circle_name(1)),
        "person_id": _id_named(server, f"/t/{slug}/api/v1/people", cookie, person_name(3)),
    }


def _id_named(server: Server, path: str, cookie: str, name: str) -> int:
    for item in api_items(server.base_url, path, cookie):
        if item["name"] == name:
            return int(item["id"])
    raise SystemExit(f"bench: {name!r} not found at {path}")


def measure_page(
    result: PageResult,
    targets: list[Target],
    kring: Server,
    counter: QueryCounter,
    args: argparse.Namespace,
) -> list[str]:
    """Everything about one page, at every size. Returns the failed answers: the run goes on,
    so the report shows them, and exits 1 at the end."""
    urls = {t.size: kring.base_url + t.path(result.page) for t in targets}
    for target in targets:
        statements = counter.statements(target.path(result.page), target.cookie(result.page))
        result.queries[target.size] = len(statements)
        if args.show_queries:
            log("\n".join([urls[target.size], *(f"  {_one_line(q)}" for q in statements)]))
        wrk(urls[target.size], target.headers(result.page), LOAD, WARMUP_SECONDS)
    failures = _idle_medians(result, targets, urls)
    for target in targets:
        if args.load_sizes == "both" or target.size == SIZES[-1]:
            failures += _load(result, target, urls[target.size], args)
    return failures


def _idle_medians(result: PageResult, targets: list[Target], urls: dict[int, str]) -> list[str]:
    """One request at a time, in rounds alternating between the sizes, so the growth between
    them is not the machine slowing down meanwhile."""
    rounds: dict[int, list[float]] = {target.size: [] for target in targets}
    failures = []
    for _ in range(IDLE_ROUNDS):
        for target in targets:
            run = wrk(urls[target.size], target.headers(result.page), SINGLE, IDLE_SECONDS)
            rounds[target.size].append(run.p50_us / 1000)
            failures += _failed(run.failures, f"{result.page.name} at {target.size}, idle")
    for size, medians in rounds.items():
        result.median_ms[size] = statistics.median(medians)
        log(
            f"{result.page.name} at {size:,}: {result.queries[size]} queries, "
            f"median {result.median_ms[size]:.1f} ms"
        )
    return failures


def _load(result: PageResult, target: Target, url: str, args: argparse.Namespace) -> list[str]:
    """The page under load against the ceiling, in alternating rounds."""
    headers = target.headers(result.page)
    c = compare(target.ceiling_url, url, headers, args.rounds, args.seconds)
    result.load[target.size] = c
    log(f"{result.page.name} at {target.size:,}: {c.requests_per_s:.0f} req/s, ratio {c.ratio:.3f}")
    return _failed(c.failures, f"{result.page.name} at {target.size}, under load")


def _one_line(statement: str) -> str:
    return " ".join(statement.split())


def _failed(count: int, what: str) -> list[str]:
    if not count:
        return []
    message = f"{what}: {count} answers were not 2xx or never came"
    log(f"FAIL: {message}")
    return [message]


def query_growth(results: list[PageResult]) -> list[str]:
    """Pages that send more queries for the larger tenant: their cost grows with the data."""
    small, large = SIZES
    return [
        f"{r.page.name}: {r.queries[large]} queries at {large:,} people, "
        f"{r.queries[small]} at {small:,}"
        for r in results
        if r.queries[large] > r.queries[small]
    ]


def _query_counter(databases: Databases, folder: Path, secret: str) -> QueryCounter:
    """Imported here, not at the top: it is the one module that imports Kring, and the bench
    should explain missing services or wrk before Kring's import can fail."""
    from querycount import QueryCounter

    settings = {
        "env": "production",
        "secret_key": secret,
        "database_url": databases.app_url,
        "migration_database_url": databases.owner_url,
        "redis_url": databases.redis_url,
        "login_rate_limit": LOGIN_RATE_LIMIT,
    }
    return QueryCounter(folder / "in-process", settings, HEADERS)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    """A terminated bench unwinds like a failed one, so its Gunicorn processes (in sessions of
    their own, out of reach of the terminal's signals) are stopped too."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    parts = args.only or list(PARTS)
    failed = 0
    if "pages" in parts:
        failed = run_pages(args)  # with --scale, it fills the database with the country first
    elif args.scale:
        with tempfile.TemporaryDirectory(prefix="kring-bench-country-") as tmp:
            instance = Path(tmp) / "instance"
            migrate(Databases.from_env(), instance)
            took = country(Databases.from_env(), instance, args.scale)
            log(f"kring bench seed --scale {args.scale} ({took:.1f} s)")
    others = {"outbox": outbox, "trainer": trainer, "safeguards": safeguards}
    for part in parts:
        if part in others:
            failed = max(failed, others[part]())
    return failed


def outbox() -> int:
    """The outbox's figures (``bench/outbox.py``): workers, delays, the due-row lookup, a day."""
    import outbox as bench_outbox

    return bench_outbox.main([])


def trainer() -> int:
    """The central trainer's pages at 500 and 50,000 circles (``bench/trainer.py``)."""
    import trainer as bench_trainer

    return bench_trainer.main([])


def safeguards() -> int:
    """What row-level security and the access log cost, and a worker's memory over 10,000
    requests (``bench/safeguards.py``)."""
    import safeguards as bench_safeguards

    return bench_safeguards.main([])


def run_pages(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    load_average = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    wrk_version = require_wrk()
    databases = Databases.from_env()
    results = [PageResult(page) for page in PAGES]
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kring-bench-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        tenants, seeding_seconds = seed(databases, folder, args.scale)
        postgres, tenant_ids = database_facts(databases)
        secret = SECRET_KEY
        kring, ceiling = start_servers(
            stack, databases, folder, secret, tenant_ids[tenants[-1].slug]
        )
        log(f"serving Kring at {kring.base_url}, the ceiling at {ceiling.base_url}")
        targets = [sign_in_to(t, kring, ceiling, tenant_ids[t.slug]) for t in tenants]
        counter = _query_counter(databases, folder, secret)
        wrk(targets[0].ceiling_url, targets[0].headers(PAGES[0]), LOAD, WARMUP_SECONDS)
        for result in results:
            failures += measure_page(result, targets, kring, counter, args)
    setup = Setup(
        postgres=postgres,
        wrk=wrk_version,
        rounds=args.rounds,
        seconds=args.seconds,
        warmup_seconds=WARMUP_SECONDS,
        idle_rounds=IDLE_ROUNDS,
        idle_seconds=IDLE_SECONDS,
        seeding_seconds=seeding_seconds,
        load_average=load_average,
    )
    text = render(results, setup, SIZES, time.perf_counter() - started)
    found = query_growth(results) + failures
    if found:
        text += "\n**FAIL**\n\n" + "".join(f"- {p}\n" for p in found)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    log(f"report written to {RESULTS}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
