"""``kring demo`` gives each demo tenant the areas' invented life, in that tenant's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

from kring.core.tenancy import Tenant, current_tenant_id
from kring.module import Module
from kring.tenants.cli import _bring_to_life

CALLS: list[tuple[int | None, date]] = []


def record(today: date) -> None:
    CALLS.append((current_tenant_id(), today))


def test_each_demo_tenant_gets_the_areas_life_in_its_own_scope(
    app: Flask, tenant: Tenant, monkeypatch: Any
) -> None:
    module = Module(name="example", demo=(f"{__name__}:record",))
    monkeypatch.setitem(app.extensions, "kring.modules", [*app.extensions["kring.modules"], module])
    CALLS.clear()
    with app.test_request_context():
        _bring_to_life([tenant.slug, "no-such-tenant"])
    assert [tenant_id for tenant_id, _day in CALLS] == [tenant.id]
