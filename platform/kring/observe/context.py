"""What a log line or an error report says it belongs to: the request (its id, the tenant's
slug, the endpoint) or the background job (its id, its name, the tenant's slug).

Only identifiers: never a path (sign-in links carry secrets in theirs), a query string, a form
or a person's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import g, has_request_context, request

_job: ContextVar[dict[str, Any] | None] = ContextVar("kring_job_context", default=None)


@contextmanager
def job_context(job_id: str | None, job: str, tenant: str | None) -> Iterator[dict[str, Any]]:
    """Log lines and error reports inside the block name this job run; the dict it yields may
    be given more (the tenant's slug, once read)."""
    fields: dict[str, Any] = {"job_id": job_id, "job": job, "tenant": tenant}
    token = _job.set(fields)
    try:
        yield fields
    finally:
        _job.reset(token)


def tenant_slug() -> str | None:
    """The slug of the request's tenant, without loading anything: read when the request is
    resolved, or from the tenant row as it stands (an expired row is not refreshed, since a log
    line must never query)."""
    slug = g.get("tenant_slug")
    if slug is None and g.get("tenant") is not None:
        slug = vars(g.tenant).get("slug")
    return slug if isinstance(slug, str) else None


def current() -> dict[str, Any]:
    """The identifiers of the request or job in hand (empty outside both)."""
    if has_request_context():
        return {
            "request_id": g.get("request_id"),
            "tenant": tenant_slug(),
            "endpoint": request.endpoint,
        }
    job = _job.get()
    return dict(job) if job else {}
