from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.db import utcnow
from kring.extensions import db
from kring.notify import jobs as outbox
from kring.notify import mail
from kring.notify import service as notify
from kring.notify.models import OutboxMessage


def _message(**fields: Any) -> OutboxMessage:
    message = notify.queue_email(
        "a@example.org", "Onderwerp", "Tekst", fields.pop("key", "k1"), **fields
    )
    db.session.info.pop("kring_outbox_ids", None)  # deliver by hand in these tests
    return message


def test_same_idempotency_key_writes_one_row(tenant: Any) -> None:
    first = _message(key="same")
    second = _message(key="same")
    assert first.id == second.id
    assert len(db.session.execute(select(OutboxMessage)).all()) == 1


def test_delivery_marks_the_message_sent(app: Flask, tenant: Any) -> None:
    message = _message()
    outbox.deliver(message.id)
    assert message.sent_at is not None and message.attempts == 0


def test_failed_delivery_backs_off_then_gives_up(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any) -> None:
        raise OSError("SMTP server said no")

    monkeypatch.setattr(mail, "send", refuse)
    message = _message()
    before = utcnow()
    outbox.deliver(message.id)
    assert message.sent_at is None and message.attempts == 1
    assert message.due_at >= before + timedelta(minutes=1)
    assert "said no" in (message.last_error or "")
    outbox.deliver(message.id)  # backing off: not due yet, so not tried
    assert message.attempts == 1
    for _ in range(notify.MAX_ATTEMPTS - 1):
        message.due_at = utcnow()  # the back-off has passed
        outbox.deliver(message.id)
    assert message.failed_at is not None and message.attempts == notify.MAX_ATTEMPTS
    message.due_at = utcnow()
    outbox.deliver(message.id)  # given up: no further attempts
    assert message.attempts == notify.MAX_ATTEMPTS


def test_sweeper_delivers_due_messages_and_leaves_future_ones(tenant: Any) -> None:
    due = _message(key="due")
    later = _message(key="later", due_at=utcnow() + timedelta(hours=1))
    db.session.commit()
    assert outbox.sweep() == 1
    db.session.expire_all()
    assert due.sent_at is not None and later.sent_at is None


def test_committing_a_message_enqueues_its_delivery(tenant: Any) -> None:
    message = notify.queue_email("b@example.org", "Hallo", "Tekst", "commit-key")
    db.session.commit()
    db.session.expire_all()
    assert message.sent_at is not None


@pytest.mark.redis
def test_real_redis_worker_delivers_an_enqueued_message(
    tmp_path: Any, database: Any, tenant: Any
) -> None:
    from kring.app import create_app
    from rq import SimpleWorker

    from kring.jobs import SERIALIZER, bind_app, get_queue
    from kring.testing.plugin import config_for_tests

    app = create_app(config_for_tests(tmp_path, redis_url=os.environ["KRING_TEST_REDIS_URL"]))
    bind_app(app)
    with app.app_context():
        queue = get_queue()
        queue.empty()
        message = _message(key="redis")
        job = outbox.deliver.enqueue(message.id)
        assert job.get_status() == "queued"
        SimpleWorker([queue], connection=queue.connection, serializer=SERIALIZER).work(burst=True)
        assert job.get_status() == "finished", job.latest_result()
        sent_at = db.session.execute(
            select(OutboxMessage.sent_at).where(OutboxMessage.id == message.id)
        ).scalar_one()
    assert sent_at is not None
