"""A secret key changed for the length of a block, as an operator rotating it would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask


@contextmanager
def keys_replaced(app: Flask, key: str, fallbacks: tuple[str, ...] = ()) -> Iterator[None]:
    """``app`` runs with ``key`` as its secret key and ``fallbacks`` as the earlier ones."""
    before = app.config["SECRET_KEY"], app.config.get("SECRET_KEY_FALLBACKS")
    app.config.update(SECRET_KEY=key, SECRET_KEY_FALLBACKS=list(fallbacks))
    try:
        yield
    finally:
        app.config.update(SECRET_KEY=before[0], SECRET_KEY_FALLBACKS=before[1])
