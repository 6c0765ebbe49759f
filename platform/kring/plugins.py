"""The plugin host: finds, blocks and registers plugins, and is the one caller of their hooks.

Nobody else touches ``pm.hook``: callers get typed methods, and each method asks only the
plugins its hook's scope allows (see ``kring.hookspecs``). That matters most for per-circle
hooks: with several methodologies installed, pluggy would let whichever plugin speaks first
answer a ``firstresult`` hook, so ``for_methodology`` leaves the other methodologies out.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy

from kring import hookspecs
from kring.core.methodology import (
    DEFAULT_NEIGHBOURHOOD_CRITERIA,
    DashboardWidget,
    Finding,
    Methodology,
    NavItem,
    NeighbourhoodCriterion,
    ReminderIntent,
    Survey,
    Training,
    Unmet,
)
from kring.hookspecs import JobRegistry

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from flask import Blueprint

    from kring.core.accounts import User
    from kring.core.facade import CircleView
    from kring.core.tenancy import Tenant

ENTRY_POINT_GROUP = "kring.plugins"

T = TypeVar("T")


class PluginError(Exception):
    """A plugin is installed or written wrongly; Kring refuses to start rather than guess."""


class PluginHost:
    """The loaded plugins and their methodologies; build it with ``PluginHost.load``."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        methodologies: dict[str, tuple[Methodology, object]],
        versions: dict[str, str],
    ) -> None:
        self._pm = pm
        self._methodology_plugins = {key: found[1] for key, found in methodologies.items()}
        self._methodologies = {
            key: self._with_additions(found[0]) for key, found in methodologies.items()
        }
        self._versions = versions

    @classmethod
    def load(
        cls,
        disabled: Iterable[str] = (),
        extra: Iterable[tuple[str, object]] = (),
        *,
        discover: bool = True,
    ) -> PluginHost:
        """Load the plugins, check them, and collect their methodologies.

        ``disabled`` names are blocked, whether installed or in ``extra``. ``extra`` (name,
        plugin) pairs are registered before installed plugins, so a test can stand in for an
        installed plugin of the same name. ``discover=False`` skips installed plugins, for tests
        that want only their own. Raises ``PluginError`` for a plugin that does not import,
        implements a hook that does not exist or with the wrong arguments, or describes a
        methodology under the wrong or a duplicate key.
        """
        pm = pluggy.PluginManager("kring")
        pm.add_hookspecs(hookspecs)
        for name in disabled:
            pm.set_blocked(name)
        try:
            for name, plugin in extra:
                pm.register(plugin, name=name)
            versions = _register_installed(pm) if discover else {}
            pm.check_pending()
        except (pluggy.PluginValidationError, ValueError) as error:
            raise PluginError(f"cannot load plugins: {error}") from error
        return cls(pm, _collect_methodologies(pm), versions)

    def _with_additions(self, methodology: Methodology) -> Methodology:
        """The methodology as Kring runs it: what it declares, plus the trainings and surveys
        that plugins add to it (a tenant-wide privacy course, say)."""
        others = self._others(methodology.key)
        trainings = _flatten(self._pm.subset_hook_caller("kring_trainings", others)())
        surveys = _flatten(self._pm.subset_hook_caller("kring_surveys", others)())
        if not trainings and not surveys:
            return methodology
        return replace(
            methodology,
            trainings=(*methodology.trainings, *trainings),
            surveys=(*methodology.surveys, *surveys),
        )

    def _others(self, key: str) -> list[object]:
        return [plugin for other, plugin in self._methodology_plugins.items() if other != key]

    def methodologies(self) -> dict[str, Methodology]:
        """Every installed methodology by key, with what plugins add to it."""
        return dict(self._methodologies)

    def methodology(self, key: str) -> Methodology:
        """One installed methodology; ``PluginError`` names the installed ones when it is not."""
        try:
            return self._methodologies[key]
        except KeyError:
            installed = ", ".join(sorted(self._methodologies)) or "none"
            raise PluginError(
                f"no methodology {key!r} is installed (installed: {installed})"
            ) from None

    def for_methodology(self, key: str) -> MethodologyHooks:
        """The scope-M hooks of methodology ``key``, asking no other methodology's plugin."""
        return MethodologyHooks(self.methodology(key), self._pm, self._others(key))

    def nav_items(self, user: User, tenant: Tenant, enabled_keys: Collection[str]) -> list[NavItem]:
        """Menu entries for ``user`` in ``tenant``, from the methodologies in ``enabled_keys``."""
        caller = self._for_tenant("kring_nav_items", enabled_keys)
        return _flatten(caller(user=user, tenant=tenant))

    def dashboard_widgets(
        self, user: User, tenant: Tenant, enabled_keys: Collection[str]
    ) -> list[DashboardWidget]:
        """Dashboard tiles for ``user`` in ``tenant``, from methodologies in ``enabled_keys``."""
        caller = self._for_tenant("kring_dashboard_widgets", enabled_keys)
        return _flatten(caller(user=user, tenant=tenant))

    def blueprints(self) -> dict[str, Blueprint]:
        """Each plugin's blueprint by plugin name, to be mounted at ``/m/<name>/``."""
        return _answer_by_plugin(self._pm, "kring_blueprints")

    def register_jobs(self, registry: JobRegistry) -> None:
        """Let every plugin add its periodic jobs to ``registry``."""
        self._pm.hook.kring_register_jobs(registry=registry)

    def describe(self) -> list[dict[str, Any]]:
        """Every loaded plugin as plain JSON-ready data, sorted by name (``kring plugins``).

        ``version`` is the installed distribution's version, else the methodology's own. A plugin
        that is no methodology is named by its plugin name and has empty methodology fields.
        """
        return [self._describe(name) for name in sorted(self._plugin_names())]

    def _describe(self, name: str) -> dict[str, Any]:
        methodology = self._methodologies.get(name)
        if methodology is None:
            return {
                "key": name,
                "is_methodology": False,
                "name": {locale: name for locale in ("nl", "en")},
                "version": self._versions.get(name),
                "roles": [],
                "size_rule": None,
                "phases": [],
            }
        return {
            "key": name,
            "is_methodology": True,
            "name": {locale: methodology.name(locale) for locale in ("nl", "en")},
            "version": self._versions.get(name, methodology.version),
            "roles": [asdict(role) for role in methodology.roles],
            "size_rule": asdict(methodology.size_rule),
            "phases": [phase.key for phase in methodology.phases],
        }

    def _plugin_names(self) -> list[str]:
        return [name for name, plugin in self._pm.list_name_plugin() if plugin is not None]

    def _for_tenant(self, hook: str, enabled_keys: Collection[str]) -> pluggy.HookCaller:
        not_enabled = [
            plugin for key, plugin in self._methodology_plugins.items() if key not in enabled_keys
        ]
        return self._pm.subset_hook_caller(hook, remove_plugins=not_enabled)


class MethodologyHooks:
    """The scope-M hooks of one methodology: its own plugin plus plugins that are no methodology.

    ``methodology`` already holds what plugins add (trainings, surveys): declared items first,
    added ones after.
    """

    __slots__ = ("_others", "_pm", "methodology")

    def __init__(
        self, methodology: Methodology, pm: pluggy.PluginManager, others: list[object]
    ) -> None:
        self.methodology = methodology
        self._pm = pm
        self._others = others

    def settings_schema(self) -> type[DataclassInstance] | None:
        """The dataclass of settings a tenant may give this methodology, if any."""
        schema: type[DataclassInstance] | None = self._hook("kring_settings_schema")()
        return schema

    def phase_guard(self, circle: CircleView, target: str) -> list[Unmet]:
        """Every rule the plugins say ``circle`` breaks by moving to ``target``; empty allows it."""
        return _flatten(self._hook("kring_phase_guard")(circle=circle, target=target))

    def has_reminder_rules(self) -> bool:
        """Whether any of these plugins implements ``kring_reminder_rules`` at all."""
        return bool(self._hook("kring_reminder_rules").get_hookimpls())

    def reminder_rules(self, circle: CircleView, now: datetime) -> list[ReminderIntent]:
        """What the methodology wants people of ``circle`` to hear of, beside the core rules."""
        return _flatten(self._hook("kring_reminder_rules")(circle=circle, now=now))

    def trainings(self) -> list[Training]:
        return list(self.methodology.trainings)

    def surveys(self) -> list[Survey]:
        return list(self.methodology.surveys)

    def score_survey(self, survey: str, answers: Mapping[str, str]) -> dict[str, int | str]:
        """The methodology's scores for one completed survey; empty when it scores none."""
        scores = self._hook("kring_survey_score")(survey=survey, answers=answers)
        return dict(scores) if scores else {}

    def audit_check(
        self, circle: CircleView, criterion: str, start: date, end: date
    ) -> Finding | None:
        """The methodology's own finding for one criterion over a period, or None."""
        finding: Finding | None = self._hook("kring_audit_check")(
            circle=circle, criterion=criterion, start=start, end=end
        )
        return finding

    def audit_checks(self) -> frozenset[str]:
        """The names of the checks the methodology's plugins answer themselves."""
        return frozenset(
            name for names in self._hook("kring_audit_checks")() for name in names or ()
        )

    def neighbourhood_criteria(self) -> list[NeighbourhoodCriterion]:
        """What ranks neighbourhoods for a new circle of this methodology: its plugins'
        criteria, or the core's defaults when none gives any. Keys are unique: the first
        plugin to name a key keeps it."""
        given = _flatten(self._hook("kring_neighbourhood_criteria")())
        chosen: dict[str, NeighbourhoodCriterion] = {}
        for criterion in given or DEFAULT_NEIGHBOURHOOD_CRITERIA:
            chosen.setdefault(criterion.key, criterion)
        return list(chosen.values())

    def _hook(self, name: str) -> pluggy.HookCaller:
        return self._pm.subset_hook_caller(name, remove_plugins=self._others)


def _register_installed(pm: pluggy.PluginManager) -> dict[str, str]:
    """Register installed ``kring.plugins`` entry points; return their distributions' versions.

    Names already registered (by ``extra``) or blocked are skipped.
    """
    versions: dict[str, str] = {}
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        name = entry_point.name
        if pm.has_plugin(name) or pm.is_blocked(name):
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:
            raise PluginError(f"plugin {name!r} ({entry_point.value}) failed to import") from error
        pm.register(plugin, name=name)
        if entry_point.dist is not None:
            versions[name] = entry_point.dist.version
    return versions


def _collect_methodologies(pm: pluggy.PluginManager) -> dict[str, tuple[Methodology, object]]:
    """Each methodology by key, with its plugin; refuses duplicate or misnamed keys."""
    described: dict[str, Methodology] = {}
    owners: dict[str, list[str]] = {}
    for name, answer in _answer_by_plugin(pm, "kring_methodology").items():
        if not isinstance(answer, Methodology):
            raise PluginError(f"plugin {name!r}: kring_methodology returned {answer!r}")
        described[name] = answer
        owners.setdefault(answer.key, []).append(name)
    for key, names in owners.items():
        if len(names) > 1:
            raise PluginError(f"plugins {sorted(names)} all describe methodology {key!r}")
    for name, methodology in described.items():
        if methodology.key != name:
            raise PluginError(
                f"plugin {name!r} describes methodology {methodology.key!r}: a methodology's key "
                "must equal the name its plugin is registered under (its entry-point name)"
            )
    return {name: (methodology, pm.get_plugin(name)) for name, methodology in described.items()}


def _answer_by_plugin(pm: pluggy.PluginManager, hook: str) -> dict[str, Any]:
    """Ask each plugin alone, so every answer is known by the plugin that gave it."""
    plugins = pm.get_plugins()
    answers: dict[str, Any] = {}
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        others = [other for other in plugins if other is not plugin]
        answer = pm.subset_hook_caller(hook, remove_plugins=others)()
        if answer:
            answers[name] = answer[0]
    return answers


def _flatten(answers: Iterable[Iterable[T]]) -> list[T]:
    return [item for answer in answers for item in answer]
