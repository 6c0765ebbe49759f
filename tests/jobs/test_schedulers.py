"""Two schedulers at once, and a rule sweep run twice for the same day, on real PostgreSQL and
Redis: every reminder is written once and arrives once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from kring.app import MODULES
from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.jobs import SERIALIZER, get_queue
from kring.jobs.worker import ThreadWorker, scheduler_for
from kring.module import Module
from kring.notify import rules
from kring.notify.models import OutboxMessage
from kring.people.models import Person
from tests.jobs.registry import committed_emails

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

PEOPLE = 40


@pytest.fixture
def day_rule(redis_app: Flask, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test rule (everyone hears of today) among the areas, and mail to the sink."""
    rule = Module(name="test-rules", reminders=("tests.jobs.rules:everyone",))
    monkeypatch.setitem(redis_app.extensions, "kring.modules", [*MODULES, rule])
    config = replace(redis_app.extensions["kring.config"], **smtp_sink.config())
    monkeypatch.setitem(redis_app.extensions, "kring.config", config)
    with redis_app.app_context():
        get_queue().empty()
    yield


def _people(app: Flask, tenant_id: int) -> None:
    with app.app_context(), tenant_scope(tenant_id):
        for n in range(PEOPLE):
            db.session.add(Person(name=f"Bewoner {n}", email=f"bewoner{n}@example.org"))
        db.session.commit()


def _rows(app: Flask, tenant_id: int) -> tuple[int, int]:
    """(rows, distinct keys) of the tenant's outbox."""
    with app.app_context(), tenant_scope(tenant_id):
        return db.session.execute(
            select(func.count(), func.count(func.distinct(OutboxMessage.idempotency_key)))
        ).one()


def _work_in_threads(app: Flask, workers: int) -> None:
    """Work the queue empty with several workers at once, as separate worker processes would."""
    queue = get_queue()

    def work() -> None:
        with app.app_context():
            worker = ThreadWorker([queue], connection=queue.connection, serializer=SERIALIZER)
            worker.work(burst=True, logging_level="WARNING")

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_two_schedulers_at_once_write_and_send_every_reminder_once(
    redis_app: Flask, committed_tenant: int, smtp_sink: Any, day_rule: None
) -> None:
    _people(redis_app, committed_tenant)
    first, second = scheduler_for(redis_app, "first"), scheduler_for(redis_app, "second")
    with redis_app.app_context():
        for _ in range(2):  # two ticks of two schedulers: everything enqueued four times
            for scheduler in (first, second):
                for periodic in scheduler.get_jobs():
                    periodic.enqueue(get_queue().connection)
        assert get_queue().count >= 4 * len(first.get_jobs())
        _work_in_threads(redis_app, workers=3)
        _work_in_threads(redis_app, workers=3)  # what the first round's commits enqueued
    rows, keys = _rows(redis_app, committed_tenant)
    assert rows == keys == PEOPLE
    arrived = smtp_sink.count_by_message_id()
    assert len(arrived) == PEOPLE and set(arrived.values()) == {1}
    recipients = sorted(str(m["To"]) for m in smtp_sink.received())
    assert recipients == sorted(f"bewoner{n}@example.org" for n in range(PEOPLE))


def test_the_rule_sweep_run_twice_for_the_same_day_writes_nothing_twice(
    redis_app: Flask, committed_tenant: int, day_rule: None
) -> None:
    _people(redis_app, committed_tenant)
    with redis_app.app_context():
        rules.sweep_rules()
        assert _rows(redis_app, committed_tenant) == (PEOPLE, PEOPLE)
        rules.sweep_rules()
    assert _rows(redis_app, committed_tenant) == (PEOPLE, PEOPLE)

    # Two sweeps at the very same time (past the job's lock): the unique key still holds.
    barrier = threading.Barrier(2)
    with redis_app.app_context():
        get_queue().empty()

    def sweep() -> None:
        with redis_app.app_context():
            barrier.wait()
            rules.sweep_rules()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert _rows(redis_app, committed_tenant) == (PEOPLE, PEOPLE)


def test_the_sweeper_leaves_a_long_queue_to_the_workers_and_refills_an_empty_one(
    redis_app: Flask, committed_tenant: int
) -> None:
    from kring.notify import jobs as outbox

    with redis_app.app_context():
        queue = get_queue()
        queue.empty()
        ids = committed_emails(committed_tenant, 3, "sweep")
        with tenant_scope(committed_tenant):
            for _ in range(outbox.BUSY_QUEUE):
                outbox.deliver.enqueue(0)
        assert outbox.sweep() == 0  # the workers are behind: nothing is queued twice
        queue.empty()  # as FLUSHALL would
        assert outbox.sweep() == 3
        (batch,) = queue.jobs  # one delivery job with the three ids
        assert sorted(batch.args[2:]) == sorted(ids)
        queue.empty()
