# mypy: disable-error-code="empty-body"
# (a spec is a signature only: pluggy never runs its body)
"""Every hook a Kring plugin can implement, in one flat file.

Each hook has a scope, which says which plugins are asked:

- S: once at start-up, every loaded plugin.
- T: for one tenant, the plugins of the methodologies it has enabled, plus plugins that are
  no methodology.
- M: for one methodology, its own plugin plus plugins that are no methodology; never another
  methodology's plugin, whose answer would be about the wrong rules.

Call hooks through ``kring.plugins.PluginHost``, never through ``pm.hook``: the host applies the
scope. A spec changes only by gaining arguments, so plugins written against it keep working
(pluggy passes an implementation only the arguments it names). Every hook is documented in
``docs/hooks.md``; a structure test fails when one is not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from flask import Blueprint

    from kring.core.accounts import User
    from kring.core.facade import CircleView
    from kring.core.methodology import (
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
    from kring.core.tenancy import Tenant

hookspec = pluggy.HookspecMarker("kring")


class JobRegistry(Protocol):
    """What ``kring_register_jobs`` receives (``kring.jobs.worker.PeriodicJobs``)."""

    def every(self, seconds: int, fn: Callable[..., Any]) -> None: ...


@hookspec
def kring_methodology() -> Methodology:
    """Describe the methodology this plugin implements. Scope S.

    Called once per plugin by ``PluginHost.load``, without arguments. Not ``firstresult``: each
    methodology plugin answers for itself, and plugins that are no methodology leave it out.
    Return a ``Methodology`` whose ``key`` equals the plugin's entry-point name; the host refuses
    to start when it does not, or when two plugins describe the same key.
    """


@hookspec(firstresult=True)
def kring_settings_schema() -> type[DataclassInstance] | None:
    """Declare the settings a tenant may give this methodology. Scope M.

    Called without arguments when ``kring tenants sync`` validates a tenant's settings for an
    enabled methodology. Return a dataclass type whose fields (with types and defaults) are the
    settings, or ``None`` when the methodology has none. ``firstresult``: one schema per
    methodology.
    """


@hookspec
def kring_phase_guard(circle: CircleView, target: str) -> list[Unmet]:
    """Refuse a phase move for a reason the methodology's data cannot express. Scope M.

    Called when someone asks to move ``circle`` into the phase keyed ``target``, after the core
    has checked the allowed moves, and whenever a circle's page shows what the next phase takes.
    ``circle`` is a read-only ``CircleView`` (members by role with their facts, neighbourhood,
    organisation kind, and query methods such as ``partner_kinds()``); never run queries of your
    own. Return the rules the circle does not meet, each explainable to the person who asked; an
    empty list lets the move through. All answers are collected: one ``Unmet`` refuses the move.
    """


@hookspec
def kring_reminder_rules(circle: CircleView, now: datetime) -> list[ReminderIntent]:
    """Say who in ``circle`` should hear of what, by when. Scope M.

    Called by the reminder sweep (``kring.notify.rules``, every few minutes from ``kring
    scheduler``) for every circle of the methodology in an active tenant, with the sweep's time
    ``now`` (UTC). Return ``ReminderIntent``s for what only this methodology asks (a return day
    to book, a survey due at a phase); meetings, plans, contacts, escalations and trainings are
    the core's own rules. Each intent names a person of the circle; the core writes its rows
    once per ``key``, in the recipient's language and channels, so returning the same intent on
    every sweep is right. Never run queries of your own.
    """


@hookspec
def kring_trainings() -> list[Training]:
    """Add trainings to those in ``Methodology.trainings``. Scope M.

    Called without arguments once, when the plugins load: the host adds the answers to the
    methodology it hands out, so the rules judge, the pages and tenant files all read the same
    courses. Return the extra trainings; an empty list adds none.
    """


@hookspec
def kring_surveys() -> list[Survey]:
    """Add outcome surveys to those in ``Methodology.surveys``. Scope M.

    Called without arguments once, when the plugins load: the host adds the answers to the
    methodology it hands out, so a person's page offers them. Return the extra surveys; an empty
    list adds none.
    """


@hookspec(firstresult=True)
def kring_survey_score(survey: str, answers: Mapping[str, str]) -> Mapping[str, int | str] | None:
    """Score one completed survey. Scope M, first answer wins.

    Called when someone records answers to ``survey`` (a key of one of the methodology's
    surveys), after the core checked that every item has an allowed answer. Return the scores by
    name (``{"emotional": 2, "social": 1, "total": 3, "level": "moderately_lonely"}``), None for
    a survey this plugin does not score, or raise ``ValueError`` to refuse the answers.
    """


@hookspec(firstresult=True)
def kring_audit_check(circle: CircleView, criterion: str, start: date, end: date) -> Finding | None:
    """Answer one automatic audit criterion from the data. Scope M, first answer wins.

    Called when an audit is opened and when a circle's fidelity score is taken
    (``kring.audits``), for each criterion whose ``check`` the core does not know, and for the
    core's own checks too, so a methodology may judge them its own way. ``start`` and ``end``
    are the audit's period (inclusive). Return a ``Finding`` (met, not met or cannot tell, with
    the figures behind it: counts and dates, never a name), or None to leave the criterion to
    the core or, for a check nobody knows, to the coach. Ask the ``CircleView``; never run
    queries of your own.
    """


@hookspec
def kring_audit_checks() -> Collection[str]:
    """Name the automatic checks this plugin answers itself. Scope M.

    Called once at start-up (``kring.audits.checks.check_known``): every ``AuditCriterion.check``
    of the methodology must be one of the core's checks or one named here, or Kring refuses to
    start, because a criterion nobody answers would sit unanswered in every audit. Return the
    check names your ``kring_audit_check`` answers (``{"own_direction"}``).
    """


@hookspec
def kring_neighbourhood_criteria() -> list[NeighbourhoodCriterion]:
    """Say what makes a neighbourhood suit a new circle of this methodology. Scope M.

    Called without arguments when someone ranks the tenant's neighbourhoods for the methodology
    (Buurtcirkel's phase Onderzoek, ``kring.neighbourhoods.ranking``). Return
    ``NeighbourhoodCriterion``s: a fact the core measures, a weight and words in Dutch and
    English. The core reads the figures and scores; when no plugin answers, the core's
    ``DEFAULT_NEIGHBOURHOOD_CRITERIA`` rank. Never run queries of your own.
    """


@hookspec
def kring_nav_items(user: User, tenant: Tenant) -> list[NavItem]:
    """Add menu entries. Scope T.

    Called while rendering the menu of every page for ``user`` signed in to ``tenant``, asking
    only the plugins of methodologies the tenant has enabled. Return the entries this user may
    follow; check their permissions here, since the menu shows whatever is returned.
    """


@hookspec
def kring_dashboard_widgets(user: User, tenant: Tenant) -> list[DashboardWidget]:
    """Add dashboard tiles. Scope T.

    Called while rendering ``user``'s home page in ``tenant``, asking only the plugins of
    methodologies the tenant has enabled. Return the tiles this user may see, with the same care
    for permissions as ``kring_nav_items``; each tile's template is included in the page.
    """


@hookspec
def kring_blueprints() -> Blueprint | None:
    """Offer the plugin's pages. Scope S.

    Called once per plugin while the app is built. Return a Flask ``Blueprint``; the app mounts
    it at ``/m/<plugin name>/`` and answers 404 there for tenants that have not enabled the
    methodology. Return ``None`` (or leave the hook out) for a plugin without pages.
    """


@hookspec
def kring_register_jobs(registry: JobRegistry) -> None:
    """Add the plugin's periodic jobs. Scope S.

    Called once when the worker or scheduler starts, with the registry of periodic jobs. Call
    ``registry.every(seconds, job)`` for each job, ``job`` decorated with ``@job``. Jobs run for
    the whole platform: a job finds the tenants that enabled its methodology itself.
    """
