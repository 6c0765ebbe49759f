"""KeyRing's hooks: everything KeyRing asks of a network is data the core enforces."""

from __future__ import annotations

from kring import hookimpl
from kring.core.methodology import Methodology
from kring_keyring_uk.methodology import METHODOLOGY


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY
