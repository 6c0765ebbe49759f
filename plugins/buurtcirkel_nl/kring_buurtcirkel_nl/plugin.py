"""The hooks Kring calls; thin, because every Buurtcirkel rule is data the core enforces."""

from __future__ import annotations

from kring import hookimpl
from kring.core.methodology import Methodology
from kring_buurtcirkel_nl.methodology import METHODOLOGY


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY
