"""Worker and scheduler processes, and the in-process pair used in the embedded mode."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from redis import Redis
from rq import SimpleWorker
from rq.cron import CronScheduler
from rq.timeouts import TimerDeathPenalty

from kring.jobs import QUEUE_NAME, bind_app, get_queue

log = logging.getLogger(__name__)


class PeriodicJobs:
    """The registry handed to ``kring_register_jobs``: plugins add their periodic jobs here."""

    def __init__(self) -> None:
        self.entries: list[tuple[Callable[..., Any], int]] = []

    def every(self, seconds: int, fn: Callable[..., Any]) -> None:
        """Run job ``fn`` (decorated with ``@job``) every ``seconds``."""
        if seconds < 1:
            raise ValueError("a periodic job needs an interval of at least one second")
        self.entries.append((fn, seconds))


def periodic_jobs(app: Flask) -> PeriodicJobs:
    """What the scheduler runs: every area's periodic jobs, then the plugins'."""
    from kring.module import load

    registry = PeriodicJobs()
    for module in app.extensions["kring.modules"]:
        for periodic in module.jobs:
            registry.every(periodic.seconds, load(periodic.job))
    app.extensions["kring.plugins"].register_jobs(registry)
    return registry


def run_worker(app: Flask, burst: bool = False) -> None:
    bind_app(app)
    queue = get_queue()
    with app.app_context():
        SimpleWorker([queue], connection=queue.connection).work(burst=burst)


def run_scheduler(app: Flask) -> None:
    """The one scheduler replica: enqueues each periodic job through RQ's cron scheduler."""
    from kring.jobs import run

    bind_app(app)
    connection: Redis = app.extensions["kring.redis"]
    cron = CronScheduler(connection=connection)
    for fn, seconds in periodic_jobs(app).entries:
        name = f"{fn.__module__}.{fn.__name__}"
        cron.register(run, queue_name=QUEUE_NAME, args=(name, None), interval=seconds, name=name)
    cron.start()


class _ThreadWorker(SimpleWorker):
    """A worker for a background thread: signals belong to the main thread there, so job
    timeouts use a timer instead of SIGALRM."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        pass


def start_in_process(app: Flask, poll_seconds: float = 1.0) -> threading.Event:
    """Embedded mode: one daemon thread that works the queue and runs the periodic jobs.

    Returns an event that stops the thread when set.
    """
    from kring.jobs import run

    bind_app(app)
    stop = threading.Event()
    queue = get_queue()
    entries = periodic_jobs(app).entries
    last_run: dict[str, float] = {}

    def loop() -> None:
        worker = _ThreadWorker([queue], connection=queue.connection)
        clock = 0.0
        while not stop.is_set():
            for fn, seconds in entries:
                name = f"{fn.__module__}.{fn.__name__}"
                if clock - last_run.get(name, -seconds) >= seconds:
                    last_run[name] = clock
                    queue.enqueue(run, name, None)
            try:
                with app.app_context():
                    worker.work(burst=True, logging_level="WARNING")
            except Exception:  # keep the thread alive; the job's failure is in RQ's registry
                log.exception("in-process worker failed")
            stop.wait(poll_seconds)
            clock += poll_seconds

    threading.Thread(target=loop, name="kring-worker", daemon=True).start()
    return stop
