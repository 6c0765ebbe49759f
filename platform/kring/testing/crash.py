"""Real ``kring worker`` processes, committed outbox rows and a restartable Redis: what the crash
tests (``tests/notify/test_crash.py``) and the outbox benchmark (``bench/outbox.py``) share.

The test fixtures roll every test back, which a worker in another process could never see; here
rows are committed in a tenant of their own, and ``committed_tenant`` removes it afterwards.
Processes are started in sessions of their own and stopped by their process group's id only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from secrets import token_hex
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from redis import Redis
from sqlalchemy import delete, func, insert, select

from kring.core.db import utcnow
from kring.core.tenancy import Tenant, TenantKind, TenantStatus, system_scope, tenant_scope
from kring.extensions import db
from kring.notify.models import Channel, OutboxMessage

KRING = str(Path(sys.executable).with_name("kring"))
"""The ``kring`` command of the virtualenv running the tests."""


def message_id(tenant_id: int, row_id: int) -> str:
    """The ``Message-ID`` of an outbox e-mail (``kring.notify.mail.build``): it names the row."""
    return f"<outbox-{tenant_id}-{row_id}@kring>"


def wait_for(check: Callable[[], Any], seconds: float, what: str, every: float = 0.05) -> Any:
    """Poll ``check`` until it returns something true; fail with ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {seconds:g} s waiting for {what}")
        time.sleep(every)


def worker_env(
    database_url: str, redis_url: str, mail_port: int, instance_path: Path
) -> dict[str, str]:
    """The environment of a production worker that sends its mail to ``127.0.0.1:mail_port``."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("KRING_")}
    return {
        **keep,
        "KRING_ENV": "production",
        "KRING_SECRET_KEY": "crash-test-secret-key-that-is-long-enough",
        "KRING_DATABASE_URL": database_url,
        "KRING_REDIS_URL": redis_url,
        "KRING_MAIL_SERVER": "127.0.0.1",
        "KRING_MAIL_PORT": str(mail_port),
        "KRING_MAIL_USE_TLS": "false",
        "KRING_INSTANCE_PATH": str(instance_path),
    }


@dataclass
class KringProcess:
    """One ``kring <command>`` process in a session of its own, its output in ``log``."""

    env: Mapping[str, str]
    log: Path
    command: tuple[str, ...] = ("worker",)
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> KringProcess:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [KRING, *self.command],
                env=dict(self.env),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the process's own group (its id, never a name)."""
        if self.alive:
            assert self.process is not None
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """``kill -9``: no handler runs, no transaction is committed, nothing is cleaned up."""
        self.signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(10)

    def stop(self, seconds: float = 10) -> None:
        """SIGTERM, then SIGKILL when it has not ended within ``seconds``."""
        if not self.alive:
            return
        assert self.process is not None
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextmanager
def processes(
    env: Mapping[str, str], folder: Path, command: tuple[str, ...] = ("worker",)
) -> Iterator[Callable[[], KringProcess]]:
    """``start()`` starts another ``kring worker`` (or ``command``); all are stopped at the end."""
    started: list[KringProcess] = []

    def start() -> KringProcess:
        name = "-".join(command)
        started.append(
            KringProcess(env, folder / f"{name}-{len(started)}.log", command=command).start()
        )
        return started[-1]

    try:
        yield start
    finally:
        for process in started:
            process.stop()


def new_tenant(app: Flask, name: str) -> int:
    """Commit an active tenant named after ``name``; returns its id."""
    with app.app_context():
        tenant = Tenant(
            slug=f"{name}-{token_hex(4)}",
            name=f"Gemeente {name} {token_hex(2)}",
            kind=TenantKind.municipality,
            locale="nl",
            status=TenantStatus.active,
        )
        db.session.add(tenant)
        db.session.commit()
        return int(tenant.id)


@contextmanager
def committed_tenant(app: Flask, name: str = "crash") -> Iterator[int]:
    """An active tenant whose rows are committed (other processes see them); removed, with its
    outbox, at the end."""
    tenant_id = new_tenant(app, name)
    try:
        yield tenant_id
    finally:
        with app.app_context():
            with tenant_scope(tenant_id):
                db.session.execute(delete(OutboxMessage))
                db.session.commit()
            with system_scope("a test removes the tenant it committed"):
                db.session.execute(delete(Tenant).where(Tenant.id == tenant_id))
                db.session.commit()


def email_row(index: int, due_at: datetime, tenant_id: int, **fields: Any) -> dict[str, Any]:
    """One e-mail outbox row, as ``kring.notify.service.queue_email`` writes it."""
    return {
        "tenant_id": tenant_id,
        "idempotency_key": f"crash:{index}",
        "kind": "message",
        "channel": Channel.email,
        "recipient": f"person{index}@example.org",
        "subject": f"Herinnering {index}",
        "body": f"Morgen om 10:00 komt de kring bij elkaar ({index}).",
        "due_at": due_at,
        "created_at": due_at,
        "attempts": 0,
        "is_digest": False,
        "is_copy": False,
        "locale": "nl",
        **fields,
    }


def insert_rows(app: Flask, tenant_id: int, rows: Iterable[dict[str, Any]]) -> None:
    """Insert outbox rows in bulk and commit, without enqueueing their delivery (the sweeper
    finds them, as it finds rows whose jobs Redis lost)."""
    batch: list[dict[str, Any]] = []
    with app.app_context(), tenant_scope(tenant_id):
        for row in rows:
            batch.append(row)
            if len(batch) == 5000:
                db.session.execute(insert(OutboxMessage), batch)
                batch.clear()
        if batch:
            db.session.execute(insert(OutboxMessage), batch)
        db.session.commit()


def outbox_ids(app: Flask, tenant_id: int) -> list[int]:
    with app.app_context(), tenant_scope(tenant_id):
        return list(db.session.execute(select(OutboxMessage.id)).scalars())


def unsent(app: Flask, tenant_id: int) -> int:
    """How many of the tenant's rows are not marked sent yet."""
    with app.app_context(), tenant_scope(tenant_id):
        count = db.session.execute(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.sent_at.is_(None))
        ).scalar_one()
        db.session.rollback()
        return int(count)


def delays(app: Flask, tenant_id: int) -> list[timedelta]:
    """``sent_at - due_at`` of every sent row of the tenant."""
    with app.app_context(), tenant_scope(tenant_id):
        rows = db.session.execute(
            select(OutboxMessage.sent_at, OutboxMessage.due_at).where(
                OutboxMessage.sent_at.is_not(None)
            )
        ).all()
        db.session.rollback()
    return [sent - due for sent, due in rows if sent is not None]


def duplicates(counts: Counter[str]) -> int:
    """Deliveries beyond the first, over all messages."""
    return sum(n - 1 for n in counts.values())


def due_now() -> datetime:
    return utcnow() - timedelta(seconds=1)


class RestartableRedis:
    """The throwaway Redis of ``scripts/test-services.sh``, stopped and started again from the
    configuration file it was started with (``INFO server``'s ``config_file``), on the same port.
    It keeps nothing on disk, so a restart loses every queued job."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.connection = Redis.from_url(url)
        self.config_file = str(self.connection.info("server").get("config_file") or "")

    @property
    def can_restart(self) -> bool:
        return bool(self.config_file) and Path(self.config_file).exists()

    def stop(self) -> None:
        # The server closes the connection as it goes down: that error is the answer.
        with suppress(Exception):
            self.connection.shutdown(nosave=True)
        port = urlsplit(self.url).port
        wait_for(lambda: not _answers(port), 10, f"Redis on port {port} to stop")

    def start(self) -> None:
        subprocess.run(["redis-server", self.config_file], check=True, capture_output=True)
        port = urlsplit(self.url).port
        wait_for(lambda: _answers(port), 10, f"Redis on port {port} to start")

    def restart(self) -> None:
        self.stop()
        self.start()


def _answers(port: int | None) -> bool:
    try:
        return bool(Redis(host="127.0.0.1", port=port or 6379, socket_timeout=0.5).ping())
    except Exception:
        return False
