"""Crashes on the way out: real ``kring worker`` processes, real PostgreSQL and Redis, a real SMTP
server on loopback, and 1,000 due reminders committed in a tenant of their own.

Each test breaks something mid-batch (the worker killed with SIGKILL, Redis restarted with its
data lost, Redis emptied with FLUSHALL), lets a worker and the sweeper carry on, and then counts
what the SMTP sink received by ``Message-ID``, which names the outbox row: every row arrives,
and arrives once.

"Once" has one exception, and only for a killed worker. SMTP cannot be exactly-once across a
kill that falls between the mail server's ``250 OK`` and the commit that marks the row sent: the
row is still unsent, so it goes out again. At most one row is in flight per worker, so at most
one message arrives twice, and it carries the same ``Message-ID`` both times, so mail servers and
readers can tell it is the same message. Restarting or emptying Redis loses queued jobs, never
a commit, so there no message may arrive twice.

The tests play the scheduler: they enqueue the sweeper's job (``kring.notify.jobs:sweep``, every
60 s under ``kring scheduler``) every ``SWEEP_SECONDS``, and stop when no row is left unsent.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.jobs import get_queue
from kring.notify import service as notify
from kring.notify.jobs import sweep
from kring.testing.crash import (
    KringProcess,
    RestartableRedis,
    committed_tenant,
    due_now,
    duplicates,
    message_id,
    outbox_ids,
    processes,
    unsent,
    wait_for,
    worker_env,
)
from kring.testing.smtp import SmtpSink

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

COUNT = 1000
SWEEP_SECONDS = 1.0
SWEEP_LIMIT = 500
"""What one sweep enqueues per tenant at most (``notify.service.due_message_ids``)."""
PATIENCE = 90.0
"""Seconds a test waits for everything to arrive before it fails (it takes a few)."""


@pytest.fixture(scope="module")
def crash_app(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An application on the migrated test database (``app`` migrated it) with the real Redis,
    so committing an outbox row enqueues its delivery there, as in production."""
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    url = os.environ.get("KRING_TEST_REDIS_URL", "")
    application = create_app(config_for_tests(tmp_path_factory.mktemp("crash"), redis_url=url))
    yield application
    with application.app_context():
        db.engine.dispose()  # no pooled connection is left for the garbage collector to find


@pytest.fixture
def tenant_id(crash_app: Flask) -> Iterator[int]:
    with committed_tenant(crash_app) as committed, crash_app.app_context():
        get_queue().empty()
        yield committed


@pytest.fixture
def workers(
    crash_app: Flask, smtp_sink: SmtpSink, tmp_path: Path
) -> Iterator[Callable[[], KringProcess]]:
    """``workers()`` starts a real ``kring worker`` process; all are stopped after the test."""
    env = worker_env(
        os.environ["KRING_TEST_DATABASE_URL"],
        os.environ["KRING_TEST_REDIS_URL"],
        smtp_sink.port,
        tmp_path / "instance",
    )
    with processes(env, tmp_path) as start:
        yield start


def write_reminders(app: Flask, tenant_id: int) -> list[int]:
    """``COUNT`` due e-mails written through the outbox in one transaction: the commit enqueues
    one delivery job each."""
    with app.app_context(), tenant_scope(tenant_id):
        due = due_now()
        for n in range(COUNT):
            notify.queue_email(
                f"person{n}@example.org",
                f"Herinnering {n}",
                f"Morgen om 10:00 komt de kring bij elkaar ({n}).",
                f"crash:{n}",
                due_at=due,
                kind="meeting_reminder",
            )
        db.session.commit()
    return outbox_ids(app, tenant_id)


def sweep_until_sent(
    app: Flask,
    tenant_id: int,
    watched: list[KringProcess],
    keep_a_worker: Callable[[], None] | None = None,
) -> int:
    """Play the scheduler until no row of the tenant is unsent: enqueue the sweeper whenever the
    queue has run dry (checked every ``SWEEP_SECONDS``), as the real interval of 60 s would,
    with a backlog that takes less than that. Returns how many sweeps it took.

    ``keep_a_worker`` starts a worker again when the last one died, as Kubernetes would."""
    sweeps = 0

    def done() -> bool:
        nonlocal sweeps
        if keep_a_worker is not None:
            keep_a_worker()
        if not unsent(app, tenant_id):
            return True
        with app.app_context():
            if get_queue().count == 0:
                sweep.enqueue()
                sweeps += 1
        return False

    try:
        wait_for(done, PATIENCE, "every row to be marked sent", every=SWEEP_SECONDS)
    except AssertionError as failed:
        logs = "\n".join(f"--- {w.log.name}\n{w.output()[-4000:]}" for w in watched)
        raise AssertionError(f"{failed}: {unsent(app, tenant_id)} unsent\n{logs}") from None
    return sweeps


def assert_each_arrived(
    sink: SmtpSink, tenant_id: int, ids: list[int], at_most_twice: int, logs: str = ""
) -> None:
    """Every row's ``Message-ID`` arrived, nothing else did, and at most ``at_most_twice`` twice."""
    counts = sink.count_by_message_id()
    expected = {message_id(tenant_id, i) for i in ids}
    missing = expected - counts.keys()
    assert not missing, f"{len(missing)} never arrived, e.g. {sorted(missing)[:3]}\n{logs}"
    assert counts.keys() == expected, f"unexpected: {sorted(counts.keys() - expected)[:3]}"
    twice = {m: n for m, n in counts.items() if n > 1}
    assert duplicates(counts) <= at_most_twice, f"arrived more than once: {twice}"


def arrived(sink: SmtpSink, at_least: int) -> Callable[[], bool]:
    return lambda: len(sink.received()) >= at_least


def test_worker_killed_mid_batch_every_reminder_arrives_once(
    crash_app: Flask,
    smtp_sink: SmtpSink,
    tenant_id: int,
    workers: Callable[[], KringProcess],
) -> None:
    """``kill -9`` a worker a quarter of the way through: a new worker delivers what was still
    queued, the sweeper re-enqueues the job that died with the worker, and every reminder arrives
    once; at most the row in flight at the kill arrives twice (see the module's docstring)."""
    ids = write_reminders(crash_app, tenant_id)
    assert len(ids) == COUNT
    first = workers()
    wait_for(arrived(smtp_sink, COUNT // 4), PATIENCE, f"{COUNT // 4} mails\n{first.output()}")
    first.kill()
    at_kill = len(smtp_sink.received())
    assert at_kill < COUNT, "the worker finished before the kill: nothing was tested"
    assert unsent(crash_app, tenant_id) > 0

    second = workers()
    sweep_until_sent(crash_app, tenant_id, [first, second])
    assert_each_arrived(smtp_sink, tenant_id, ids, at_most_twice=1, logs=second.output())


def test_redis_restarted_mid_batch_every_reminder_arrives_once(
    crash_app: Flask,
    smtp_sink: SmtpSink,
    tenant_id: int,
    workers: Callable[[], KringProcess],
) -> None:
    """Redis stops and starts again empty (it keeps nothing on disk) while a worker is busy:
    the queued jobs are gone, the rows are not. The sweeper enqueues them again, and a worker
    (the same one, or a new one if the outage ended it) sends each once."""
    redis = RestartableRedis(os.environ["KRING_TEST_REDIS_URL"])
    if not redis.can_restart:
        pytest.skip("needs the restartable Redis of scripts/test-services.sh")
    ids = write_reminders(crash_app, tenant_id)
    running = [workers()]
    wait_for(arrived(smtp_sink, COUNT // 4), PATIENCE, f"{COUNT // 4} mails")
    redis.restart()
    assert len(smtp_sink.received()) < COUNT, "the worker finished before the restart"
    with crash_app.app_context():
        assert get_queue().count == 0, "Redis kept its queue over the restart: nothing was tested"

    def keep_a_worker() -> None:
        if not running[-1].alive:
            running.append(workers())

    sweep_until_sent(crash_app, tenant_id, running, keep_a_worker)
    assert_each_arrived(smtp_sink, tenant_id, ids, at_most_twice=0)


def test_flushall_mid_run_the_sweeper_enqueues_again_within_one_interval(
    crash_app: Flask,
    smtp_sink: SmtpSink,
    tenant_id: int,
    workers: Callable[[], KringProcess],
) -> None:
    """``FLUSHALL`` while a worker is busy: deliveries stop, because the queue is gone. One run
    of the sweeper (one interval of the scheduler) enqueues every due row again (up to its
    ``SWEEP_LIMIT`` per tenant, so the flush comes when fewer are left), and they all arrive,
    each once, without another sweep."""
    ids = write_reminders(crash_app, tenant_id)
    worker = workers()
    wait_for(arrived(smtp_sink, COUNT - SWEEP_LIMIT + 100), PATIENCE, "most mails")
    with crash_app.app_context():
        connection = get_queue().connection
        connection.flushall()
        at_flush = len(smtp_sink.received())
        assert at_flush < COUNT, "the worker finished before the flush: nothing was tested"
        wait_for(lambda: get_queue().count == 0, 5, "the queue to stay empty")
    left = unsent(crash_app, tenant_id)
    assert 0 < left < SWEEP_LIMIT

    with crash_app.app_context():
        sweep.enqueue()
    wait_for(
        lambda: not unsent(crash_app, tenant_id),
        PATIENCE,
        f"the {left} rows left to be sent after one sweep\n{worker.output()}",
    )
    assert worker.alive
    assert_each_arrived(smtp_sink, tenant_id, ids, at_most_twice=0)


def test_sweep_job_is_the_one_the_scheduler_runs(crash_app: Flask) -> None:
    """The tests above play the scheduler with ``sweep.enqueue()``: it must be the job
    ``kring scheduler`` runs periodically, or they would prove nothing about production."""
    from kring.jobs.worker import periodic_jobs

    assert sweep in [fn for fn, _seconds in periodic_jobs(crash_app).entries]
