"""Fixtures: a buurtteam in Wijk bij Duurstede (invented people), built through the core."""

from __future__ import annotations

import pytest
from verbonden_nl_team import TODAY, Buurtteam

from kring.organisations.models import Organisation
from kring.plugins import MethodologyHooks
from kring.testing.builders import start_circle


@pytest.fixture
def buurtteam(hooks: MethodologyHooks, organisation: Organisation) -> Buurtteam:
    """A new buurtteam, still in Opbouw, with nobody in it yet."""
    circle = start_circle(hooks, None, "De Engk", ["3961"], organisation, TODAY)
    return Buurtteam(circle, hooks)
