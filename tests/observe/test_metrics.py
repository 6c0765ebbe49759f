"""``/metrics``: latency per endpoint (never per path), the job queue and its outcomes, the
outbox backlog, and who may read it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from rq import Queue

from kring.core.db import utcnow
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.http.tenancy import SubdomainTenants
from kring.jobs import SERIALIZER, run
from kring.notify import service as notify
from kring.notify.models import OutboxMessage
from kring.observe import outcomes
from kring.testing.factories import TenantFactory

TOKEN = "a-scrape-token-of-some-length"


def samples(client: Any, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.status_code
    assert response.content_type.startswith("text/plain; version=")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for s in family.samples
    }


def count_of(endpoint: str, method: str, status: str) -> float:
    labels = {"endpoint": endpoint, "method": method, "status": status}
    return REGISTRY.get_sample_value("kring_http_request_duration_seconds_count", labels) or 0.0


@pytest.fixture
def redis(app: Flask) -> Iterator[Any]:
    """The app's (in-process) Redis, without queued jobs or counted outcomes before and after."""
    connection = app.extensions["kring.redis"]
    connection.flushall()
    yield connection
    connection.flushall()


def test_latency_is_labelled_by_endpoint_never_by_path_when_requests_come(
    client: Any, tenant: Tenant
) -> None:
    before_login = count_of("auth.login", "GET", "2xx")
    before_unknown = count_of("unknown", "GET", "4xx")
    client.get(f"/t/{tenant.slug}/login")
    client.get("/no/such/page/zq-marker")
    client.get("/another/unknown/path")
    assert count_of("auth.login", "GET", "2xx") == before_login + 1
    assert count_of("unknown", "GET", "4xx") == before_unknown + 2
    text = client.get("/metrics").get_data(as_text=True)
    values = {
        value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        for value in sample.labels.values()
    }
    assert "auth.login" in values and "unknown" in values
    assert not [v for v in values if tenant.slug in v or "/" in v or "zq-marker" in v]


def test_odd_methods_share_one_label_when_clients_invent_them(client: Any) -> None:
    before = count_of("unknown", "other", "4xx")
    client.open("/healthz", method="BREW")
    assert count_of("site.healthz", "BREW", "4xx") == 0
    assert count_of("unknown", "other", "4xx") == before + 1


def test_queue_length_and_job_outcomes_are_reported_when_jobs_wait_and_ran(
    app: Flask, client: Any, tenant: Tenant, redis: Any
) -> None:
    waiting = Queue("default", connection=redis, serializer=SERIALIZER)
    waiting.enqueue(run, "kring.notify.jobs.sweep", None)
    waiting.enqueue(run, "kring.notify.jobs.sweep", None)
    run("kring.notify.jobs.deliver", tenant.id)
    with pytest.raises(LookupError):
        run("kring.notify.jobs.deliver", 2**31 - 2)  # no such tenant: refused, a failure
    suspended: Tenant = TenantFactory(slug="stil", status=TenantStatus.suspended)
    run("kring.notify.jobs.deliver", suspended.id)
    found = samples(client)
    assert found[("kring_queue_jobs", (("queue", "default"),))] == 2
    deliver = "kring.notify.jobs.deliver"
    assert found[("kring_jobs_total", (("job", deliver), ("outcome", "finished")))] == 1
    assert found[("kring_jobs_total", (("job", deliver), ("outcome", "failed")))] == 1
    assert found[("kring_jobs_total", (("job", deliver), ("outcome", "skipped")))] == 1
    assert found[("kring_metrics_source_up", (("source", "redis"),))] == 1


def test_a_lost_redis_is_reported_not_raised_when_scraped(
    app: Flask, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import redis as redis_lib

    def gone(*_args: Any, **_kwargs: Any) -> Any:
        raise redis_lib.exceptions.ConnectionError("gone")

    monkeypatch.setattr(outcomes, "totals", gone)
    found = samples(client)
    assert found[("kring_metrics_source_up", (("source", "redis"),))] == 0
    assert found[("kring_metrics_source_up", (("source", "database"),))] == 1


def test_outbox_backlog_counts_due_and_failed_rows_of_active_tenants_when_scraped(
    client: Any, tenant: Tenant, other_tenant: Tenant
) -> None:
    now = utcnow()
    notify.queue_email("a@example.org", "Morgen", "Tekst", "due-1", due_at=now - timedelta(hours=2))
    notify.queue_email("b@example.org", "Morgen", "Tekst", "due-2", due_at=now)
    notify.queue_email("c@example.org", "Later", "Tekst", "later", due_at=now + timedelta(days=1))
    broken = notify.queue_email("d@example.org", "Stuk", "Tekst", "broken", due_at=now)
    broken.failed_at = now
    db.session.flush()
    with tenant_scope(other_tenant):
        notify.queue_email("e@example.org", "Anders", "Tekst", "other", due_at=now)
    waiting: Tenant = TenantFactory(slug="wacht", status=TenantStatus.suspended)
    with tenant_scope(waiting):
        notify.queue_email("f@example.org", "Wacht", "Tekst", "waits", due_at=now)
    db.session.flush()
    db.session.info.pop("kring_outbox_ids", None)

    found = samples(client)
    assert found[("kring_outbox_due_messages", ())] == 3  # two here, one in the other tenant
    assert found[("kring_outbox_failed_messages", ())] == 1
    assert 7100 < found[("kring_outbox_oldest_due_seconds", ())] < 7300
    assert found[("kring_metrics_source_up", (("source", "database"),))] == 1
    assert db.session.query(OutboxMessage).count() == 4  # the scrape left the scope as it was


def test_metrics_need_the_token_when_one_is_set(client: Any, config_of: Any) -> None:
    config_of(metrics_token=TOKEN, env="production")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    found = samples(client, Authorization=f"Bearer {TOKEN}")
    assert ("kring_metrics_source_up", (("source", "redis"),)) in found


def test_metrics_are_not_found_in_production_when_no_token_is_set(
    client: Any, config_of: Any
) -> None:
    config_of(env="production")
    assert client.get("/metrics").status_code == 404


def test_metrics_are_open_in_development_when_no_token_is_set(client: Any, config_of: Any) -> None:
    config_of(env="development", database_url="")
    assert client.get("/metrics").status_code == 200


def test_metrics_live_outside_every_tenant(client: Any, tenant: Tenant) -> None:
    assert client.get(f"/t/{tenant.slug}/metrics").status_code == 404
    seen: list[str] = []
    middleware = SubdomainTenants(
        lambda environ, _start: seen.append(environ["PATH_INFO"]), "kring.example"
    )
    middleware({"HTTP_HOST": f"{tenant.slug}.kring.example", "PATH_INFO": "/metrics"}, None)
    middleware({"HTTP_HOST": f"{tenant.slug}.kring.example", "PATH_INFO": "/people"}, None)
    assert seen == ["/metrics", f"/t/{tenant.slug}/people"]
