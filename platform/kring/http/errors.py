"""One place renders errors: HTML for pages, JSON for ``/api/`` paths. Never a bare 500."""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, InternalServerError

from kring.extensions import db
from kring.http.access import wants_json

log = logging.getLogger(__name__)


def _message(code: int) -> str:
    messages = {
        400: _("The request could not be understood. Please check what you entered."),
        401: _("Please sign in first."),
        403: _("You do not have access to this page."),
        404: _("This page does not exist, or you do not have access to it."),
        405: _("This action is not possible here."),
        409: _("This conflicts with the current state of the record."),
        422: _("Some of the information is not valid."),
        429: _("Too many attempts. Please wait a minute and try again."),
    }
    return messages.get(code, _("Something went wrong on our side. Please try again later."))


def render_error(error: HTTPException) -> Any:
    code = error.code or 500
    if wants_json():
        body: dict[str, Any] = {"code": code, "status": error.name, "message": _message(code)}
        data = getattr(error, "data", None)
        if isinstance(data, dict):
            if "messages" in data:
                body["errors"] = data["messages"]
            elif "errors" in data:
                body["errors"] = data["errors"]
            if "message" in data:
                body["message"] = data["message"]
            if "unmet" in data:
                body["unmet"] = data["unmet"]
        return body, code, getattr(error, "headers", None) or {}
    return render_template("errors/error.html", code=code, message=_message(code)), code


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return render_error(error)
        log.exception("unhandled error")
        db.session.rollback()
        return render_error(InternalServerError())


def invalid(field: str, message: str, status: int = 422) -> NoReturn:
    """Answer the API request with ``status`` and ``{"errors": {"json": {field: [message]}}}``,
    naming the field at fault the way request validation does."""
    abort(status, errors={"json": {field: [message]}})
    raise AssertionError("abort always raises")  # pragma: no cover
