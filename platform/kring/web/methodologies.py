"""A circle and its methodology's rules, looked up for a request: pages and API alike."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app
from flask_babel import get_locale

from kring.core.circles import Circle, CircleMember, member_of
from kring.core.methodology import Methodology, Unmet
from kring.core.rules import explain
from kring.plugins import MethodologyHooks, PluginError
from kring.web.tenancy import get_or_404


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


def circle_or_404(circle_id: int) -> tuple[Circle, MethodologyHooks]:
    """The current tenant's circle with its methodology's rules; another tenant's id is 404."""
    circle = get_or_404(Circle, circle_id)
    return circle, hooks_for(circle.methodology_key)


def member_or_404(circle: Circle, member_id: int) -> CircleMember:
    """A membership of this very circle (with its person); any other id is 404."""
    return member_of(circle, member_id) or abort(404)
