"""How background jobs ended, counted in Redis by the workers, read by any web pod.

Workers have no HTTP port to scrape and come and go; a hash in the Redis every process shares
keeps the totals (one field per job and outcome, incremented as each run ends), so the
``/metrics`` of any web replica reports them all. Counting never fails a job: a lost Redis
costs a count, not the work.
"""

from __future__ import annotations

import logging

from redis import Redis
from redis.exceptions import RedisError

OUTCOMES_KEY = "kring:metrics:job-outcomes"

FINISHED = "finished"
"""A run that did its work and committed."""
FAILED = "failed"
"""A run that raised (or was refused: an unknown tenant). RQ may retry the job with back-off;
each attempt counts, so a rising rate of failures shows before the retries run out."""
SKIPPED = "skipped"
"""A run that did nothing on purpose: its tenant is not active, or another run held its lock."""

log = logging.getLogger(__name__)


def record(connection: Redis, job: str, outcome: str) -> None:
    """Count one run of ``job`` (its registered name) that ended in ``outcome``."""
    try:
        connection.hincrby(OUTCOMES_KEY, f"{job}\t{outcome}", 1)
    except RedisError as exc:
        log.warning("job outcome not counted: %s", type(exc).__name__)


def totals(connection: Redis) -> dict[tuple[str, str], int]:
    """Every ``(job, outcome)`` counted so far, with its count."""
    found: dict[tuple[str, str], int] = {}
    for field, count in connection.hgetall(OUTCOMES_KEY).items():
        name = field.decode() if isinstance(field, bytes) else str(field)
        job, _, outcome = name.partition("\t")
        found[(job, outcome)] = int(count)
    return found
