"""A whole tenant leaving Kring as one file: what the platform admin's page and API share."""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import insert

from kring.access import log as access_log
from kring.access.models import AccessLogEntry
from kring.core import journal
from kring.core.access import Viewer
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.onboarding import admin


def exported(tenant: Tenant, actor_id: int) -> dict[str, Any]:
    """The tenant's export, written to its access log and journal before it leaves.

    The access log keeps a request's rows until the answer is ready and writes them with no
    tenant in scope, which PostgreSQL's row-level security would refuse for a tenant's row:
    so this row is written here, in the tenant's scope."""
    document = admin.export(tenant)
    count = sum(len(rows) for rows in document["tables"].values())
    with tenant_scope(tenant):
        access_log.exported(
            Viewer(actor_id, frozenset(), frozenset(), None), "tenant-export.json", tenant.id, count
        )
        rows = g.pop("access_log", None)
        if rows:
            db.session.execute(insert(AccessLogEntry), rows)
        journal.record("tenant.exported", tenant, actor_id, rows=count)
        db.session.commit()
    return document
