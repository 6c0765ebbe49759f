"""Fixtures: a buurtteam in Wijk bij Duurstede (invented people), built through the core."""

from __future__ import annotations

import pytest
from flask import Flask
from verbonden_nl_team import KEY, TODAY, Buurtteam

from kring.core.tenancy import Tenant
from kring.plugins import MethodologyHooks
from kring.testing.builders import hooks_for, organisation_with, start_circle


@pytest.fixture
def hooks(app: Flask) -> MethodologyHooks:
    return hooks_for(app, KEY)


@pytest.fixture
def buurtteam(tenant: Tenant, hooks: MethodologyHooks) -> Buurtteam:
    """A new buurtteam, still in Opbouw, with nobody in it yet."""
    circle = start_circle(hooks, None, "De Engk", ["3961"], organisation_with(KEY), TODAY)
    return Buurtteam(circle, hooks)
