from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask

from kring.observe.logs import init_logging


class Captured(io.StringIO):
    """What the Kring log handler wrote, line by line."""

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.getvalue().splitlines()]


@pytest.fixture
def json_log(app: Flask) -> Iterator[Captured]:
    """The app's log handler, switched to JSON and writing into a buffer for one test."""
    config = app.extensions["kring.config"]
    captured = Captured()
    handler = init_logging(replace(config, log_format="json"))
    handler.setStream(captured)
    try:
        yield captured
    finally:
        init_logging(config)


@pytest.fixture
def config_of(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``config_of(metrics_token=..., env=...)``: the app's settings changed for one test."""

    def change(**values: Any) -> None:
        config = app.extensions["kring.config"]
        monkeypatch.setitem(app.extensions, "kring.config", replace(config, **values))

    return change
