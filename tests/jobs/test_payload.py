"""What waits in Redis is readable JSON holding ids and enum values only, and a job restores its
tenant or refuses to run."""

from __future__ import annotations

import enum
import inspect
import json
import sys
import zlib
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.db import utcnow
from kring.core.methodology import Phrase, ReminderIntent
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.jobs import TenantUnavailable, get_queue, run
from kring.jobs.worker import scheduler_for
from kring.notify import jobs as outbox
from kring.notify import service as notify
from kring.notify.models import OutboxMessage
from kring.people.models import Person
from tests.jobs.registry import all_jobs

SECRETS = ("Ans de Vries", "ans@example.org", "0612345678", "Buurthuis", "Wachtwoord", "reset@")


def _outbox_rows() -> list[int]:
    person = Person(name="Ans de Vries", email="ans@example.org", phone="0612345678")
    db.session.add(person)
    db.session.flush()
    intent = ReminderIntent(
        key=f"payload:{person.id}",
        kind="meeting",
        title=Phrase(en="Meeting tomorrow", nl="Morgen bijeenkomst"),
        body=Phrase(en="See you at {place}.", nl="Tot ziens in {place}."),
        params={"place": "het Buurthuis"},
        due_at=utcnow(),
        person_id=person.id,
    )
    rows = notify.remind(intent)
    rows.append(notify.queue_email("reset@example.org", "Wachtwoord", "Klik hier", "payload-r"))
    db.session.info.pop("kring_outbox_ids", None)
    return [row.id for row in rows]


def _enum_values() -> set[str]:
    values: set[str] = set()
    for module in list(sys.modules.values()):
        if not (getattr(module, "__name__", "") or "").startswith("kring"):
            continue
        for _, member in inspect.getmembers(module, inspect.isclass):
            if issubclass(member, enum.Enum):
                values |= {str(item.value) for item in member}
    return values


def _payload(connection: Any, job_id: str) -> tuple[dict[bytes, bytes], list[Any]]:
    raw = connection.hgetall(f"rq:job:{job_id}")
    data = json.loads(zlib.decompress(raw[b"data"]))  # JSON, not pickle
    return raw, data


@pytest.mark.redis
def test_every_job_in_redis_holds_ids_and_enums_only(redis_app: Flask, tenant: Tenant) -> None:
    jobs = all_jobs()
    with redis_app.app_context():
        queue = get_queue()
        queue.empty()
        rows = _outbox_rows()
        samples = {
            "kring.notify.jobs.deliver": rows,
            "kring.onboarding.jobs.deliver_before_approval": [tenant.id, *rows],
        }
        enqueued = []
        for name, spec in jobs.items():
            takes_args = bool(inspect.signature(spec.fn).parameters)
            assert not takes_args or name in samples, f"add sample ids for {name} to this test"
            enqueued.append(spec.fn.enqueue(*samples.get(name, ())))  # type: ignore[attr-defined]
        scheduled = scheduler_for(redis_app).get_jobs()
        enqueued += [periodic.enqueue(queue.connection) for periodic in scheduled]
        enums = _enum_values()
        for job in enqueued:
            raw, (function, instance, args, kwargs) = _payload(queue.connection, job.id)
            assert function == "kring.jobs.run" and instance is None and kwargs == {}
            name, tenant_id, *rest = args
            assert name in jobs and tenant_id in (None, tenant.id)
            assert all(a is None or type(a) is int or (type(a) is str and a in enums) for a in rest)
            assert int(raw[b"timeout"]) == jobs[name].timeout
            assert int(raw[b"retries_left"]) == jobs[name].retry.max
            text = b" ".join(raw.values()) + zlib.decompress(raw[b"data"])
            for secret in SECRETS:
                assert secret.encode() not in text, (name, secret)
        (delivery,) = [j for j in enqueued if j.args[0] == "kring.notify.jobs.deliver"]
        assert delivery.args[2:] == tuple(samples["kring.notify.jobs.deliver"])
        queue.empty()


def _sent(message_id: int) -> datetime | None:
    with tenant_scope(_tenant_of(message_id)):
        return db.session.execute(
            select(OutboxMessage.sent_at).where(OutboxMessage.id == message_id)
        ).scalar_one()


def _tenant_of(message_id: int) -> int:
    from kring.core.tenancy import system_scope

    with system_scope("test reads a row's tenant"):
        return db.session.execute(
            select(OutboxMessage.tenant_id).where(OutboxMessage.id == message_id)
        ).scalar_one()


def test_a_job_for_a_tenant_that_does_not_exist_is_refused(app: Flask, tenant: Tenant) -> None:
    (message_id, *_) = _outbox_rows()
    with pytest.raises(TenantUnavailable, match="does not exist"):
        run("kring.notify.jobs.deliver", tenant.id + 10_000, message_id)
    assert _sent(message_id) is None


def test_a_job_for_a_suspended_tenant_does_nothing(app: Flask, tenant: Tenant) -> None:
    (message_id, *_) = _outbox_rows()
    tenant.status = TenantStatus.suspended
    db.session.flush()
    assert run("kring.notify.jobs.deliver", tenant.id, message_id) is None
    assert _sent(message_id) is None
    tenant.status = TenantStatus.active
    db.session.flush()
    assert run("kring.notify.jobs.deliver", tenant.id, message_id) == 1
    assert _sent(message_id) is not None


def test_unknown_jobs_and_arguments_that_are_not_ids_are_refused(tenant: Tenant) -> None:
    with pytest.raises(LookupError, match="not a registered job"):
        run("kring.notify.jobs.nothing", tenant.id)
    with pytest.raises(TypeError, match="ids and enum values only"):
        run(outbox.deliver.spec.name, tenant.id, {"email": "ans@example.org"})
