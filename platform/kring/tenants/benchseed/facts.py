"""The trainer's facts of the seeded tenants, written by the trainer's own refresh
(``kring.trainer.service.refresh_tenant``, one commit a tenant), in one process a core.

Why processes, not threads: a tenant's refresh spends about half its time in Python (reading
the tenant's rows, adding them up, building the rows it inserts) and half in PostgreSQL, and
threads share one interpreter lock, so two threads did little better than one. The national
seed refreshes 1,000 tenants, the largest part of its minutes.

The processes are forked from the command's own, so each inherits the application with its
plugins and configuration as they are, and opens connections of its own (``_start``): the
parent's connections stay the parent's.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from datetime import date

from flask import Flask

from kring.extensions import db

BATCHES_PER_PROCESS = 20
"""Tenants go to the processes in batches: small enough that the processes finish together and
the progress moves, large enough that handing them out costs nothing."""

_app: Flask | None = None
"""The application a forked process refreshes with (set in the parent just before the fork)."""


def processes() -> int:
    """One process a core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def refresh(app: Flask, tenant_ids: list[int], day: date, advance: Callable[[int], None]) -> int:
    """Refresh the trainer's facts of ``tenant_ids`` as of ``day`` in ``processes()`` forked
    processes, calling ``advance`` with the tenants done as batches finish; in this process
    where there is no ``fork`` (Windows). Returns the circles written."""
    global _app
    if "fork" not in multiprocessing.get_all_start_methods():
        return refresh_here(app, tenant_ids, day, advance)
    count = processes()
    size = max(1, len(tenant_ids) // (count * BATCHES_PER_PROCESS))
    batches = [tenant_ids[k : k + size] for k in range(0, len(tenant_ids), size)]
    _app = app
    try:
        with ProcessPoolExecutor(
            count, mp_context=multiprocessing.get_context("fork"), initializer=_start
        ) as pool:
            running: dict[Future[int], int] = {
                pool.submit(_refresh_batch, batch, day): len(batch) for batch in batches
            }
            written = 0
            for done in as_completed(running):
                written += done.result()
                advance(running[done])
    finally:
        _app = None
    return written


def _start() -> None:
    """A forked process's engines forget the parent's pooled connections without closing them
    (they are the parent's), so the process opens its own."""
    assert _app is not None
    with _app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def _refresh_batch(tenant_ids: list[int], day: date) -> int:
    assert _app is not None
    return refresh_here(_app, tenant_ids, day, lambda _n: None)


def refresh_here(
    app: Flask, tenant_ids: list[int], day: date, advance: Callable[[int], None]
) -> int:
    """The refresh of ``tenant_ids`` in this process, a commit a tenant."""
    from kring.core.tenancy import Tenant
    from kring.trainer import service as trainer

    host = app.extensions["kring.plugins"]
    written = 0
    with app.app_context():
        for tenant_id in tenant_ids:
            tenant = db.session.get(Tenant, tenant_id)
            assert tenant is not None
            written += trainer.refresh_tenant(tenant, host, day)
            db.session.commit()
            advance(1)
    return written
