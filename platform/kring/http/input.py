"""One gate at the edge for text no form or API resource can store, shared by pages and API.

PostgreSQL refuses NUL bytes and text with lone surrogates (``"\\ud800"`` is valid JSON, not
valid UTF-8), and Python's JSON parser gives up on very deep nesting; each of those used to
reach the database or the parser as a 500. They are refused here, before a view runs, naming the
field: as JSON in the API's error shape (422, 400 for a body that is not JSON at all) and as a
page saying what to change.

A citizen service number (BSN) in a JSON body is refused here too, naming the field, so that no
API resource stores one; pages refuse it in their forms (``kring.http.forms``), where the
person's text stays on the page beside the error.
"""

from __future__ import annotations

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _

from kring.core.bsn import find_bsn
from kring.http.access import wants_json
from kring.http.forms import BSN_REFUSED

MAX_DEPTH = 32
"""Nesting no Kring resource needs; deeper bodies are refused before they are walked."""

SECRETS = frozenset({"password", "token", "client_secret", "code"})
"""Fields that carry a secret or a one-time code, never kept as typed: not searched for a BSN."""


def _unstorable(text: str) -> bool:
    return "\x00" in text or any(0xD800 <= ord(character) <= 0xDFFF for character in text)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every text in a JSON value, with the name of the field it sits in."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path, str(key)
            yield from _strings(item, key if not path else f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)


def _refuse(field: str, status: int = 422, message: str | None = None) -> Any:
    if status == 400:
        message = _("The data is nested too deeply.")
    elif message is None:
        message = _("This text holds characters that cannot be stored; type it again.")
    if wants_json() or request.is_json:
        errors = {"json": {field or "json": [message]}}
        return jsonify(code=status, status=HTTPStatus(status).phrase, errors=errors), status
    return render_template("errors/error.html", code=status, message=message), status


def _check_request() -> Any:
    for location in (request.args, request.form):
        for field, value in location.items(multi=True):
            if _unstorable(field) or _unstorable(value):
                return _refuse(field)
    if request.is_json and request.content_length != 0:
        try:  # the parser recurses: a body nested thousands deep ends it with RecursionError
            data = request.get_json(silent=True)
        except RecursionError:
            return _refuse("json", 400)
        if _depth(data) > MAX_DEPTH:
            return _refuse("json", 400)
        for field, value in _strings(data, ""):
            if _unstorable(value):
                return _refuse(field)
            if field.rpartition(".")[2] not in SECRETS and find_bsn(value):
                return _refuse(field, message=str(BSN_REFUSED))
    return None


def init_input(app: Flask) -> None:
    app.before_request(_check_request)
