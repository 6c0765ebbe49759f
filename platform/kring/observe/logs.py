"""Log lines: one JSON object a line on stderr in production, readable text elsewhere.

Every line carries the identifiers of the request or job it belongs to (``context.current``):
its request id and tenant slug, or its job id, job and tenant. What a line must never carry is
personal data: Kring's own log calls pass ids, counts and names of things, never a person's
name, e-mail address, postcode or free text; the access line names the endpoint instead of the
path (sign-in and invitation links carry secrets in theirs) and never the query string; and
werkzeug's development access log, which writes both, is silenced (``kring serve`` has ours).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from kring.config import Config
from kring.observe.context import current

_RECORD_FIELDS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)
"""A LogRecord's own attributes: everything else on a record came in ``extra=``."""

CONTEXT_FIELDS = ("request_id", "tenant", "endpoint", "job_id", "job")

QUIET_LOGGERS = {"werkzeug": logging.WARNING}
"""werkzeug's INFO line is an access line with the full path and query string."""


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The record's ``extra=`` fields, then the context's where the call gave none; a field
    without a value is left out."""
    fields = {k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS and v is not None}
    for key, value in getattr(record, "kring_context", {}).items():
        if value is not None:
            fields.setdefault(key, value)
    fields.pop("kring_context", None)
    return fields


class ContextFilter(logging.Filter):
    """Stamps each record with the request's or job's identifiers when it is made, in the
    thread that made it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "kring_context"):
            record.kring_context = current()
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", <context and extra fields>, "exc_info"}``."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in _fields(record).items():
            line.setdefault(key, value)
        if record.exc_info:
            line["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            line["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """``2026-12-03 17:00:00,123 INFO kring.x [request abc tenant t] message key=value``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        text = super().formatMessage(record)
        fields = _fields(record)
        tags = " ".join(f"{key}={fields.pop(key)}" for key in CONTEXT_FIELDS if key in fields)
        rest = " ".join(f"{key}={value}" for key, value in fields.items())
        return " ".join(part for part in (text, f"[{tags}]" if tags else "", rest) if part)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of writing (test runners swap it), or
    to the stream a test gives it."""

    def __init__(self) -> None:
        super().__init__()
        self._target: TextIO | None = None

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return self._target or sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        self._target = None if value is sys.stderr else value


def formatter(config: Config) -> logging.Formatter:
    """The formatter ``KRING_LOG_FORMAT`` asks for (json in production by default)."""
    return JsonFormatter() if config.logs_as_json else TextFormatter()


def init_logging(config: Config) -> StderrHandler:
    """Put one Kring handler on the root logger (replacing one an earlier app put there), so
    every library's records come out in the same shape; returns it."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    handler = StderrHandler()
    handler.setFormatter(formatter(config))
    handler.addFilter(ContextFilter())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    return handler
