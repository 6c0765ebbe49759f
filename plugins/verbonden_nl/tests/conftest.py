"""Fixtures: a buurtteam in Wijk bij Duurstede (invented people), built through the core."""

from __future__ import annotations

import pytest
from flask import Flask
from verbonden_nl_team import KEY, TODAY, Buurtteam

from kring.core import circles, enablement, people
from kring.core.tenancy import Tenant
from kring.plugins import MethodologyHooks
from kring.testing.factories import OrganisationFactory


@pytest.fixture
def hooks(app: Flask) -> MethodologyHooks:
    found: MethodologyHooks = app.extensions["kring.plugins"].for_methodology(KEY)
    return found


@pytest.fixture
def buurtteam(tenant: Tenant, hooks: MethodologyHooks) -> Buurtteam:
    """A new buurtteam, still in Opbouw, with nobody in it yet."""
    organisation = OrganisationFactory()
    enablement.enable(organisation, KEY, {KEY}, None)
    neighbourhood = people.create_neighbourhood("De Engk", ["3961"], None, None)
    circle = circles.create_circle(hooks, organisation, neighbourhood, None, None, TODAY)
    return Buurtteam(circle, hooks)
