"""A throwaway plugin whose author misspelt a hook name."""

from __future__ import annotations

from typing import Any

from kring import hookimpl
from kring.core.methodology import Unmet


@hookimpl
def kring_phase_gaurd(circle: Any, target: str) -> list[Unmet]:
    return []
