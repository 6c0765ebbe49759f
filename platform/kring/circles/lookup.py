"""A circle, its membership and its methodology's rules, looked up for a request (pages and
API alike): another tenant's id, or a member of another circle, is simply not found."""

from __future__ import annotations

from flask import abort

from kring.circles import queries
from kring.circles.models import Circle, CircleMember
from kring.http.methodology import hooks_for
from kring.http.tenancy import get_or_404
from kring.plugins import MethodologyHooks


def circle_or_404(circle_id: int) -> tuple[Circle, MethodologyHooks]:
    """The current tenant's circle with its methodology's rules; another tenant's id is 404."""
    circle = get_or_404(Circle, circle_id)
    return circle, hooks_for(circle.methodology_key)


def member_or_404(circle: Circle, member_id: int) -> CircleMember:
    """A membership of this very circle (with its person); any other id is 404."""
    return queries.member_of(circle, member_id) or abort(404)
