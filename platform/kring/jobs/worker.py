"""Worker and scheduler processes, and the in-process pair used in the embedded mode.

Both processes outlive a Redis restart: RQ's worker retries a lost connection only while it
waits for a job, and RQ's cron scheduler not at all, so each runs in a loop here that waits and
starts again. A SIGTERM stops the worker warmly (RQ finishes the job in hand, then stops; what is
still queued stays queued, and the outbox's pending rows stay pending for the next worker).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask
from redis import Redis
from rq import SimpleWorker
from rq import cron_job_registry as cron_registry
from rq.cron import CronJob, CronScheduler
from rq.defaults import DEFAULT_CRON_JOB_HISTORY_LIMIT, DEFAULT_CRON_JOB_HISTORY_TTL
from rq.exceptions import StopRequested
from rq.job import Job
from rq.timeouts import TimerDeathPenalty

from kring.jobs import (
    QUEUE_NAME,
    REDIS_ERRORS,
    SERIALIZER,
    JobSpec,
    bind_app,
    get_queue,
    make_queue,
    spec_of,
    stopping,
)

log = logging.getLogger(__name__)

MAX_RECONNECT_WAIT = 30.0


class PeriodicJobs:
    """The registry handed to ``kring_register_jobs``: plugins add their periodic jobs here."""

    def __init__(self) -> None:
        self.entries: list[tuple[Callable[..., Any], int]] = []

    def every(self, seconds: int, fn: Callable[..., Any]) -> None:
        """Run job ``fn`` (decorated with ``@job``) every ``seconds``."""
        if seconds < 1:
            raise ValueError("a periodic job needs an interval of at least one second")
        spec_of(fn)  # a periodic job is a job: with its timeout and retry
        self.entries.append((fn, seconds))

    def specs(self) -> list[tuple[JobSpec, int]]:
        return [(spec_of(fn), seconds) for fn, seconds in self.entries]


def periodic_jobs(app: Flask) -> PeriodicJobs:
    """What the scheduler runs: every area's periodic jobs, then the plugins'."""
    from kring.module import load

    registry = PeriodicJobs()
    for module in app.extensions["kring.modules"]:
        for periodic in module.jobs:
            registry.every(periodic.seconds, load(periodic.job))
    app.extensions["kring.plugins"].register_jobs(registry)
    return registry


def _backoff(wait: float) -> float:
    return min(wait * 2, MAX_RECONNECT_WAIT)


class Worker(SimpleWorker):
    """RQ's worker without a fork per job, that tells the job in hand when it is asked to stop
    (``kring.jobs.stopping``), so a batch can end after its current item."""

    def request_stop(self, signum: int, frame: Any) -> None:
        stopping.set()
        super().request_stop(signum, frame)


def run_worker(app: Flask, burst: bool = False) -> None:
    """One worker process: works the queue until SIGTERM/SIGINT (warm: the job in hand ends
    first, a delivery batch after its current message), and starts over, with a new
    registration, after losing Redis."""
    bind_app(app)
    stopping.clear()
    queue = get_queue()
    wait = 1.0
    while True:
        worker = Worker([queue], connection=queue.connection, serializer=SERIALIZER)
        try:
            with app.app_context():
                worker.work(burst=burst, with_scheduler=True)
        except REDIS_ERRORS as exc:
            log.warning("worker lost Redis (%s); starting again in %.0f s", exc, wait)
        if burst or worker._stop_requested or worker._shutdown_requested_date is not None:
            return
        try:
            time.sleep(wait)
        except StopRequested:  # the signal came while waiting for Redis to return
            return
        wait = _backoff(wait)


class _PeriodicJob(CronJob):
    """A periodic job as our scheduler enqueues it: through ``kring.jobs.run`` by name, with the
    job's own timeout and retry, in JSON (RQ's ``CronJob`` would enqueue with pickle and no
    retry)."""

    def __init__(self, spec: JobSpec, seconds: int) -> None:
        from kring.jobs import run

        super().__init__(
            queue_name=QUEUE_NAME,
            func=run,
            args=(spec.name, None),
            interval=seconds,
            job_timeout=spec.timeout,
            name=spec.name,
        )
        self.spec = spec

    def enqueue(self, connection: Redis) -> Job:
        from kring.jobs import run

        queue = make_queue(connection)
        with connection.pipeline() as pipeline:
            job = queue.enqueue(run, *self.args, **self.spec.options(), pipeline=pipeline)
            enqueued_at = (job.enqueued_at or datetime.now()).timestamp()
            pipeline.zadd(self.job_history_key, {job.id: enqueued_at})
            pipeline.zremrangebyrank(self.job_history_key, 0, -(DEFAULT_CRON_JOB_HISTORY_LIMIT + 1))
            pipeline.expire(self.job_history_key, DEFAULT_CRON_JOB_HISTORY_TTL)
            cron_registry.add(self.name, pipeline, enqueue_timestamp=enqueued_at)
            pipeline.execute()
        return job


class Scheduler(CronScheduler):
    """RQ's cron scheduler with Kring's periodic jobs, which keeps going when Redis goes away.

    Exactly one is meant to run (``docs/architecture.md``); a second one does no harm, it only
    enqueues each periodic job twice: the jobs are idempotent (outbox rows have unique keys,
    delivery claims rows with ``SKIP LOCKED``) and the rule sweep runs one at a time.
    """

    def __init__(self, connection: Redis, name: str = "") -> None:
        super().__init__(connection=connection, name=name)
        self.serializer = SERIALIZER

    def add(self, spec: JobSpec, seconds: int) -> CronJob:
        cron_job = _PeriodicJob(spec, seconds)
        self._cron_jobs.append(cron_job)
        return cron_job

    def start(self) -> None:
        self._install_signal_handlers()
        wait = 1.0
        registered = False
        try:
            while True:
                try:
                    if not registered:
                        self.register_birth()
                        registered = True
                    if self.enqueue_jobs():
                        self.save()
                    self.heartbeat()
                    wait = 1.0
                    pause = self.calculate_sleep_interval()
                except REDIS_ERRORS as exc:
                    log.warning("scheduler lost Redis (%s); trying again in %.0f s", exc, wait)
                    registered = False
                    pause, wait = wait, _backoff(wait)
                if pause > 0:
                    time.sleep(pause)
        except (KeyboardInterrupt, StopRequested):
            log.info("scheduler %s: stopping", self.name)
        finally:
            with contextlib.suppress(*REDIS_ERRORS):
                self.register_death()


def scheduler_for(app: Flask, name: str = "") -> Scheduler:
    """The scheduler with every periodic job registered (not started)."""
    connection: Redis = app.extensions["kring.redis"]
    scheduler = Scheduler(connection=connection, name=name)
    for spec, seconds in periodic_jobs(app).specs():
        scheduler.add(spec, seconds)
    return scheduler


def run_scheduler(app: Flask) -> None:
    """The one scheduler replica: enqueues each periodic job on RQ's cron scheduling."""
    bind_app(app)
    scheduler_for(app).start()


class ThreadWorker(SimpleWorker):
    """A worker for a background thread: signals belong to the main thread there, so job
    timeouts use a timer instead of SIGALRM."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        pass


def start_in_process(app: Flask, poll_seconds: float = 1.0) -> threading.Event:
    """Embedded mode: one daemon thread that works the queue and runs the periodic jobs.

    RQ's own scheduler (which puts a retried job back after its interval) needs Lua, which the
    in-process Redis lacks; a job that raised waits for its next periodic run instead, and an
    outbox row for the sweeper.

    Returns an event that stops the thread when set.
    """
    from kring.jobs import run

    bind_app(app)
    stop = threading.Event()
    queue = get_queue()
    entries = periodic_jobs(app).specs()
    last_run: dict[str, float] = {}

    def loop() -> None:
        worker = ThreadWorker([queue], connection=queue.connection, serializer=SERIALIZER)
        clock = 0.0
        while not stop.is_set():
            for spec, seconds in entries:
                if clock - last_run.get(spec.name, -seconds) >= seconds:
                    last_run[spec.name] = clock
                    queue.enqueue(run, spec.name, None, **spec.options())
            try:
                with app.app_context():
                    worker.work(burst=True, logging_level="WARNING")
            except Exception:  # keep the thread alive; the job's failure is in RQ's registry
                log.exception("in-process worker failed")
                worker = ThreadWorker([queue], connection=queue.connection, serializer=SERIALIZER)
            stop.wait(poll_seconds)
            clock += poll_seconds

    threading.Thread(target=loop, name="kring-worker", daemon=True).start()
    return stop
