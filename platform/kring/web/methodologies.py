"""The rules of a circle's methodology, for pages and API alike."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask_babel import get_locale

from kring.core.methodology import Methodology, Unmet
from kring.core.rules import explain
from kring.plugins import MethodologyHooks, PluginError


def hooks_for(key: str) -> MethodologyHooks:
    """A circle whose methodology plugin is no longer installed cannot be worked on: 409."""
    try:
        hooks: MethodologyHooks = current_app.extensions["kring.plugins"].for_methodology(key)
    except PluginError:
        abort(409)
    return hooks


def explain_here(unmet: Unmet, m: Methodology) -> str:
    """The refusal in the language of this request."""
    return explain(unmet, m, str(get_locale()))


def as_json(unmet: Unmet, m: Methodology) -> dict[str, Any]:
    return {"rule": unmet.rule, "message": explain_here(unmet, m), "params": dict(unmet.params)}
