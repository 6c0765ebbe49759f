"""A circle, its membership and its methodology's rules, looked up for a request (pages and
API alike), through the need-to-know policy: another tenant's id, a circle outside the
reader's reach, or a member of another circle, is simply not found."""

from __future__ import annotations

from flask import abort

from kring.access import policy
from kring.circles import queries
from kring.circles.models import Circle, CircleMember
from kring.core.access import Reach
from kring.http.methodology import hooks_for
from kring.plugins import MethodologyHooks


def circle_to_read(circle_id: int) -> tuple[Circle, MethodologyHooks, Reach]:
    """A circle the reader reaches (at least as counts), its rules, and how far they reach."""
    circle, reach = policy.circle_or_404(circle_id)
    return circle, hooks_for(circle.methodology_key), reach


def circle_to_change(circle_id: int, intake: bool = False) -> tuple[Circle, MethodologyHooks]:
    """A circle the reader may change: as its project leader, or (``intake``) as its coach."""
    circle, _reach = policy.circle_or_404(circle_id)
    allowed = policy.may_hold_intake if intake else policy.may_edit_circle
    if not allowed(policy.viewer(), circle):
        abort(404)
    return circle, hooks_for(circle.methodology_key)


def member_or_404(circle: Circle, member_id: int) -> CircleMember:
    """A membership of this very circle (with its person); any other id is 404."""
    return queries.member_of(circle, member_id) or abort(404)
