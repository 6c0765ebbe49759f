"""Structured logs: one JSON object a line, each with its request id (and tenant), one access
line per request, job lines with their job id, and never a resident's personal data."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from flask import Flask
from rq import Queue

from kring.config import Config
from kring.core.accounts import Role
from kring.core.tenancy import Tenant
from kring.jobs import SERIALIZER, run
from kring.observe.logs import JsonFormatter, TextFormatter, formatter
from kring.people import service as people
from kring.testing.factories import DEFAULT_PASSWORD

NAME = "Zwanetta Quirijnsdochter"
EMAIL = "zwanetta.quirijns@voorbeeld.example"
POSTCODE = "9471ZQ"
PHONE = "0612398745"
MARKERS = (NAME, "Zwanetta", "Quirijns", EMAIL, "zwanetta.quirijns", POSTCODE, PHONE)


def test_no_personal_data_reaches_the_log_when_requests_carry_it(
    app: Flask, client: Any, tenant: Tenant, make_user: Any, json_log: Any
) -> None:
    leader = make_user(tenant, Role.project_leader, email="leider@example.org")
    assert client.login(tenant, leader.email, DEFAULT_PASSWORD).status_code == 302
    people.create_person(None, name=NAME, postcode=POSTCODE)
    prepared = len(json_log.getvalue())  # from here on, every line comes from a request

    # a failed sign-in with a resident's address, in another browser
    stranger = app.test_client()
    token = stranger.csrf_token(f"/t/{tenant.slug}/login")
    for _ in range(2):
        stranger.post(
            f"/t/{tenant.slug}/login",
            data={"email": EMAIL, "password": "not-it", "csrf_token": token},
        )
    # a search by name, in the query string of a page and of the API
    assert NAME in client.get(f"/t/{tenant.slug}/people?q={NAME}").get_data(as_text=True)
    client.get(f"/t/{tenant.slug}/api/v1/people?q={POSTCODE}&email={EMAIL}")
    # a form post and a JSON body that add a person, and a JSON body the API refuses
    client.form(
        f"/t/{tenant.slug}/people",
        {"name": f"{NAME} Jr", "postcode": POSTCODE, "email": EMAIL, "phone": PHONE},
    )
    client.send(
        "POST", f"/t/{tenant.slug}/api/v1/people", {"name": "Quirijns", "postcode": POSTCODE}
    )
    client.send("POST", f"/t/{tenant.slug}/api/v1/people", {"name": {"nested": EMAIL}})
    client.get(f"/t/{tenant.slug}/no-such-page/{EMAIL}?name={NAME}")

    output = json_log.getvalue()
    for marker in MARKERS:
        assert marker.lower() not in output.lower(), f"{marker!r} reached the log"
    lines = [json.loads(line) for line in output[prepared:].splitlines()]
    assert lines and all(line["request_id"] for line in lines)
    access = [line for line in lines if line["logger"] == "kring.access"]
    assert len(access) >= 10
    in_tenant = [x for x in access if (x.get("route") or "").startswith("/t/<tenant>/")]
    assert len(in_tenant) >= 8 and all(x["tenant"] == tenant.slug for x in in_tenant)
    assert {"auth.login", "people.index", "people.create", "unknown"} <= {
        line["endpoint"] for line in access
    }
    assert {422, 201, 302, 404} <= {line["status"] for line in access}


def test_every_request_writes_one_access_line_with_its_id_when_served(
    client: Any, tenant: Tenant, json_log: Any
) -> None:
    given = "proxy-given-id-1234"
    response = client.get(f"/t/{tenant.slug}/login", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] == given
    (line,) = [x for x in json_log.lines() if x["logger"] == "kring.access"]
    assert line["request_id"] == given
    assert line["tenant"] == tenant.slug
    assert line["endpoint"] == "auth.login" and line["route"] == "/t/<tenant>/login"
    assert line["method"] == "GET" and line["status"] == 200 and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["message"] == "GET auth.login 200"
    assert line["time"].endswith("+00:00")


def test_a_request_gets_a_new_id_when_the_given_one_is_not_sane(client: Any, json_log: Any) -> None:
    response = client.get("/", headers={"X-Request-ID": "<script>x</script>"})
    fresh = response.headers["X-Request-ID"]
    assert fresh != "<script>x</script>" and len(fresh) == 32
    (line,) = [x for x in json_log.lines() if x["logger"] == "kring.access"]
    assert line["request_id"] == fresh and "tenant" not in line


def test_probes_and_scrapes_write_no_access_line(client: Any, json_log: Any) -> None:
    client.get("/healthz")
    client.get("/readyz")
    client.get("/metrics")
    assert not [x for x in json_log.lines() if x["logger"] == "kring.access"]


def test_a_job_run_logs_its_id_name_tenant_and_outcome(
    app: Flask, tenant: Tenant, json_log: Any
) -> None:
    queue = Queue(
        "observe-sync",
        connection=app.extensions["kring.redis"],
        is_async=False,
        serializer=SERIALIZER,
    )
    job = queue.enqueue(run, "kring.notify.jobs.deliver", tenant.id)
    (line,) = [x for x in json_log.lines() if x["logger"] == "kring.jobs"]
    assert line["job_id"] == job.id
    assert line["job"] == "kring.notify.jobs.deliver"
    assert line["tenant"] == tenant.slug
    assert line["outcome"] == "finished" and line["duration_ms"] >= 0
    assert "request_id" not in line


def test_log_format_is_json_in_production_and_text_elsewhere_unless_set() -> None:
    production = Config(env="production")
    assert isinstance(formatter(production), JsonFormatter)
    assert isinstance(formatter(Config()), TextFormatter)
    assert isinstance(formatter(Config(log_format="json")), JsonFormatter)
    assert isinstance(formatter(replace(production, log_format="text")), TextFormatter)


def test_text_lines_carry_the_same_identifiers() -> None:
    record = logging.LogRecord("kring.x", logging.INFO, "", 0, "job %s", ("a",), None)
    record.kring_context = {"job_id": "j1", "job": "kring.x.y", "tenant": "proef"}
    record.outcome = "finished"
    text = TextFormatter().format(record)
    tags = "[tenant=proef job_id=j1 job=kring.x.y]"
    assert text.endswith(f"INFO kring.x job a {tags} outcome=finished")
    line = json.loads(JsonFormatter().format(record))
    assert line["job_id"] == "j1" and line["outcome"] == "finished" and line["message"] == "job a"


def test_a_refused_delivery_is_logged_without_the_address_when_the_server_names_it(
    tenant: Tenant, json_log: Any, monkeypatch: Any
) -> None:
    import smtplib

    from kring.extensions import db
    from kring.notify import jobs as outbox
    from kring.notify import mail
    from kring.notify import service as notify

    def refuse(*_args: Any) -> None:
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, b"mailbox unknown")})

    monkeypatch.setattr(mail, "send", refuse)
    message = notify.queue_email(EMAIL, "Morgen", "Tekst", "refused-1")
    db.session.info.pop("kring_outbox_ids", None)
    outbox.deliver(message.id)
    assert EMAIL in (message.last_error or "")  # the admins' failed list keeps it (masked there)
    (line,) = [x for x in json_log.lines() if x["logger"] == "kring.notify.jobs"]
    assert line["message"].endswith("failed: SMTPRecipientsRefused")
    assert "zwanetta" not in json_log.getvalue().lower()
