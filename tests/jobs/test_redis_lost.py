"""Losing Redis stops nothing for good: the worker and the scheduler start again, and a commit
whose delivery cannot be enqueued keeps its rows for the sweeper."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from flask import Flask
from rq import SimpleWorker
from rq.exceptions import StopRequested

from kring.extensions import db
from kring.jobs import worker as workers
from kring.notify import jobs as outbox
from kring.notify import service as notify

LOST = redis.exceptions.ConnectionError("Connection refused")


def test_the_worker_starts_again_after_losing_redis(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[SimpleWorker] = []

    def work(self: SimpleWorker, **_kwargs: Any) -> bool:
        runs.append(self)
        if len(runs) < 3:
            raise LOST
        self._stop_requested = True  # the third run ends with a SIGTERM
        return True

    monkeypatch.setattr(SimpleWorker, "work", work)
    monkeypatch.setattr(workers.time, "sleep", lambda _s: None)
    workers.run_worker(app)
    assert len(runs) == 3 and len({w.name for w in runs}) == 3  # a new registration each time


def test_the_scheduler_keeps_going_without_redis(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduler = workers.scheduler_for(app)
    ticks: list[int] = []
    monkeypatch.setattr(scheduler, "_install_signal_handlers", lambda: None)
    monkeypatch.setattr(workers.time, "sleep", lambda _s: None)

    def enqueue_jobs() -> list[Any]:
        ticks.append(1)
        if len(ticks) < 3:
            raise LOST
        raise StopRequested  # SIGTERM

    monkeypatch.setattr(scheduler, "enqueue_jobs", enqueue_jobs)
    scheduler.start()
    assert len(ticks) == 3


def test_a_commit_keeps_its_rows_when_redis_is_away(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_ids: int) -> None:
        raise LOST

    monkeypatch.setattr(outbox.deliver, "enqueue", refuse)
    message = notify.queue_email("a@example.org", "Hallo", "Tekst", "redis-away")
    db.session.commit()  # no error for the person who caused the message
    db.session.expire_all()
    assert message.sent_at is None and message.id in notify.due_message_ids(message.due_at)
