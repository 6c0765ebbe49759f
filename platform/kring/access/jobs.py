"""Keeping the access log's monthly partitions: the coming months made, expired ones dropped."""

from __future__ import annotations

import logging

from flask import current_app
from rq import Retry

from kring.core.db import today
from kring.jobs import job
from kring.migrations import partitions

log = logging.getLogger(__name__)


def rotate_partitions() -> tuple[list[str], list[str]]:
    """Rotate the partitions as the schema owner; (created, dropped). Nothing on SQLite."""
    config = current_app.extensions["kring.config"]
    if config.is_embedded:
        return [], []
    return partitions.rotate(
        config.owner_sqlalchemy_url,
        config.sqlalchemy_url,
        today(),
        config.access_log_retention_months,
    )


@job(timeout=10 * 60, retry=Retry(max=3, interval=[300, 1800, 3600]), single=True)
def rotate() -> None:
    """Daily: a month's partition exists before its first row arrives."""
    created, dropped = rotate_partitions()
    if created or dropped:
        log.info("access log partitions created %s, dropped %s", created, dropped)
