"""The embedded mode's worker thread really runs jobs: what ``make run`` relies on."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kring.app import create_app
from kring.core.tenancy import Tenant, TenantKind, TenantStatus, tenant_scope
from kring.extensions import db
from kring.jobs.worker import start_in_process
from kring.notify import service as notify
from kring.notify.models import OutboxMessage
from kring.testing.plugin import config_for_tests, migrate


def test_worker_thread_delivers_committed_mail(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'embedded.sqlite'}"
    app = create_app(
        config_for_tests(tmp_path, env="development", database_url=url, migration_database_url=url)
    )
    migrate(app)
    with app.app_context():
        tenant = Tenant(
            slug="los", name="Los", kind=TenantKind.municipality, status=TenantStatus.active
        )
        db.session.add(tenant)
        db.session.commit()
        tenant_id = tenant.id
        with tenant_scope(tenant_id):
            notify.queue_email("a@example.org", "Hallo", "Tekst", "embedded-1")
            db.session.commit()
    stop = start_in_process(app, poll_seconds=0.05)
    try:
        sent: Any = None
        deadline = time.monotonic() + 20
        while sent is None and time.monotonic() < deadline:
            time.sleep(0.1)
            with app.app_context(), tenant_scope(tenant_id):
                sent = db.session.execute(select(OutboxMessage.sent_at)).scalar_one()
    finally:
        stop.set()
        # The thread finishes the periodic jobs in hand before it stops; wait for it, so none
        # of them is still running when the next test has the database.
        for thread in threading.enumerate():
            if thread.name == "kring-worker":
                thread.join(timeout=60)
    assert sent is not None
    assert list((tmp_path / "instance" / "mail").glob("*.eml"))
