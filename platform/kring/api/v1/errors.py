"""Error answers of the API that name the field at fault."""

from __future__ import annotations

from typing import NoReturn

from flask_smorest import abort


def invalid(field: str, message: str, status: int = 422) -> NoReturn:
    """Answer ``status`` with ``{"errors": {"json": {field: [message]}}}``."""
    abort(status, errors={"json": {field: [message]}})
    raise AssertionError("abort always raises")  # pragma: no cover
