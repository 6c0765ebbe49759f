"""SIGTERM to a real ``kring worker`` under load: the batch in hand ends after its message and
hands the rest back to the queue, nothing is lost, and a new worker delivers the rest, each
message once."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from rq.registry import FailedJobRegistry, StartedJobRegistry
from sqlalchemy import func, select

from kring.core.tenancy import tenant_scope
from kring.extensions import db
from kring.jobs import get_queue
from kring.notify import jobs as outbox
from kring.notify.models import OutboxMessage
from kring.testing.crash import processes, worker_env
from kring.testing.smtp import SmtpSink
from tests.jobs.registry import committed_emails

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

MESSAGES = 150  # three batches


class SlowSink(SmtpSink):
    """A mail server that takes its time, so a batch is still running when the signal comes."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


def _sent(app: Flask, tenant_id: int) -> int:
    with app.app_context(), tenant_scope(tenant_id):
        return db.session.execute(
            select(func.count()).where(OutboxMessage.sent_at.is_not(None))
        ).scalar_one()


def _unsent_ids(app: Flask, tenant_id: int) -> list[int]:
    with app.app_context(), tenant_scope(tenant_id):
        return list(
            db.session.execute(
                select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None))
            ).scalars()
        )


def _env(smtp_port: int, folder: Path) -> dict[str, str]:
    return worker_env(
        os.environ["KRING_TEST_DATABASE_URL"],
        os.environ["KRING_TEST_REDIS_URL"],
        smtp_port,
        folder / "instance",
    )


def _wait(condition: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigterm_finishes_the_running_job_and_loses_none(
    redis_app: Flask, committed_tenant: int, tmp_path: Path
) -> None:
    sink = SlowSink().start()
    try:
        with redis_app.app_context():
            queue = get_queue()
            queue.empty()
            ids = committed_emails(committed_tenant, MESSAGES, "stop")
            with tenant_scope(committed_tenant):
                assert outbox.enqueue_deliveries(ids) == MESSAGES // outbox.BATCH_SIZE
        with processes(_env(sink.port, tmp_path), tmp_path) as start:
            worker = start()
            _wait(lambda: _sent(redis_app, committed_tenant) >= 5, 60)  # a batch is underway
            worker.signal(signal.SIGTERM)
            assert worker.process is not None and worker.process.wait(timeout=60) == 0
        sent = _sent(redis_app, committed_tenant)
        assert 0 < sent < MESSAGES, worker.output()
        with redis_app.app_context():
            # the batch in hand ended after its message and handed the rest back: nothing
            # started or failed, and every unsent row is queued, once
            assert StartedJobRegistry(queue=queue).count == 0
            assert FailedJobRegistry(queue=queue).count == 0
            queued = [i for job in queue.jobs for i in job.args[2:]]
            assert len(queued) == len(set(queued)) == MESSAGES - sent
            assert set(queued) == set(_unsent_ids(redis_app, committed_tenant))
        assert len(sink.received()) == sent

        with processes(_env(sink.port, tmp_path), tmp_path, ("worker", "--burst")) as start:
            rest = start()
            assert rest.process is not None and rest.process.wait(timeout=120) == 0
        assert _sent(redis_app, committed_tenant) == MESSAGES
        arrived = sink.count_by_message_id()
        assert len(arrived) == MESSAGES and set(arrived.values()) == {1}
    finally:
        sink.stop()


def test_the_scheduler_process_enqueues_every_periodic_job_and_stops_on_sigterm(
    redis_app: Flask, tmp_path: Path
) -> None:
    from kring.jobs.worker import periodic_jobs

    expected = {spec.name for spec, _ in periodic_jobs(redis_app).specs()}
    with redis_app.app_context():
        queue = get_queue()
        queue.empty()
    with processes(_env(25, tmp_path), tmp_path, ("scheduler",)) as start:
        scheduler = start()
        _wait(lambda: {job.args[0] for job in queue.jobs} >= expected, 60)
        scheduler.signal(signal.SIGTERM)
        assert scheduler.process is not None and scheduler.process.wait(timeout=30) == 0
    for job in queue.jobs:
        assert job.func_name == "kring.jobs.run" and job.retries_left is not None
    queue.empty()
