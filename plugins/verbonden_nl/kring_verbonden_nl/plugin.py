"""The hooks Kring calls: the methodology as data and the settings a tenant may give it."""

from __future__ import annotations

from kring import hookimpl
from kring.core.methodology import Methodology
from kring_verbonden_nl.methodology import METHODOLOGY
from kring_verbonden_nl.settings import VerbondenSettings


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_settings_schema() -> type[VerbondenSettings]:
    return VerbondenSettings
