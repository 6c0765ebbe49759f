"""Benchmark the outbox on PostgreSQL and Redis: real ``kring worker`` processes sending to an SMTP
server on loopback.

Run: ``bash scripts/test-services.sh .venv/bin/python bench/run.py --only outbox`` (or
``bench/outbox.py`` the same way, with ``--parts`` to pick). It measures

- ``rate``: e-mails delivered per second by one and by two workers, ``--rows`` rows due at once;
- ``latency``: p50/p99 of ``sent_at - due_at`` while rows fall due at a steady rate, with two
  workers and ``kring scheduler`` running, and again with one worker killed (``kill -9``) halfway;
- ``lookup``: finding due rows among ``--big`` rows (most sent, 1% pending): the time of
  ``notify.service.due_message_ids`` as the app role with a tenant set (row-level security on),
  and PostgreSQL's ``EXPLAIN (ANALYZE, BUFFERS)`` of the very statement it sends;
- ``day``: a day's ``--day`` reminders written through ``notify.service.remind_all`` (one row each)
  and delivered by two workers, from the first intent to the last mail.

and writes ``bench/results-outbox.md``. The mail server counts ``Message-ID`` headers only, so it
costs the measurement little; every figure is checked: each row must have arrived.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from seeding import Databases, migrate

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results-outbox.md"
PARTS = ("rate", "latency", "day", "lookup")  # the lookup last: it leaves a big table
GOAL_LOOKUP_MS = 5.0
GOAL_DAY_MINUTES = 10.0
_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)


def log(message: str) -> None:
    print(f"[bench outbox {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class CountingSink:
    """An SMTP server on loopback that only counts each message's ``Message-ID``."""

    def __init__(self) -> None:
        from kring.testing.smtp import free_port

        self.port = free_port()
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        found = _MESSAGE_ID.search(envelope.original_content or b"")
        with self._lock:
            self.counts[found.group(1).decode() if found else "?"] += 1
        return "250 OK"

    def __enter__(self) -> CountingSink:
        self._controller.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._controller.stop()

    def received(self) -> int:
        with self._lock:
            return sum(self.counts.values())


@dataclass
class Bench:
    databases: Databases
    folder: Path
    sink: CountingSink
    app: Any
    lines: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        from kring.testing.crash import worker_env

        return worker_env(
            self.databases.app_url, self.databases.redis_url, self.sink.port, self.folder / "i"
        )

    def out(self, line: str = "") -> None:
        self.lines.append(line)
        if line:
            log(line)


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def enqueue(ids: list[int]) -> None:
    """Hand rows to the workers as a commit does: in batches where the jobs take batches."""
    from kring.notify import jobs

    batches = getattr(jobs, "enqueue_deliveries", None)
    if batches is not None:
        batches(ids)
    else:
        for message_id in ids:
            jobs.deliver.enqueue(message_id)


@contextmanager
def workers(bench: Bench, count: int, scheduler: bool = False) -> Iterator[list[Any]]:
    """``count`` real workers (and the scheduler), registered with RQ before the block runs."""
    from rq import Worker

    from kring.testing.crash import processes, wait_for

    redis = bench.app.extensions["kring.redis"]
    with processes(bench.env(), bench.folder) as start_worker:
        started = [start_worker() for _ in range(count)]
        wait_for(lambda: Worker.count(connection=redis) >= count, 60, f"{count} workers")
        if scheduler:
            with processes(bench.env(), bench.folder, ("scheduler",)) as start_scheduler:
                started.append(start_scheduler())
                yield started
        else:
            yield started


def delivered(bench: Bench, tenant_id: int, rows: int, seconds: float) -> float:
    """Wait until every row of the tenant is sent; returns when (``time.perf_counter``)."""
    from kring.testing.crash import unsent, wait_for

    wait_for(lambda: not unsent(bench.app, tenant_id), seconds, f"{rows:,} rows sent", every=0.1)
    return time.perf_counter()


def check_arrived(bench: Bench, tenant_id: int) -> None:
    from kring.testing.crash import message_id, outbox_ids

    expected = {message_id(tenant_id, i) for i in outbox_ids(bench.app, tenant_id)}
    missing = expected - bench.sink.counts.keys()
    if missing:
        raise SystemExit(f"bench: {len(missing)} rows were marked sent but never arrived")


def delay_figures(bench: Bench, tenant_id: int) -> tuple[float, float, float]:
    """p50, p99 and max of ``sent_at - due_at`` in seconds."""
    from kring.testing.crash import delays

    values = [d / timedelta(seconds=1) for d in delays(bench.app, tenant_id)]
    return percentile(values, 50), percentile(values, 99), max(values)


def part_rate(bench: Bench, rows: int) -> None:
    """Delivered per second, ``rows`` due at once, one and then two workers."""
    from kring.core.db import utcnow
    from kring.core.tenancy import tenant_scope
    from kring.testing.crash import email_row, insert_rows, new_tenant, outbox_ids

    bench.out(f"### Delivered per second ({rows:,} e-mails due at once)")
    bench.out()
    bench.out("| workers | seconds | e-mails/s | p50 wait s | p99 wait s |")
    bench.out("|--:|--:|--:|--:|--:|")
    for count in (1, 2):
        tenant_id = new_tenant(bench.app, f"rate{count}")
        with workers(bench, count):
            due = utcnow()
            rows_due = (email_row(i, due, tenant_id) for i in range(rows))
            insert_rows(bench.app, tenant_id, rows_due)
            ids = outbox_ids(bench.app, tenant_id)
            started = time.perf_counter()
            with bench.app.app_context(), tenant_scope(tenant_id):
                enqueue(ids)
            ended = delivered(bench, tenant_id, rows, 3600)
        check_arrived(bench, tenant_id)
        p50, p99, _ = delay_figures(bench, tenant_id)
        seconds = ended - started
        bench.out(f"| {count} | {seconds:.1f} | {rows / seconds:.0f} | {p50:.1f} | {p99:.1f} |")
    bench.out()


def part_latency(bench: Bench, per_second: float, seconds: float) -> None:
    """``sent_at - due_at`` while rows fall due steadily: normal, and a worker killed halfway."""
    from kring.core.db import utcnow
    from kring.core.tenancy import tenant_scope
    from kring.extensions import db
    from kring.notify import service as notify
    from kring.testing.crash import new_tenant

    bench.out(
        f"### Delay from due to sent ({per_second:g} e-mails/s fall due for {seconds:g} s, "
        "two workers, `kring scheduler`)"
    )
    bench.out()
    bench.out("| run | e-mails | p50 s | p99 s | max s |")
    bench.out("|---|--:|--:|--:|--:|")
    for kill in (False, True):
        tenant_id = new_tenant(bench.app, "latency")
        total = int(per_second * seconds)
        with workers(bench, 2, scheduler=True) as running:
            started = time.perf_counter()
            for n in range(total):
                if kill and n == total // 2:
                    _when_busy(bench, running[0])
                    running[0].kill()
                    log("killed one worker (kill -9); a new one starts")
                    running.append(_replacement(bench))
                with bench.app.app_context(), tenant_scope(tenant_id):
                    notify.queue_email(
                        f"p{n}@example.org", f"Herinnering {n}", "Tekst", f"lat:{n}", utcnow()
                    )
                    db.session.commit()
                time.sleep(max(0.0, started + (n + 1) / per_second - time.perf_counter()))
            delivered(bench, tenant_id, total, 600)
            if kill:
                running[-1].stop()
        check_arrived(bench, tenant_id)
        p50, p99, worst = delay_figures(bench, tenant_id)
        name = "a worker killed halfway" if kill else "normal operation"
        bench.out(f"| {name} | {total:,} | {p50:.2f} | {p99:.2f} | {worst:.2f} |")
    bench.out()


def _when_busy(bench: Bench, worker: Any, seconds: float = 10) -> None:
    """Return once ``worker`` holds a job (or after ``seconds``), so a kill loses one."""
    from rq import Worker

    redis = bench.app.extensions["kring.redis"]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for found in Worker.all(connection=redis):
            if found.pid == worker.process.pid and found.get_current_job_id():
                return
        time.sleep(0.005)
    log(f"the worker to kill held no job within {seconds:g} s; killed anyway")


def _replacement(bench: Bench) -> Any:
    from kring.testing.crash import KringProcess

    return KringProcess(bench.env(), bench.folder / "replacement.log").start()


def part_lookup(bench: Bench, big: int) -> None:
    """Due rows among ``big`` rows in ten tenants: 99% sent, 1% pending (half of it due)."""
    from sqlalchemy import create_engine, func, select

    from kring.notify import jobs
    from kring.testing.crash import new_tenant

    tenants = [new_tenant(bench.app, f"big{n}") for n in range(10)]
    per_tenant = big // len(tenants)
    owner = create_engine(bench.databases.owner_url)
    started = time.perf_counter()
    with owner.connect() as connection:
        for tenant_id in tenants:
            # Row-level security is forced on the owner too: the tenant is set for the insert.
            connection.execute(select(func.set_config("kring.tenant_id", str(tenant_id), True)))
            connection.execute(big_insert(tenant_id, per_tenant))
            connection.commit()
            log(f"tenant {tenant_id}: {per_tenant:,} rows")
        # As a table in steady state is: vacuumed and analysed (a maintenance command, no data).
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM ANALYZE outbox_message"
        )
    owner.dispose()
    log(f"inserted {big:,} rows in {time.perf_counter() - started:.0f} s")

    tenant_id = tenants[len(tenants) // 2]
    bench.out(f"### Finding due rows among {big:,} ({per_tenant:,} per tenant, 10 tenants)")
    bench.out()
    for limit in sorted({500, getattr(jobs, "SWEEP_PAGE", 500)}):
        times, found, statement, plan = _time_lookup(bench, tenant_id, limit)
        median = statistics.median(times)
        verdict = "met" if median <= GOAL_LOOKUP_MS else "MISSED"
        used = any("ix_outbox_message_pending_due" in line for line in plan)
        bench.out(
            f"`notify.service.due_message_ids(now, limit={limit})` as the app role, one tenant "
            f"set: {found:,} ids, median {median:.2f} ms, p95 {percentile(times, 95):.2f} ms "
            f"over {len(times)} calls (goal {GOAL_LOOKUP_MS:g} ms: {verdict}). "
            f"Uses the partial index: {'yes' if used else 'NO'}."
        )
        bench.out()
        bench.out("```")
        bench.out(" ".join(statement.split()))
        bench.lines += plan
        bench.out("```")
        bench.out()


def _time_lookup(
    bench: Bench, tenant_id: int, limit: int, calls: int = 50
) -> tuple[list[float], int, str, list[str]]:
    """Times of ``calls`` lookups in milliseconds, how many ids, the statement and its plan."""
    from sqlalchemy import event

    from kring.core.db import utcnow
    from kring.core.tenancy import tenant_scope
    from kring.extensions import db
    from kring.notify import service as notify

    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if "outbox_message" in statement:
            statements.append((statement, parameters))

    times: list[float] = []
    found = 0
    with bench.app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", keep)
        try:
            for _ in range(calls):
                with tenant_scope(tenant_id):
                    now = utcnow()
                    begun = time.perf_counter()
                    found = len(notify.due_message_ids(now, limit=limit))
                    times.append((time.perf_counter() - begun) * 1000)
                    db.session.rollback()
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        statement, parameters = statements[-1]
        with tenant_scope(tenant_id):
            connection = db.session.connection().connection.dbapi_connection
            cursor = connection.cursor()  # type: ignore[union-attr]
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            plan = [row[0] for row in cursor.fetchall()]
            db.session.rollback()
    return times, found, statement, plan


def big_insert(tenant_id: int, rows: int) -> Any:
    """``INSERT ... SELECT generate_series``: 99% sent over the past year, 1% pending, of which
    half fell due in the past day and half falls due in the next (``kring bench seed`` writes
    its outbox with the same statement)."""
    from kring.tenants.benchseed import outbox_insert

    return outbox_insert(tenant_id, rows)


def part_day(bench: Bench, reminders: int) -> None:
    """``reminders`` intents planned through ``notify.service.remind_all`` (as the rule sweep
    writes them) while two workers send."""
    from sqlalchemy import insert

    from kring.core.methodology import Phrase, ReminderIntent
    from kring.core.tenancy import tenant_scope
    from kring.extensions import db
    from kring.notify import service as notify
    from kring.people.models import Person
    from kring.testing.crash import due_now, new_tenant

    tenant_id = new_tenant(bench.app, "day")
    people = max(1, reminders // 10)
    with bench.app.app_context(), tenant_scope(tenant_id):
        rows = [
            {"tenant_id": tenant_id, "name": f"Bewoner {n}", "email": f"b{n}@example.org"}
            for n in range(people)
        ]
        db.session.execute(insert(Person), rows)
        db.session.commit()
        ids = list(db.session.execute(db.select(Person.id)).scalars())
    title = Phrase(en="Circle meeting tomorrow", nl="Morgen komt de kring bij elkaar")
    body = Phrase(en="The circle meets at {time}.", nl="De kring komt om {time} bij elkaar.")
    with workers(bench, 2):
        started = time.perf_counter()
        with bench.app.app_context(), tenant_scope(tenant_id):
            for first in range(0, reminders, 1000):
                notify.remind_all(
                    ReminderIntent(
                        key=f"day:{n}",
                        kind="meeting_reminder",
                        title=title,
                        body=body,
                        params={"time": "10:00"},
                        due_at=due_now(),
                        person_id=ids[n % len(ids)],
                    )
                    for n in range(first, min(first + 1000, reminders))
                )
                db.session.commit()  # the rule sweep commits per tenant; these are smaller
            db.session.commit()
        planned = time.perf_counter()
        log(f"planned {reminders:,} in {planned - started:.0f} s")
        ended = delivered(bench, tenant_id, reminders, 3 * 3600)
    check_arrived(bench, tenant_id)
    minutes = (ended - started) / 60
    verdict = "met" if minutes <= GOAL_DAY_MINUTES else "MISSED"
    bench.out(f"### A day's {reminders:,} reminders, planned and delivered by two workers")
    bench.out()
    bench.out(
        f"Planning (`notify.service.remind_all`, in the benchmark's process while workers send): "
        f"{planned - started:.0f} s ({reminders / (planned - started):.0f}/s). "
        f"Everything delivered after {minutes:.1f} min "
        f"(goal {GOAL_DAY_MINUTES:g} min: {verdict}; {reminders / (ended - started):.0f} e-mails/s "
        "overall)."
    )
    bench.out()


def machine_lines(bench: Bench) -> list[str]:
    from report import machine
    from sqlalchemy import func, select

    with bench.app.app_context():
        from kring.extensions import db

        pg = db.session.execute(select(func.current_setting("server_version"))).scalar_one()
        db.session.rollback()
    redis = bench.app.extensions["kring.redis"].info("server")["redis_version"]
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return [
        *(f"- {name}: {value}" for name, value in machine()),
        f"- PostgreSQL {pg}, Redis {redis} (throwaway, `scripts/test-services.sh`: fsync off)",
        f"- Load average before the run (1, 5, 15 min): {load}",
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--rows", type=int, default=10_000, help="rows due at once (rate)")
    parser.add_argument("--per-second", type=float, default=20, help="rows falling due per s")
    parser.add_argument("--seconds", type=float, default=60, help="how long rows fall due")
    parser.add_argument("--big", type=int, default=10_000_000, help="rows for the lookup")
    parser.add_argument("--day", type=int, default=100_000, help="the day's reminders")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    databases = Databases.from_env()
    from kring.app import create_app
    from kring.config import Config

    with tempfile.TemporaryDirectory(prefix="kring-bench-outbox-") as tmp, CountingSink() as sink:
        folder = Path(tmp)
        log(f"migrating ({migrate(databases, folder / 'instance'):.1f} s)")
        config = Config(
            env="production",
            secret_key="bench-outbox-secret-key-that-is-long-enough",
            database_url=databases.app_url,
            migration_database_url=databases.owner_url,
            redis_url=databases.redis_url,
            instance_path=str(folder / "instance"),
        )
        bench = Bench(databases, folder, sink, create_app(config))
        bench.lines += ["# Kring outbox benchmark", "", *machine_lines(bench), ""]
        runs: dict[str, Callable[[], None]] = {
            "rate": lambda: part_rate(bench, args.rows),
            "latency": lambda: part_latency(bench, args.per_second, args.seconds),
            "lookup": lambda: part_lookup(bench, args.big),
            "day": lambda: part_day(bench, args.day),
        }
        for part in PARTS:
            if part in args.parts:
                started = time.perf_counter()
                runs[part]()
                log(f"{part} took {time.perf_counter() - started:.0f} s")
    text = "\n".join(bench.lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
