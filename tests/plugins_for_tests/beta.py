"""A second throwaway methodology, built on alpha, that refuses every phase move."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kring import hookimpl
from kring.core.methodology import Methodology, NavItem, Phrase, Unmet
from tests.plugins_for_tests import alpha

METHODOLOGY = replace(alpha.METHODOLOGY, key="beta", version="0.0.2")


@dataclass(frozen=True)
class Settings:
    is_strict: bool = True


@hookimpl
def kring_methodology() -> Methodology:
    return METHODOLOGY


@hookimpl
def kring_settings_schema() -> type[Settings]:
    return Settings


@hookimpl
def kring_phase_guard(circle: Any, target: str) -> list[Unmet]:
    return [
        Unmet(rule="beta.never", message=Phrase(en="Beta never moves", nl="Beta beweegt nooit"))
    ]


@hookimpl
def kring_nav_items(user: Any, tenant: Any) -> list[NavItem]:
    return [NavItem(label=Phrase(en="Beta circles", nl="Betakringen"), endpoint="beta.circles")]
