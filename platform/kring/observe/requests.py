"""Every request: an id, a clock, one access line and one latency observation.

The id is set when the request starts (before tenant resolution can refuse it), so even a 404
for an unknown tenant has one; it is the proxy's ``X-Request-ID`` when that is a sane token,
else a new one, and it is sent back in the response's ``X-Request-ID`` and written on the
access-log rows of what the request read (``kring.access.log``).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request, request_started

from kring.observe.context import tenant_slug
from kring.observe.metrics import observe_request

log = logging.getLogger("kring.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

QUIET_ENDPOINTS = frozenset({"site.healthz", "site.readyz", "observe.metrics"})
"""Probes and scrapes, every few seconds each: no access line (they are counted, though)."""


def request_id(given: str) -> str:
    """The id that ties a request's log lines and access-log rows together: the proxy's, when
    it sent a sane one, else a new one."""
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


def _started(_app: Flask, **_extra: object) -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id(request.headers.get("X-Request-ID", ""))


def init_requests(app: Flask) -> None:
    """Connect the clock to ``request_started`` (before any hook of the request), remember the
    tenant's slug once it is resolved, and finish each request with its line and observation."""
    request_started.connect(_started, app)

    @app.before_request
    def _remember_tenant() -> None:
        tenant = g.get("tenant")
        if tenant is not None:
            g.tenant_slug = tenant.slug

    @app.after_request
    def _finish(response: Response) -> Response:
        started = g.get("request_started")
        seconds = time.perf_counter() - started if started is not None else 0.0
        endpoint = request.endpoint or "unknown"
        observe_request(endpoint, request.method, response.status_code, seconds)
        if "request_id" in g:
            response.headers["X-Request-ID"] = g.request_id
        if endpoint not in QUIET_ENDPOINTS:
            log.info(
                "%s %s %s",
                request.method,
                endpoint,
                response.status_code,
                extra={
                    "endpoint": endpoint,
                    "route": request.url_rule.rule if request.url_rule else None,
                    "tenant": tenant_slug(),
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
        return response
