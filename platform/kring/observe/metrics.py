"""``/metrics`` in Prometheus' text format, and what it reports.

Latency is measured in every web process (``kring_http_request_duration_seconds``, labelled by
the Flask endpoint, the method and the status class: never the path, whose ids and slugs would
make a series per record). Under gunicorn each worker is a process of its own, so
prometheus_client's multiprocess mode adds them up (``kring.observe.gunicorn`` sets
``PROMETHEUS_MULTIPROC_DIR``); without it (``kring serve``, tests) the process' own registry is
read.

What the whole installation holds is read from its source when Prometheus asks, cheaply, by a
collector: the length of each job queue, the jobs' outcomes (``outcomes.py``), and the outbox's
backlog (``kring.notify.service.backlog``: one aggregate on the index of unsent rows).

Access: with ``KRING_METRICS_TOKEN`` set a scrape needs ``Authorization: Bearer <token>``;
without one ``/metrics`` is open in development and not found in production.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Blueprint, Response, abort, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy.exc import SQLAlchemyError

from kring.http.access import public

log = logging.getLogger(__name__)

bp = Blueprint("observe", __name__)

REQUEST_DURATION = Histogram(
    "kring_http_request_duration_seconds",
    "Time from the start of a request to its response, per Flask endpoint (unknown: no route "
    "matched), method and status class.",
    ["endpoint", "method", "status"],
)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(endpoint: str, method: str, status: int, seconds: float) -> None:
    """Count one request; every label has a bounded set of values."""
    REQUEST_DURATION.labels(
        endpoint=endpoint,
        method=method if method in METHODS else "other",
        status=f"{status // 100}xx",
    ).observe(seconds)


class InstallationCollector(Collector):
    """What every process shares, read at scrape time: queues, job outcomes, outbox backlog.

    A source that does not answer is reported as ``kring_metrics_source_up{source=...} 0``
    instead of failing the scrape, so an alert can tell a down Redis from an empty queue.
    """

    def describe(self) -> Iterable[Metric]:
        return []  # nothing is read when registered; only when scraped

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "kring_metrics_source_up",
            "Whether a source of these metrics answered this scrape (1) or not (0).",
            labels=["source"],
        )
        try:
            yield from self._redis()
            up.add_metric(["redis"], 1)
        except Exception as exc:  # a scrape reports; it never raises
            log.warning("metrics from Redis not read: %s", type(exc).__name__)
            up.add_metric(["redis"], 0)
        try:
            yield from self._database()
            up.add_metric(["database"], 1)
        except SQLAlchemyError as exc:
            log.warning("metrics from the database not read: %s", type(exc).__name__)
            from kring.extensions import db

            db.session.rollback()
            up.add_metric(["database"], 0)
        yield up

    def _redis(self) -> list[Metric]:
        from rq import Queue

        from kring.jobs import SERIALIZER
        from kring.observe import outcomes

        connection = current_app.extensions["kring.redis"]
        queued = GaugeMetricFamily(
            "kring_queue_jobs", "Jobs waiting in each job queue.", labels=["queue"]
        )
        failed = GaugeMetricFamily(
            "kring_queue_failed_jobs",
            "Jobs in each queue's failed registry (out of retries), until RQ expires them.",
            labels=["queue"],
        )
        queues = {q.name: q for q in Queue.all(connection=connection, serializer=SERIALIZER)}
        queues.setdefault(
            current_app.extensions["kring.queue"].name, current_app.extensions["kring.queue"]
        )
        for name, queue in sorted(queues.items()):
            queued.add_metric([name], queue.count)
            failed.add_metric([name], queue.failed_job_registry.get_job_count(cleanup=False))
        runs = CounterMetricFamily(
            "kring_jobs",
            "Job runs by job and outcome (finished, failed, skipped), counted by the workers.",
            labels=["job", "outcome"],
        )
        for (job, outcome), count in sorted(outcomes.totals(connection).items()):
            runs.add_metric([job, outcome], count)
        return [queued, failed, runs]

    def _database(self) -> list[Metric]:
        from kring.core.db import utcnow
        from kring.notify import service as notify

        now = utcnow()
        backlog = notify.backlog(now)
        due = GaugeMetricFamily(
            "kring_outbox_due_messages",
            "Outbox messages of active tenants whose time has come and that are not sent yet.",
            value=backlog.due,
        )
        oldest = GaugeMetricFamily(
            "kring_outbox_oldest_due_seconds",
            "How long the oldest of those has been due (0 when none is).",
            value=(now - backlog.oldest_due_at).total_seconds() if backlog.oldest_due_at else 0,
        )
        failed = GaugeMetricFamily(
            "kring_outbox_failed_messages",
            "Outbox messages of active tenants that failed for good (the admins' list).",
            value=backlog.failed,
        )
        return [due, oldest, failed]


class _Scrape(Collector):
    """The collectors one scrape reads, in order."""

    def __init__(self, *collectors: Collector) -> None:
        self.collectors = collectors

    def collect(self) -> Iterator[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def multiprocess_dir() -> str | None:
    """The folder gunicorn's workers write their metrics to, when there is one."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return path if path and os.path.isdir(path) else None


def scrape() -> bytes:
    """The text a scrape answers: this process' (or every worker's) metrics, then the
    installation's."""
    path = multiprocess_dir()
    if path:
        workers = CollectorRegistry(auto_describe=False)
        MultiProcessCollector(workers, path=path)
        return generate_latest(_Scrape(workers, InstallationCollector()))
    return generate_latest(_Scrape(REGISTRY, InstallationCollector()))


def _allowed() -> bool:
    config = current_app.extensions["kring.config"]
    if not config.metrics_token:
        return not config.is_production
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), config.metrics_token.encode()
    )


@bp.get("/metrics")
@public  # guarded by its own token, not by a sign-in: Prometheus has no account
def metrics() -> Any:
    """The metrics, for Prometheus. A wrong or missing token is 401; without a token set,
    production answers 404 (the page does not exist until an operator asks for it)."""
    config = current_app.extensions["kring.config"]
    if not config.metrics_token and config.is_production:
        abort(404)
    if not _allowed():
        return Response(
            "unauthorized\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return Response(scrape(), mimetype=None, content_type=CONTENT_TYPE_LATEST)
