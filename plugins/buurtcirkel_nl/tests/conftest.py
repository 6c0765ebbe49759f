"""Fixtures: a Buurtcirkel in Oud-Beijerland (invented people), built through the core."""

from __future__ import annotations

import pytest
from buurtcirkel_nl_circle import TODAY, Buurtcirkel

from kring.organisations.models import Organisation
from kring.plugins import MethodologyHooks
from kring.testing.builders import start_circle


@pytest.fixture
def buurtcirkel(hooks: MethodologyHooks, organisation: Organisation) -> Buurtcirkel:
    """A new Buurtcirkel, still in Onderzoek, with nobody in it yet."""
    circle = start_circle(hooks, None, "Oud-Beijerland", ["3262"], organisation, TODAY)
    return Buurtcirkel(circle, hooks)


@pytest.fixture
def in_opstart(buurtcirkel: Buurtcirkel) -> Buurtcirkel:
    """A Buurtcirkel in Opstart with its project leader, volunteer and coach, all trained."""
    buurtcirkel.staff()
    buurtcirkel.move("opstart")
    return buurtcirkel
