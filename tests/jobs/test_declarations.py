"""Every job says how long it may run and how RQ retries it, and every periodic job is one."""

from __future__ import annotations

import pytest
from flask import Flask
from rq import Retry

from kring.jobs import job
from kring.jobs.worker import PeriodicJobs, periodic_jobs
from tests.jobs.registry import all_jobs


def test_every_registered_job_declares_a_timeout_and_a_retry() -> None:
    jobs = all_jobs()
    assert {"kring.notify.jobs.deliver", "kring.notify.jobs.sweep"} <= set(jobs)
    assert "kring.notify.rules.sweep_rules" in jobs
    for name, spec in jobs.items():
        assert 1 <= spec.timeout <= 3600, name
        assert isinstance(spec.retry, Retry) and spec.retry.max >= 1, name
        assert spec.retry.intervals and all(i > 0 for i in spec.retry.intervals), name
        options = spec.options()
        assert options["job_timeout"] == spec.timeout and options["retry"] is spec.retry


def test_a_job_without_timeout_or_retry_is_refused() -> None:
    with pytest.raises(TypeError):
        job()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        job(timeout=10, retry=3)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        job(timeout=0, retry=Retry(max=1))


def test_every_periodic_job_is_a_registered_job(app: Flask) -> None:
    entries = periodic_jobs(app).specs()
    jobs = all_jobs()
    assert entries
    for spec, seconds in entries:
        assert jobs[spec.name] is spec and seconds >= 1
    with pytest.raises(TypeError, match="not a job"):
        PeriodicJobs().every(60, lambda: None)
