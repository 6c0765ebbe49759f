from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask

from kring.app import create_app
from kring.extensions import db
from kring.jobs import bind_app, get_queue
from kring.testing.plugin import config_for_tests


@pytest.fixture(scope="module")
def redis_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application on the real Redis of ``make test`` (same database as ``app``); the
    queue is emptied before and after."""
    url = os.environ["KRING_TEST_REDIS_URL"]
    app = create_app(config_for_tests(tmp_path_factory.mktemp("redis-app"), redis_url=url))
    bind_app(app)
    with app.app_context():
        app.extensions["kring.redis"].flushdb()
    yield app
    with app.app_context():
        get_queue().connection.flushdb()
        db.engine.dispose()


@pytest.fixture
def committed_tenant(app: Flask) -> Iterator[int]:
    """An active tenant that is really committed (for tests with other processes and threads,
    which cannot see a test's rolled-back transaction); removed with its rows afterwards."""
    from kring.testing.crash import committed_tenant as committed

    with committed(app, "jobs") as tenant_id:
        yield tenant_id
    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # no connection of this test's threads outlives it
