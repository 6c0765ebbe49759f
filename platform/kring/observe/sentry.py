"""Errors to Sentry, only when ``KRING_SENTRY_DSN`` is set, and without personal data.

Kring holds data about vulnerable residents; an error report is sent to a third party, so it
carries what a developer needs to find the bug (the exception, the stack without its local
variables, the endpoint, the request id to find the log lines, the tenant's slug) and nothing a
person could be recognised by: no request body, cookies, headers, query string or path (a
sign-in link carries a secret in its path), no user, no data on breadcrumbs.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.flask import FlaskIntegration
from sentry_sdk.integrations.rq import RqIntegration
from sentry_sdk.transport import Transport

from kring import __version__
from kring.config import Config
from kring.observe.context import current

KEPT_REQUEST_FIELDS = ("method",)


def scrub(event: dict[str, Any], _hint: dict[str, Any]) -> dict[str, Any]:
    """What leaves for Sentry: the event without personal data, tagged with its request id,
    tenant and endpoint (or job id, job and tenant)."""
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {k: request[k] for k in KEPT_REQUEST_FIELDS if k in request}
    event.pop("user", None)
    extra = event.get("extra")
    if isinstance(extra, dict):
        for stamped_by_the_log_handler in ("kring_context", "asctime"):
            extra.pop(stamped_by_the_log_handler, None)
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in values or ():
        if isinstance(crumb, dict):
            crumb.pop("data", None)
    tags = event.setdefault("tags", {})
    for key, value in current().items():
        if value is not None:
            tags[key] = str(value)
    return event


def init_sentry(config: Config, transport: type[Transport] | None = None) -> bool:
    """Start reporting to Sentry when a DSN is set; returns whether it did. ``transport``
    replaces the network (a test catches the events)."""
    if not config.sentry_dsn:
        return False
    options: dict[str, Any] = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=config.sentry_dsn,
        environment=config.env,
        release=f"kring@{__version__}",
        integrations=[FlaskIntegration(), RqIntegration()],
        auto_enabling_integrations=False,
        # What integrations collect by themselves (sentry-sdk's successor of
        # send_default_pii=False): no user, cookies, headers, bodies, query parameters, SQL
        # parameters, queue payloads or local variables. ``scrub`` still checks the event.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_headers": {"request": {"mode": "off"}},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "queues": False,
            "stack_frame_variables": False,
        },
        max_request_body_size="never",
        before_send=scrub,  # type: ignore[arg-type]
        before_send_transaction=scrub,  # type: ignore[arg-type]
        **options,
    )
    return True


def tag_job(fields: dict[str, Any]) -> None:
    """Put the job in hand (its id, name and tenant) on Sentry's scope, when Sentry reports:
    RQ's integration reports a failed job after the job's own code has ended, so the tags are
    set on the scope it reports from rather than read from the job's context then."""
    if sentry_sdk.get_client().is_active():
        sentry_sdk.set_tags({key: str(value) for key, value in fields.items() if value})
