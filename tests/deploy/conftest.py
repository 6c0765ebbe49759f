"""A real Helm renders the chart in helm/kring; kubernetes-validate checks what it renders.

``make test`` fetches Helm with ``scripts/helm.sh`` (from scripts/test-services.sh) and names it
in ``KRING_TEST_HELM``. A plain pytest run uses the checkout's ``.test-services/helm/helm`` when
an earlier ``make test`` left it there, and otherwise skips these tests. Under ``make test``,
recognised by the throwaway servers' ``KRING_TEST_DATABASE_URL``, a missing Helm or
kubernetes-validate fails instead: make test skips nothing.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "kring"
HELM_VERSION = "v3.17.1"
RELEASE = "kring"
NAMESPACE = "kring"
REQUIRED = (
    "--set",
    "image.repository=registry.example.org/kring",
    "--set",
    "existingSecret=kring-secrets",
)
# Named sets of values, each rendered once per session: the defaults with only the two
# required values, and the production-like example (autoscaling, NetworkPolicy, Ingress, TLS).
VALUE_SETS: dict[str, tuple[str, ...]] = {
    "default": REQUIRED,
    "production": ("--values", str(CHART / "values-production-example.yaml")),
}


def _under_make_test() -> bool:
    return os.environ.get("KRING_TEST_DATABASE_URL", "").startswith("postgresql")


def _missing(what: str) -> None:
    if _under_make_test():
        pytest.fail(f"{what}; make test provides it (scripts/test-services.sh)")
    pytest.skip(f"{what}: make test provides it")


@dataclass(frozen=True)
class Rendered:
    """The objects ``helm template`` made of one set of values."""

    text: str
    objects: tuple[dict[str, Any], ...]

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [o for o in self.objects if o["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        found = [o for o in self.of_kind(kind) if o["metadata"]["name"] == name]
        assert len(found) == 1, f"{kind}/{name}: {len(found)} rendered"
        return found[0]

    def workloads(self) -> list[dict[str, Any]]:
        return self.of_kind("Deployment") + self.of_kind("Job")


@dataclass(frozen=True)
class Helm:
    binary: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.binary, *args], capture_output=True, text=True, timeout=60, check=False
        )

    def template(self, *values: str) -> subprocess.CompletedProcess[str]:
        return self.run("template", RELEASE, str(CHART), "--namespace", NAMESPACE, *values)

    def render(self, *values: str) -> Rendered:
        result = self.template(*values)
        assert result.returncode == 0, result.stderr
        objects = tuple(o for o in yaml.safe_load_all(result.stdout) if o)
        return Rendered(result.stdout, objects)


def _helm_binary() -> str | None:
    named = os.environ.get("KRING_TEST_HELM")
    if named:
        assert Path(named).is_file(), f"KRING_TEST_HELM={named} does not exist"
        return named
    fetched = ROOT / ".test-services" / "helm" / "helm"
    return str(fetched) if fetched.is_file() else None


@cache
def _helm(binary: str) -> Helm:
    helm = Helm(binary)
    version = helm.run("version", "--template", "{{.Version}}")
    assert version.stdout.strip() == HELM_VERSION, version.stdout + version.stderr
    return helm


@cache
def _rendered(binary: str, name: str) -> Rendered:
    return _helm(binary).render(*VALUE_SETS[name])


@pytest.fixture(scope="session")
def helm() -> Helm:
    binary = _helm_binary()
    if binary is None:
        _missing("no Helm binary (KRING_TEST_HELM, or .test-services/helm/helm)")
    assert binary is not None
    return _helm(binary)


@pytest.fixture(scope="session")
def render(helm: Helm) -> Callable[[str], Rendered]:
    """The rendering of a named value set, cached for the session."""
    return lambda name: _rendered(helm.binary, name)


@pytest.fixture(scope="session")
def kubernetes_validate() -> Callable[..., subprocess.CompletedProcess[str]]:
    if importlib.util.find_spec("kubernetes_validate") is None:
        _missing("kubernetes-validate is not installed (the test extras)")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = "from kubernetes_validate.__main__ import main; raise SystemExit(main())"
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
