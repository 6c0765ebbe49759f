"""The access log leaves by whole months: partitions made ahead, expired ones dropped, and
every partition under the log's own rules (PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import ProgrammingError

from kring.migrations import partitions


def test_months_are_named_and_counted_in_order() -> None:
    assert partitions.month_start(date(2026, 12, 15), 1) == date(2027, 1, 1)
    assert partitions.month_start(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert partitions.name_of(date(2026, 3, 1)) == "access_log_y2026m03"


def test_months_past_the_retention_expire_whole() -> None:
    names = [partitions.name_of(date(2020, m, 1)) for m in range(1, 13)]
    assert partitions.expired(names, date(2020, 12, 10), keep_months=3) == names[:8]
    assert partitions.expired(names, date(2020, 12, 10), keep_months=60) == []


@pytest.fixture
def owner(app: Flask) -> Iterator[Engine]:
    engine = create_engine(app.extensions["kring.config"].owner_sqlalchemy_url)
    yield engine
    with engine.begin() as c:
        for name in partitions.existing(c):
            if name.startswith("access_log_y2099"):
                c.execute(text(f"DROP TABLE {name}"))
    engine.dispose()


@pytest.mark.postgres
def test_the_migration_made_this_months_partition_and_rotation_makes_the_next(
    app: Flask, owner: Engine
) -> None:
    config = app.extensions["kring.config"]
    with owner.connect() as c:
        assert partitions.name_of(partitions.month_start(date.today())) in partitions.existing(c)
    created, _dropped = partitions.rotate(
        config.owner_sqlalchemy_url, config.sqlalchemy_url, date(2099, 1, 10), keep_months=10_000
    )
    assert created == [f"access_log_y2099m0{m}" for m in range(1, 5)]
    app_role = create_engine(config.sqlalchemy_url)
    try:
        with pytest.raises(ProgrammingError, match="permission denied"), app_role.begin() as c:
            c.execute(text("UPDATE access_log_y2099m01 SET roles = 'x'"))
        with app_role.begin() as c:  # row-level security holds on the partition itself
            assert c.execute(text("SELECT count(*) FROM access_log_y2099m01")).scalar_one() == 0
    finally:
        app_role.dispose()
