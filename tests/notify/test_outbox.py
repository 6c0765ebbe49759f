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


def test_a_backlog_is_read_a_page_at_a_time_in_due_order(tenant: Any) -> None:
    start = utcnow() - timedelta(hours=1)
    for n in range(7):  # pairs share a due time: a page may end between them
        _message(key=f"backlog-{n}", due_at=start + timedelta(minutes=n // 2))
    _message(key="not-yet", due_at=utcnow() + timedelta(hours=1))
    now = utcnow()
    whole = notify.due_message_ids(now, limit=10)
    pages = list(notify.due_message_pages(now, 3, 10))
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [i for p in pages for i in p] == whole and len(whole) == 7
    assert [len(p) for p in notify.due_message_pages(now, 3, 5)] == [3, 2]


def test_committing_a_message_enqueues_its_delivery(tenant: Any) -> None:
    message = notify.queue_email("b@example.org", "Hallo", "Tekst", "commit-key")
    db.session.commit()
    db.session.expire_all()
    assert message.sent_at is not None


@pytest.mark.redis
def test_real_redis_worker_delivers_an_enqueued_message(
    tmp_path: Any, database: Any, tenant: Any
) -> None:
    from rq import SimpleWorker

    from kring.app import create_app
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


class Killed(BaseException):
    """A worker dying mid-batch (as RQ's job timeout or a SIGKILL would end the run)."""


def _due_rows(count: int) -> list[int]:
    ids = [_message(key=f"batch-{n}").id for n in range(count)]
    db.session.commit()
    return ids


def test_sweeper_enqueues_due_rows_in_batches_of_ids(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _due_rows(outbox.BATCH_SIZE * 2 + 3)
    batches: list[tuple[int, ...]] = []
    monkeypatch.setattr(outbox.deliver, "enqueue", lambda *ids: batches.append(ids))
    assert outbox.sweep() == len(ids)
    assert [len(b) for b in batches] == [outbox.BATCH_SIZE, outbox.BATCH_SIZE, 3]
    assert sorted(i for b in batches for i in b) == sorted(ids)


def test_a_commit_enqueues_what_it_wrote_in_batches(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[tuple[int, ...]] = []
    monkeypatch.setattr(outbox.deliver, "enqueue", lambda *ids: batches.append(ids))
    for n in range(outbox.BATCH_SIZE + 1):
        notify.queue_email("b@example.org", "Hallo", "Tekst", f"hook-{n}")
    db.session.commit()
    assert [len(b) for b in batches] == [outbox.BATCH_SIZE, 1]


def test_a_batch_shares_one_smtp_connection_and_each_mail_arrives(
    app: Flask, tenant: Any, smtp_sink: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smtplib
    from dataclasses import replace

    config = replace(app.extensions["kring.config"], **smtp_sink.config())
    monkeypatch.setitem(app.extensions, "kring.config", config)
    opened: list[object] = []
    original = smtplib.SMTP.connect

    def connect(self: smtplib.SMTP, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "connect", connect)
    ids = _due_rows(5)
    assert outbox.deliver(*ids) == 5
    assert len(opened) == 1
    assert sorted(smtp_sink.count_by_message_id().values()) == [1] * 5
    assert outbox.deliver(*ids) == 0  # sent is sent
    assert len(smtp_sink.received()) == 5


def test_a_row_the_server_refuses_does_not_hold_up_the_others(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _due_rows(3)
    original = mail.send

    def refuse_second(config: Any, message: Any, name: str, *rest: Any) -> None:
        if name.endswith(f"-{ids[1]}"):
            raise OSError("mailbox full")
        original(config, message, name, *rest)

    monkeypatch.setattr(mail, "send", refuse_second)
    assert outbox.deliver(*ids) == 2
    rows = {m.id: m for m in db.session.execute(select(OutboxMessage)).scalars()}
    assert rows[ids[1]].sent_at is None and rows[ids[1]].attempts == 1
    assert rows[ids[0]].sent_at is not None and rows[ids[2]].sent_at is not None


def test_a_run_killed_mid_batch_keeps_what_it_sent_and_leaves_the_rest_pending(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kring.jobs import run

    ids = _due_rows(4)
    original = mail.send

    def die_at_third(config: Any, message: Any, name: str, *rest: Any) -> None:
        if name.endswith(f"-{ids[2]}"):
            raise Killed
        original(config, message, name, *rest)

    monkeypatch.setattr(mail, "send", die_at_third)
    with pytest.raises(Killed):
        run(outbox.deliver.spec.name, tenant.id, *ids)
    db.session.expire_all()
    sent = dict(db.session.execute(select(OutboxMessage.id, OutboxMessage.sent_at)).all())
    assert [sent[i] is not None for i in ids] == [True, True, False, False]
    monkeypatch.setattr(mail, "send", original)
    assert outbox.sweep() == 2  # the next sweep hands out the two left
    db.session.expire_all()
    assert all(m.sent_at for m in db.session.execute(select(OutboxMessage)).scalars())


def test_a_message_whose_time_has_not_come_is_not_sent_early(tenant: Any) -> None:
    later = _message(key="quiet", due_at=utcnow() + timedelta(hours=8))
    db.session.commit()  # the commit enqueues it at once; the claim holds it back
    assert outbox.deliver(later.id) == 0
    db.session.expire_all()
    assert later.sent_at is None


def test_a_stopping_worker_ends_the_batch_after_its_message_and_hands_back_the_rest(
    tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kring.jobs import stopping

    ids = _due_rows(5)
    original = mail.send
    handed_back: list[tuple[int, ...]] = []

    def sigterm_during_second(config: Any, message: Any, name: str, *rest: Any) -> None:
        if name.endswith(f"-{ids[1]}"):
            stopping.set()
        original(config, message, name, *rest)

    monkeypatch.setattr(mail, "send", sigterm_during_second)
    monkeypatch.setattr(outbox.deliver, "enqueue", lambda *ids: handed_back.append(ids))
    try:
        assert outbox.deliver(*ids) == 2
    finally:
        stopping.clear()
    assert handed_back == [tuple(ids[2:])]
    db.session.expire_all()
    sent = dict(db.session.execute(select(OutboxMessage.id, OutboxMessage.sent_at)).all())
    assert [sent[i] is not None for i in ids] == [True, True, False, False, False]
