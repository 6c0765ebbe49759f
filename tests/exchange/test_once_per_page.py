"""The circle page's panels share the circle's members and network (``kring.core.memo``):
read once in a GET, afresh in a request that may write, and afresh outside requests."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

from kring.core.tenancy import Tenant
from kring.exchange import network, service
from kring.extensions import db
from tests.exchange.conftest import Ring

START, END = date(2026, 1, 1), date(2026, 12, 1)


def _twice(ring: Ring) -> None:
    for namer in (lambda p: p.name, lambda p: p.name.split()[0]):
        members = service.current_members(ring.circle)
        network.network(ring.circle, members, START, END, namer)


def _alone(ring: Ring, count_queries: Any) -> int:
    """What one panel's ask costs, counted on its own."""
    db.session.flush()  # the ring's rows are written before anything is counted
    with count_queries() as alone:
        members = service.current_members(ring.circle)
        network.network(ring.circle, members, START, END, lambda p: p.name)
    return int(alone.count)


def test_a_page_reads_members_and_network_once(
    app: Flask, tenant: Tenant, ring: Ring, count_queries: Any
) -> None:
    alone = _alone(ring, count_queries)
    with app.test_request_context("/", method="GET"), count_queries() as page:
        _twice(ring)
    assert page.count == alone


def test_a_request_that_may_write_and_work_outside_requests_read_afresh(
    app: Flask, tenant: Tenant, ring: Ring, count_queries: Any
) -> None:
    alone = _alone(ring, count_queries)
    with app.test_request_context("/", method="POST"), count_queries() as posted:
        _twice(ring)
    with count_queries() as outside:
        _twice(ring)
    assert posted.count == outside.count == 2 * alone


def test_the_names_stay_each_readers_own(app: Flask, tenant: Tenant, ring: Ring) -> None:
    """The shared facts carry no names: each panel names people as its reader may see them."""
    with app.test_request_context("/", method="GET"):
        members = service.current_members(ring.circle)
        full = network.network(ring.circle, members, START, END, lambda p: p.name)
        first = network.network(ring.circle, members, START, END, lambda p: p.name.split()[0])
    assert {m.name for m in full.members} != {m.name for m in first.members}
    assert [m.person_id for m in full.members] == [m.person_id for m in first.members]
