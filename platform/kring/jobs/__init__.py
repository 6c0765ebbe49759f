"""Background jobs on RQ: ids in, tenant restored, one transaction per run.

A job is a plain function decorated with ``@job(timeout=..., retry=...)``: every job says how
long it may run and how RQ retries it when it raises (a lost database, a full disk; a refused
e-mail is the outbox's own business and does not raise). ``fn.enqueue(*ids)`` remembers the
tenant in scope and queues a call of ``run`` by name, with RQ's JSON serializer, so the payload
in Redis is readable and carries ids only, never personal data. ``run`` pushes an app context,
restores the tenant (or refuses: a tenant that is gone or not active gets nothing done) and
commits (or rolls back).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, cast

import redis
from flask import Flask, current_app, has_app_context
from redis import Redis
from rq import Queue, Retry, get_current_job
from rq.serializers import JSONSerializer

from kring.core.tenancy import Tenant, TenantStatus, current_tenant_id, tenant_scope
from kring.observe import outcomes
from kring.observe.context import job_context
from kring.observe.sentry import tag_job

QUEUE_NAME = "default"
SERIALIZER = JSONSerializer
"""Queue, workers and scheduler all speak JSON: what waits in Redis can be read (and checked)."""

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
"""What a lost or restarting Redis raises."""

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A registered job: its dotted name (what the payload carries), the function, and how RQ
    runs it."""

    name: str
    fn: Callable[..., Any]
    timeout: int
    retry: Retry
    single: bool

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ``Queue.enqueue`` (and the scheduler's enqueue)."""
        return {"job_timeout": self.timeout, "retry": self.retry, "description": self.name}


_registry: dict[str, JobSpec] = {}
_bound_app: Flask | None = None

stopping = threading.Event()
"""Set when the worker has been asked to stop (SIGTERM): a long job ends after the item in
hand and hands the rest back to the queue (``kring.notify.jobs.deliver`` does)."""


class TenantUnavailable(LookupError):
    """A job names a tenant that does not exist: it is refused before it touches anything."""


class Job(Protocol):
    __name__: str
    spec: JobSpec

    def __call__(self, *args: Any) -> Any: ...
    def enqueue(self, *args: Any) -> Any: ...


def job(*, timeout: int, retry: Retry, single: bool = False) -> Callable[[Callable[..., Any]], Job]:
    """Register a job; its arguments must be ids, enum values or ``None``.

    ``timeout``: seconds before RQ stops the run. ``retry``: ``Retry(max=, interval=[...])``,
    RQ's back-off when the run raises. ``single``: at most one run at a time across all
    workers (a second one, from a second scheduler, returns at once).
    """
    if timeout < 1:
        raise ValueError("a job needs a timeout of at least one second")
    if not isinstance(retry, Retry):
        raise TypeError("retry must be an rq.Retry")

    def register(fn: Callable[..., Any]) -> Job:
        name = f"{fn.__module__}.{fn.__name__}"
        spec = JobSpec(name=name, fn=fn, timeout=timeout, retry=retry, single=single)
        _registry[name] = spec

        @functools.wraps(fn)
        def enqueue(*args: Any) -> Any:
            return get_queue().enqueue(run, name, current_tenant_id(), *args, **spec.options())

        wrapped = cast(Job, fn)
        wrapped.enqueue = enqueue  # type: ignore[method-assign]
        wrapped.spec = spec
        return wrapped

    return register


def registered() -> dict[str, JobSpec]:
    """Every job registered so far, by name (import the modules first)."""
    return dict(_registry)


def spec_of(fn: Callable[..., Any]) -> JobSpec:
    """The registration of ``fn``; a clear error when it was never decorated with ``@job``."""
    spec = getattr(fn, "spec", None)
    if not isinstance(spec, JobSpec):
        raise TypeError(f"{fn!r} is not a job: decorate it with @kring.jobs.job(...)")
    return spec


def make_queue(connection: Redis, is_async: bool = True) -> Queue:
    """The one queue, speaking JSON."""
    return Queue(QUEUE_NAME, connection=connection, is_async=is_async, serializer=SERIALIZER)


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


def _tenant(tenant_id: int) -> Tenant:
    """The job's tenant; ``TenantUnavailable`` for an unknown one."""
    from kring.extensions import db

    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        raise TenantUnavailable(f"job refused: tenant {tenant_id} does not exist")
    return tenant


@contextmanager
def _single_flight(app: Flask, spec: JobSpec, tenant_id: int | None) -> Iterator[bool]:
    """Whether this run holds the job's lock (always, for jobs that are not ``single``).

    A plain ``SET NX EX`` with a token, released only by its holder, and gone by itself after
    the job's timeout when a worker dies holding it (no Lua: the in-process Redis has none).
    """
    if not spec.single:
        yield True
        return
    connection: Redis = app.extensions["kring.redis"]
    key = f"kring:job-lock:{spec.name}:{tenant_id}"
    token = uuid.uuid4().hex
    if not connection.set(key, token, nx=True, ex=spec.timeout + 5):
        yield False
        return
    try:
        yield True
    finally:
        with connection.pipeline() as pipe:
            try:
                pipe.watch(key)
                if pipe.get(key) == token.encode():
                    pipe.multi()
                    pipe.delete(key)
                    pipe.execute()
            except (redis.exceptions.WatchError, *REDIS_ERRORS):
                log.warning("lock of %s was gone before release", spec.name)


def run(name: str, tenant_id: int | None, *args: Any) -> Any:
    """What RQ executes: one registered job, in its tenant, in one transaction.

    Fails closed: an unregistered name or an unknown tenant raises before anything runs; a
    tenant that is not active (suspended, pending) gets nothing done and the job returns None.
    Every run ends in one log line (job id, job, tenant slug, outcome, duration) and one count
    of its outcome in Redis, which ``/metrics`` reports (``kring.observe.outcomes``).
    """
    if name not in _registry:
        raise LookupError(f"job refused: {name!r} is not a registered job")
    if not all(arg is None or isinstance(arg, int | str) for arg in args):
        raise TypeError(f"job refused: {name} takes ids and enum values only")
    app = _app()
    current = get_current_job()
    started = time.perf_counter()
    with job_context(current.id if current else None, name, None) as fields:
        outcome = outcomes.FAILED
        try:
            result, outcome = _run(app, _registry[name], tenant_id, args, fields)
        finally:
            outcomes.record(app.extensions["kring.redis"], name, outcome)
            tag_job(fields)
            log_end = log.info if outcome != outcomes.FAILED else log.warning
            log_end(
                "job %s %s",
                name,
                outcome,
                extra={
                    "outcome": outcome,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return result


def _run(
    app: Flask, spec: JobSpec, tenant_id: int | None, args: tuple[Any, ...], fields: dict[str, Any]
) -> tuple[Any, str]:
    from kring.extensions import db

    with app.app_context():
        try:
            if tenant_id is not None:
                tenant = _tenant(tenant_id)
                fields["tenant"] = tenant.slug
                if tenant.status != TenantStatus.active:
                    log.info("job %s skipped: its tenant is not active", spec.name)
                    db.session.rollback()
                    return None, outcomes.SKIPPED
            with _single_flight(app, spec, tenant_id) as holds:
                if not holds:
                    log.info("job %s skipped: another run holds its lock", spec.name)
                    return None, outcomes.SKIPPED
                if tenant_id is None:
                    result = spec.fn(*args)
                else:
                    with tenant_scope(tenant_id):
                        result = spec.fn(*args)
                db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
        return result, outcomes.FINISHED
