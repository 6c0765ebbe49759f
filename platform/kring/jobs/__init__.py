"""Background jobs on RQ: ids in, tenant restored, one transaction per run.

A job is a plain function decorated with ``@job``. ``fn.enqueue(*ids)`` remembers the tenant in
scope and queues a call of ``run`` by name, so the payload in Redis carries ids only, never
personal data. ``run`` pushes an app context, restores the tenant and commits (or rolls back).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, cast

from flask import Flask, current_app, has_app_context
from rq import Queue

from kring.core.tenancy import current_tenant_id, tenant_scope

QUEUE_NAME = "default"

_registry: dict[str, Callable[..., Any]] = {}
_bound_app: Flask | None = None


class Job(Protocol):
    __name__: str

    def __call__(self, *args: Any) -> Any: ...
    def enqueue(self, *args: Any) -> Any: ...


def job(fn: Callable[..., Any]) -> Job:
    """Register ``fn`` as a job; arguments must be ids and other small JSON-able values."""
    name = f"{fn.__module__}.{fn.__name__}"
    _registry[name] = fn

    @functools.wraps(fn)
    def enqueue(*args: Any) -> Any:
        return get_queue().enqueue(run, name, current_tenant_id(), *args, job_timeout=300)

    wrapped = cast(Job, fn)
    wrapped.enqueue = enqueue  # type: ignore[method-assign]
    return wrapped


def bind_app(app: Flask) -> None:
    """Workers call this once, so jobs run outside a request can find the application."""
    global _bound_app
    _bound_app = app


def _app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
    if _bound_app is None:
        raise RuntimeError("no application bound for jobs: call kring.jobs.bind_app(app)")
    return _bound_app


def get_queue() -> Queue:
    return cast(Queue, _app().extensions["kring.queue"])


def run(name: str, tenant_id: int | None, *args: Any) -> Any:
    """What RQ executes: one registered job, in its tenant, in one transaction."""
    from kring.extensions import db

    fn = _registry[name]
    app = _app()
    with app.app_context():
        try:
            if tenant_id is None:
                result = fn(*args)
            else:
                with tenant_scope(tenant_id):
                    result = fn(*args)
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        return result
