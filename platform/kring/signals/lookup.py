"""A signal looked up for a request (pages and API alike) with its methodology, and whether
signals belong in this tenant at all."""

from __future__ import annotations

from flask import abort

from kring.access import policy
from kring.core.methodology import Methodology
from kring.http.methodology import enabled_methodologies, hooks_for
from kring.signals.models import Signal


def taken_here() -> bool:
    """Whether an organisation of this tenant works with a methodology that takes signals:
    elsewhere signals do not appear (menu entries, pages)."""
    return any(m.target_group is not None for m in enabled_methodologies().values())


def signal_to_follow(signal_id: int) -> tuple[Signal, Methodology]:
    """A signal the reader follows up (404 otherwise), with its methodology."""
    signal = policy.signal_or_404(signal_id)
    return signal, hooks_for(signal.methodology_key).methodology


def signal_to_lead(signal_id: int) -> tuple[Signal, Methodology]:
    """A signal of the reader's team (assigning, ending); the volunteer who was only asked to
    make contact gets 404, like anyone outside the team."""
    signal, m = signal_to_follow(signal_id)
    if not policy.leads_signal(policy.viewer(), signal):
        abort(404)
    return signal, m
