"""A throwaway plugin that is no methodology: it adds a course and a menu entry everywhere."""

from __future__ import annotations

from typing import Any

from kring import hookimpl
from kring.core.methodology import NavItem, Phrase, Training

PRIVACY = Training(key="privacy", title=Phrase(en="Privacy", nl="Privacy"))
HELP = NavItem(label=Phrase(en="Help", nl="Hulp"), endpoint="addon.help")


@hookimpl
def kring_trainings() -> list[Training]:
    return [PRIVACY]


@hookimpl
def kring_nav_items(user: Any, tenant: Any) -> list[NavItem]:
    return [HELP]
