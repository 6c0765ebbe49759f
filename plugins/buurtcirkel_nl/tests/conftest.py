"""Fixtures: a Buurtcirkel in Oud-Beijerland (invented people), built through the core."""

from __future__ import annotations

import pytest
from buurtcirkel_nl_circle import KEY, TODAY, Buurtcirkel
from flask import Flask

from kring.core import circles, enablement, people
from kring.core.tenancy import Tenant
from kring.plugins import MethodologyHooks
from kring.testing.factories import OrganisationFactory


@pytest.fixture
def hooks(app: Flask) -> MethodologyHooks:
    found: MethodologyHooks = app.extensions["kring.plugins"].for_methodology(KEY)
    return found


@pytest.fixture
def buurtcirkel(tenant: Tenant, hooks: MethodologyHooks) -> Buurtcirkel:
    """A new Buurtcirkel, still in Onderzoek, with nobody in it yet."""
    organisation = OrganisationFactory()
    enablement.enable(organisation, KEY, {KEY}, None)
    neighbourhood = people.create_neighbourhood("Oud-Beijerland", ["3262"], None, None)
    circle = circles.create_circle(hooks, organisation, neighbourhood, None, None, TODAY)
    return Buurtcirkel(circle, hooks)


@pytest.fixture
def in_opstart(buurtcirkel: Buurtcirkel) -> Buurtcirkel:
    """A Buurtcirkel in Opstart with its project leader, volunteer and coach, all trained."""
    buurtcirkel.staff()
    buurtcirkel.move("opstart")
    return buurtcirkel
