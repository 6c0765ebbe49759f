"""Fixtures: a Buurtcirkel in Oud-Beijerland (invented people), built through the core."""

from __future__ import annotations

import pytest
from buurtcirkel_nl_circle import KEY, TODAY, Buurtcirkel
from flask import Flask

from kring.core.tenancy import Tenant
from kring.plugins import MethodologyHooks
from kring.testing.builders import hooks_for, organisation_with, start_circle


@pytest.fixture
def hooks(app: Flask) -> MethodologyHooks:
    return hooks_for(app, KEY)


@pytest.fixture
def buurtcirkel(tenant: Tenant, hooks: MethodologyHooks) -> Buurtcirkel:
    """A new Buurtcirkel, still in Onderzoek, with nobody in it yet."""
    circle = start_circle(hooks, None, "Oud-Beijerland", ["3262"], organisation_with(KEY), TODAY)
    return Buurtcirkel(circle, hooks)


@pytest.fixture
def in_opstart(buurtcirkel: Buurtcirkel) -> Buurtcirkel:
    """A Buurtcirkel in Opstart with its project leader, volunteer and coach, all trained."""
    buurtcirkel.staff()
    buurtcirkel.move("opstart")
    return buurtcirkel
