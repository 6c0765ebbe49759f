"""The plugin host loads plugins from outside the core and asks each hook only the right ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from kring import hookimpl
from kring.core.facade import CircleView, NeighbourhoodView
from kring.core.methodology import Methodology
from kring.plugins import PluginError, PluginHost
from tests.plugins_for_tests import addon, alpha, beta, misspelt

ALPHA = ("alpha", alpha)
BETA = ("beta", beta)
ADDON = ("addon", addon)


def load(*extra: tuple[str, object], disabled: tuple[str, ...] = ()) -> PluginHost:
    return PluginHost.load(disabled=disabled, extra=extra, discover=False)


def test_throwaway_methodology_is_served_when_registered_from_outside_core() -> None:
    host = load(ALPHA)

    assert host.methodologies() == {"alpha": alpha.METHODOLOGY}
    assert host.methodology("alpha").name("nl") == "Alfa"
    assert host.for_methodology("alpha").settings_schema() is alpha.Settings


@pytest.mark.parametrize("order", [(ALPHA, BETA), (BETA, ALPHA)], ids=["alpha-first", "beta-first"])
def test_phase_guard_answers_with_own_verdict_when_another_methodology_refuses(
    order: tuple[tuple[str, object], ...],
) -> None:
    host = load(*order)
    circle = CircleView(
        id=1,
        name="Alfakring",
        methodology_key="alpha",
        phase="running",
        phase_since=date(2026, 1, 5),
        today=date(2026, 3, 2),
        organisation_kind="care",
        neighbourhood=NeighbourhoodView(name="Wijk"),
    )

    assert host.for_methodology("alpha").phase_guard(circle, "running") == []
    assert [
        unmet.rule for unmet in host.for_methodology("alpha").phase_guard(circle, "closed")
    ] == ["alpha.farewell"]
    assert [
        unmet.rule for unmet in host.for_methodology("beta").phase_guard(circle, "running")
    ] == ["beta.never"]


@pytest.mark.parametrize("order", [(ALPHA, BETA), (BETA, ALPHA)], ids=["alpha-first", "beta-first"])
def test_firstresult_hook_answers_with_own_plugin_when_another_methodology_answers_too(
    order: tuple[tuple[str, object], ...],
) -> None:
    host = load(*order)

    assert host.for_methodology("alpha").settings_schema() is alpha.Settings
    assert host.for_methodology("beta").settings_schema() is beta.Settings


def test_methodology_lists_include_addon_contributions_when_an_addon_is_loaded() -> None:
    host = load(ALPHA, ADDON)

    assert [training.key for training in host.for_methodology("alpha").trainings()] == [
        "basics",
        "privacy",
    ]


def test_nav_items_come_from_enabled_methodologies_and_addons_when_asked_for_a_tenant() -> None:
    host = load(ALPHA, BETA, ADDON)

    items = host.nav_items(SimpleNamespace(), SimpleNamespace(), enabled_keys={"alpha"})

    assert sorted(item.endpoint for item in items) == ["addon.help", "alpha.circles"]


def test_startup_hooks_reach_every_plugin_when_called() -> None:
    host = load(ALPHA, BETA, ADDON)
    registered: list[tuple[int, Callable[..., Any]]] = []

    host.register_jobs(SimpleNamespace(every=lambda seconds, fn: registered.append((seconds, fn))))

    assert host.blueprints() == {"alpha": alpha.blueprint}
    assert registered == [(3600, alpha.count_circles)]


def test_load_refuses_when_two_plugins_describe_the_same_key() -> None:
    class AlphaAgain:
        @hookimpl
        def kring_methodology(self) -> Methodology:
            return alpha.METHODOLOGY

    with pytest.raises(PluginError, match=r"\['alpha', 'alpha_again'\] all describe .*'alpha'"):
        load(ALPHA, ("alpha_again", AlphaAgain()))


def test_load_refuses_when_key_differs_from_registered_name() -> None:
    with pytest.raises(PluginError, match="plugin 'gamma' describes methodology 'alpha'"):
        load(("gamma", alpha))


def test_plugin_is_not_loaded_when_its_name_is_disabled() -> None:
    host = load(ALPHA, BETA, disabled=("beta",))

    assert list(host.methodologies()) == ["alpha"]
    assert [plugin["key"] for plugin in host.describe()] == ["alpha"]


def test_load_fails_when_a_hookimpl_name_is_misspelt() -> None:
    with pytest.raises(PluginError, match="unknown hook 'kring_phase_gaurd'"):
        load(ALPHA, ("misspelt", misspelt))


def test_methodology_lookup_names_the_installed_ones_when_key_is_unknown() -> None:
    host = load(ALPHA)

    with pytest.raises(PluginError, match=r"no methodology 'delta' .*installed: alpha"):
        host.for_methodology("delta")


def test_describe_is_json_serialisable_when_methodologies_and_addons_are_loaded() -> None:
    host = load(ALPHA, ADDON)

    described = json.loads(json.dumps(host.describe()))

    assert [plugin["key"] for plugin in described] == ["addon", "alpha"]
    assert described[1]["name"] == {"nl": "Alfa", "en": "Alpha"}
    assert described[1]["version"] == "0.0.1"
    assert described[1]["phases"] == ["forming", "running", "closed"]
    assert described[1]["size_rule"]["start_minimum"] == 3
    assert (described[0]["is_methodology"], described[0]["name"]["en"]) == (False, "addon")


def install(site: Path, name: str, module: str, version: str) -> None:
    """Fake an installed distribution offering ``module`` as ``kring.plugins`` entry point."""
    dist_info = site / f"kring_test_{name}-{version}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: kring-test-{name}\nVersion: {version}\n"
    )
    (dist_info / "entry_points.txt").write_text(f"[kring.plugins]\n{name} = {module}\n")


def test_installed_plugin_is_loaded_with_its_distribution_version_when_discovered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, "alpha", "tests.plugins_for_tests.alpha", "1.2.3")
    monkeypatch.syspath_prepend(str(tmp_path))

    host = PluginHost.load()

    assert host.methodology("alpha") is alpha.METHODOLOGY
    assert {plugin["key"]: plugin["version"] for plugin in host.describe()}["alpha"] == "1.2.3"


def test_installed_plugin_is_not_loaded_when_its_name_is_disabled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, "alpha", "tests.plugins_for_tests.alpha", "1.2.3")
    monkeypatch.syspath_prepend(str(tmp_path))

    host = PluginHost.load(disabled=["alpha"])

    assert "alpha" not in host.methodologies()


def test_load_names_the_plugin_when_an_installed_plugin_fails_to_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, "ghost", "tests.plugins_for_tests.no_such_module", "0.1")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(PluginError, match=r"plugin 'ghost' .* failed to import"):
        PluginHost.load()
