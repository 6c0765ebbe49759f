"""Sentry: only with a DSN, and an error report carries no personal data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from flask import Flask
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from kring.app import create_app
from kring.config import Config
from kring.http.access import public
from kring.observe.sentry import init_sentry
from kring.testing.plugin import KringClient, config_for_tests

NAME = "Zwanetta Quirijnsdochter"
EMAIL = "zwanetta.quirijns@voorbeeld.example"
POSTCODE = "9471ZQ"

events: list[dict[str, Any]] = []


class Caught(Transport):
    """Keeps the events instead of sending them."""

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            events.append(event)


def _forget_sentry() -> None:
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


@pytest.fixture
def reporting_app(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """An app reporting to a Sentry whose transport is a list, with a page that fails."""
    from kring.observe import sentry

    real_init = sentry.init_sentry
    monkeypatch.setattr(sentry, "init_sentry", lambda config: real_init(config, Caught))
    events.clear()
    app = create_app(config_for_tests(tmp_path, sentry_dsn="https://public@sentry.example/1"))

    @public
    def fails() -> Any:
        raise RuntimeError("the page broke")

    app.add_url_rule("/t/<tenant>/fails", "fails", fails, methods=["GET", "POST"])
    app.add_url_rule("/fails", "fails_outside", fails, methods=["GET", "POST"])
    try:
        yield app
    finally:
        _forget_sentry()
        from kring.observe.logs import init_logging

        init_logging(config_for_tests(tmp_path))


def test_an_error_reaches_sentry_without_personal_data_when_a_dsn_is_set(
    reporting_app: Flask,
) -> None:
    reporting_app.test_client_class = KringClient
    client = reporting_app.test_client()
    token = client.csrf_token("/")
    client.set_cookie("remember_token", f"cookie-{POSTCODE}")
    response = client.post(
        f"/fails?name={NAME}&postcode={POSTCODE}",
        data={"email": EMAIL, "name": NAME, "csrf_token": token},
        headers={"X-Request-ID": "request-id-for-sentry", "X-Forwarded-For": "10.1.2.3"},
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    assert len(events) == 1
    (event,) = events
    text = json.dumps(event)
    for marker in (NAME, "Zwanetta", EMAIL, POSTCODE, "10.1.2.3", "cookie-"):
        assert marker not in text, f"{marker!r} was sent to Sentry"
    assert event["request"] == {"method": "POST"}
    assert "user" not in event
    assert event["tags"]["request_id"] == "request-id-for-sentry"
    assert event["tags"]["endpoint"] == "fails_outside"
    assert event["environment"] == "test"
    assert "the page broke" in text


def test_an_error_in_a_tenant_is_tagged_with_its_slug(reporting_app: Flask, tmp_path: Any) -> None:
    from kring.core.tenancy import system_scope, tenant_by_slug
    from kring.core.tenant_rows import delete_tenant
    from kring.extensions import db
    from kring.testing.factories import TenantFactory
    from kring.testing.plugin import migrate

    migrate(reporting_app)
    with reporting_app.app_context():
        TenantFactory(slug="gemeente-x")
        db.session.commit()
        assert tenant_by_slug("gemeente-x") is not None
    try:
        response = reporting_app.test_client().get(f"/t/gemeente-x/fails?q={NAME}")
        assert response.status_code == 500
        sentry_sdk.flush()
        (event,) = events
        assert event["tags"]["tenant"] == "gemeente-x"
        assert NAME not in json.dumps(event) and "Zwanetta" not in json.dumps(event)
    finally:
        # Committed to the database the other tests share (on PostgreSQL): take it away again,
        # or every test that counts the active tenants finds one too many.
        with reporting_app.app_context():
            with system_scope("a test removes the tenant it committed"):
                found = tenant_by_slug("gemeente-x")
                if found is not None:
                    delete_tenant(found)
            db.session.commit()


def test_a_failed_job_reaches_sentry_tagged_with_its_id_and_name(reporting_app: Flask) -> None:
    from rq import Queue

    from kring.jobs import SERIALIZER, bind_app, run
    from kring.jobs.worker import ThreadWorker
    from kring.testing.plugin import migrate

    migrate(reporting_app)
    bind_app(reporting_app)
    connection = reporting_app.extensions["kring.redis"]
    queue = Queue("default", connection=connection, serializer=SERIALIZER)
    job = queue.enqueue(run, "kring.notify.jobs.deliver", 2**31 - 2)  # no such tenant
    worker = ThreadWorker([queue], connection=connection, serializer=SERIALIZER)
    with reporting_app.app_context():
        worker.work(burst=True, logging_level="WARNING")
    sentry_sdk.flush()
    assert events, "the failed job was not reported"
    tags = events[-1]["tags"]
    assert tags["job_id"] == job.id and tags["job"] == "kring.notify.jobs.deliver"
    assert "TenantUnavailable" in json.dumps(events[-1])


def test_nothing_is_reported_when_no_dsn_is_set() -> None:
    _forget_sentry()
    assert init_sentry(Config()) is False
    assert not sentry_sdk.get_client().is_active()
