"""once_per_page keeps a value for one reading page, and forgets it as soon as the page writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from kring.core.db import today
from kring.core.memo import once_per_page
from kring.tenants import files, sync

TENANTS = Path(__file__).resolve().parents[2] / "tenants"


def test_a_get_reads_once(app: Flask) -> None:
    reads: list[int] = []
    with app.test_request_context():
        for _ in range(3):
            once_per_page("k", lambda: reads.append(1) or len(reads))
    assert len(reads) == 1


def test_a_post_reads_every_time(app: Flask) -> None:
    reads: list[int] = []
    with app.test_request_context(method="POST"):
        for _ in range(3):
            once_per_page("k", lambda: reads.append(1) or len(reads))
    assert len(reads) == 3


def test_a_write_in_a_get_forgets_what_was_kept(app: Flask, database: Any) -> None:
    """A tenant file applied in a request context counts the members it has just added: a
    circle's rules read its memberships after each join, and must not read an empty circle."""
    host = app.extensions["kring.plugins"]
    specs = [s for s in files.load_directory(TENANTS, host, True) if s.slug == "duurveld"]
    with app.test_request_context():
        report = sync.apply(specs, host, today())
    assert report.created == ["duurveld"]
