"""What a domain area declares about itself, so that adding an area is one folder and one line.

Every area (``kring/<area>/``) ends its ``__init__.py`` with one ``Module``: its name, the
permissions it adds and which roles hold them, its pages, its API resources, its commands, its
periodic jobs and its menu entries. ``kring.app.MODULES`` lists the areas; ``create_app`` and the
``kring`` command read that list and nothing else.

Pages, API resources and commands are named by import path (``"kring.circles.views:bp"``), the
way entry points name objects, and imported only when the application is built. That keeps
``kring.circles.models`` importable without pulling in the pages of every area, and keeps areas
free of import cycles through each other's views.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kring.core.accounts import Role
from kring.core.personal import PersonalData


@dataclass(frozen=True, slots=True, kw_only=True)
class NavEntry:
    """A menu entry: shown to users who hold ``permission``; ``current_when`` lists the endpoint
    prefixes that mark it as the page you are on."""

    endpoint: str
    label: Any  # a lazy gettext string, translated when the menu is drawn
    permission: str
    current_when: tuple[str, ...] = ()
    term: str | None = None
    """A methodology term that names the entry instead of ``label`` where the tenant's enabled
    methodologies agree on the word (``circle_plural``: "Buurtcirkels")."""
    count: str | None = None
    """A function (``"kring.notify.home:unread"``) called when the menu is drawn, returning a
    ``NavCount`` shown beside the entry (unread messages), or ``None`` to show nothing."""
    shown_when: str | None = None
    """A function (``"kring.signals.lookup:taken_here"``) called when the menu is drawn: the
    entry shows only when it returns true (signals only where a methodology takes them)."""

    def is_current(self, endpoint: str | None) -> bool:
        if endpoint is None:
            return False
        return endpoint == self.endpoint or endpoint.startswith(self.current_when)


@dataclass(frozen=True, slots=True)
class NavCount:
    """A number beside a menu entry, with the words a screen reader says for it
    ("3 unread messages")."""

    number: int
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodicJob:
    """A job (decorated with ``kring.jobs.job``) run every ``seconds`` by the one scheduler."""

    job: str
    seconds: int

    def __post_init__(self) -> None:
        if self.seconds < 1:
            raise ValueError("a periodic job needs an interval of at least one second")


@dataclass(frozen=True, slots=True, kw_only=True)
class HomePanel:
    """A panel an area puts on the tenant's home page, so each role's home is built from the
    areas that know what that person has to do (a volunteer's next meeting, a coach's open
    escalations) without the home knowing any of them.

    ``load`` names a function (``"kring.meetings.home:next_meeting"``) called with the request's
    ``Viewer``; it returns the template's context, or ``None`` when the panel has nothing for
    this person, and then the panel is left out. ``order`` sorts panels, lowest first."""

    key: str
    template: str
    load: str
    order: int = 50


@dataclass(frozen=True, slots=True, kw_only=True)
class CirclePanel:
    """A panel an area puts on a circle's page (the circle's network picture, its next
    meeting), so the circle page shows the circle's life without knowing the areas.

    ``load`` names a function called with the request's ``Viewer``, the ``Circle`` and the
    reader's ``Reach`` of it (already decided by the policy); it returns the template's context,
    or ``None`` to leave the panel out."""

    key: str
    template: str
    load: str
    order: int = 50


@dataclass(frozen=True)
class ShownPanel:
    """A panel with what its loader found for the reader."""

    panel: HomePanel | CirclePanel
    context: dict[str, Any]


def shown_panels(modules: list[Module], page: str, *args: Any) -> list[ShownPanel]:
    """The panels the modules declare for ``page`` ("home", "week", "circle") whose loader,
    called with ``args``, finds something; in their order."""
    declared: list[HomePanel | CirclePanel] = [p for m in modules for p in getattr(m, page)]
    shown = []
    for panel in sorted(declared, key=lambda p: (p.order, p.key)):
        context = load(panel.load)(*args)
        if context is not None:
            shown.append(ShownPanel(panel, context))
    return shown


@dataclass(frozen=True, slots=True, kw_only=True)
class Module:
    """One domain area of Kring, as ``create_app`` registers it."""

    name: str
    permissions: Mapping[str, frozenset[Role]] = field(default_factory=dict)
    """Permissions this area adds (``"circle.edit"``) and the tenant roles that hold them."""
    models: tuple[str, ...] = ()
    """Modules whose tables belong to this area, imported so the metadata holds them."""
    blueprints: tuple[str, ...] = ()
    api: tuple[str, ...] = ()
    """flask-smorest blueprints of ``/api/v1``, described in the OpenAPI document."""
    commands: tuple[str, ...] = ()
    """click commands or groups added to the ``kring`` command."""
    jobs: tuple[PeriodicJob, ...] = ()
    reminders: tuple[str, ...] = ()
    """Reminder rules of this area: functions called with the sweep's time (UTC) in each active
    tenant's scope, returning the ``ReminderIntent``s due around now (tomorrow's meeting, a plan
    review). The notify area writes each intent's rows once (``kring.notify.rules``)."""
    nav: tuple[NavEntry, ...] = ()
    home: tuple[HomePanel, ...] = ()
    """Panels on the home page, each shown only to the people its loader finds something for."""
    week: tuple[HomePanel, ...] = ()
    """Panels of the printed week (``/week``), for people who keep their week on paper: the
    same kind of panel, loaded the same way, drawn for print (this week's meetings, the
    circle's phone numbers, the help agreed)."""
    circle: tuple[CirclePanel, ...] = ()
    """Panels on a circle's page, each shown when its loader finds something for the reader."""
    demo: tuple[str, ...] = ()
    """Functions ``kring demo`` calls with today's date for each demo tenant, in its scope, once
    the tenant files are synced: each gives the circles months of invented life of this area
    (meetings held, help given, plans written) and does nothing when it is already there. A step
    may return lines for the demo's printout (a participant's sign-in link, say)."""
    platform_demo: tuple[str, ...] = ()
    """Functions ``kring demo`` calls once with today's date after every demo tenant has its
    life, outside any tenant: invented people who work across tenants (a methodology's central
    trainer, say). Each returns lines for the printout and does nothing twice."""
    personal: tuple[PersonalData, ...] = ()
    """What each table of this area holds about a person, so a resident's export and erasure
    (``kring.privacy``) walk every table the same way (``kring.core.personal``)."""
    init: tuple[str, ...] = ()
    """Functions called with the app once its pages are registered, for what an area adds to
    every request (the access log writes each request's rows when its answer is ready)."""


def load(path: str) -> Any:
    """The object an import path names: ``"kring.circles.views:bp"``."""
    module_name, _, attribute = path.partition(":")
    target = importlib.import_module(module_name)
    return getattr(target, attribute) if attribute else target


def roles_by_permission(modules: list[Module]) -> dict[str, frozenset[Role]]:
    """Every permission the modules declare; a permission declared twice is a mistake."""
    table: dict[str, frozenset[Role]] = {}
    for module in modules:
        for permission, roles in module.permissions.items():
            if permission in table:
                raise ValueError(f"module {module.name!r} declares {permission!r} again")
            table[permission] = frozenset(roles)
    return table
