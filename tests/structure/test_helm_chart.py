"""The Helm chart in helm/kring, checked without helm (the project's tooling has no helm binary).

The templates are Go templates, so they are read as text: actions are tokenised, ``include``
calls are expanded from the ``define`` blocks, and the promises the chart makes are looked for
in the result. Values, Chart.yaml and every ``KRING_*`` name are checked against the real thing.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from kring.config import Config

CHART = Path(__file__).resolve().parents[2] / "helm" / "kring"
TEMPLATES = CHART / "templates"
APP_WORKLOADS = ("web-deployment.yaml", "worker-deployment.yaml", "scheduler-deployment.yaml")
WORKLOADS = (*APP_WORKLOADS, "migrate-job.yaml")
SECRET_KEYS = (
    "KRING_SECRET_KEY",
    "KRING_DATABASE_URL",
    "KRING_MIGRATION_DATABASE_URL",
    "KRING_REDIS_URL",
    "KRING_MAIL_USERNAME",
    "KRING_MAIL_PASSWORD",
    "KRING_SMS_API_KEY",
)
CONFIG_MAP_KEYS = (
    "KRING_ENV",
    "KRING_BASE_DOMAIN",
    "KRING_MAIL_SERVER",
    "KRING_MAIL_PORT",
    "KRING_MAIL_SENDER",
    "KRING_MAIL_USE_TLS",
    "KRING_SMS_PROVIDER",
    "KRING_SMS_API_URL",
    "KRING_SMS_SENDER",
    "KRING_DISABLED_PLUGINS",
    "KRING_INSTANCE_PATH",
)

ACTION = re.compile(r"{{-?(.*?)-?}}", re.DOTALL)
VALUES_REF = re.compile(r"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
KRING_NAME = re.compile(r"\bKRING_([A-Z0-9_]*)(\*?)")
INCLUDE = re.compile(r'\binclude\s+"([^"]+)"')
SECRET_ENV_CALL = re.compile(r'include "kring\.secretEnv" \(list \S+ "(KRING_\w+)"')
DEFINE = re.compile(r'^define\s+"([^"]+)"$')
OPENERS = {"if", "range", "with", "define", "block"}


def chart_files() -> list[Path]:
    return sorted(p for p in CHART.rglob("*") if p.is_file() and p.name != ".helmignore")


def template_files() -> list[Path]:
    return sorted(TEMPLATES.iterdir())


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def values() -> dict[str, Any]:
    return load_yaml(CHART / "values.yaml")


def actions(text: str) -> list[tuple[str, int, int]]:
    """(code, start, end) of every ``{{ }}`` action, comments left out."""
    found = []
    for match in ACTION.finditer(text):
        code = match.group(1).strip()
        if not code.startswith("/*"):
            found.append((code, match.start(), match.end()))
    return found


def keyword(code: str) -> str:
    return code.split(None, 1)[0] if code else ""


@cache
def definitions() -> dict[str, str]:
    """The body of every ``define`` in the chart, by name."""
    found: dict[str, str] = {}
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        stack: list[tuple[str | None, int]] = []
        for code, start, end in actions(text):
            word = keyword(code)
            if word in OPENERS:
                match = DEFINE.match(code)
                stack.append((match.group(1) if match else None, end))
            elif word == "end":
                name, body_start = stack.pop()
                if name is not None:
                    found[name] = text[body_start:start]
    return found


def expanded(text: str, depth: int = 0) -> str:
    """The template with the body of each included definition after the action including it."""
    assert depth < 20, "include nesting too deep (a recursive define?)"
    parts, last = [], 0
    for code, _start, end in actions(text):
        names = INCLUDE.findall(code)
        if not names:
            continue
        parts.append(text[last:end])
        for name in names:
            assert name in definitions(), f"include of an undefined template {name!r}"
            parts.append(expanded(definitions()[name], depth + 1))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def rendered_text(name: str) -> str:
    return expanded((TEMPLATES / name).read_text(encoding="utf-8"))


def secret_keys(name: str) -> set[str]:
    """The keys of the existing Secret that a workload's containers read."""
    text = rendered_text(name)
    via_helper = SECRET_ENV_CALL.findall(text)
    literal = re.findall(r"secretKeyRef:\s*\n\s*name: .*\n\s*key: (KRING_\w+)", text)
    return set(via_helper) | set(literal)


def config_variables() -> set[str]:
    return {f"KRING_{f.name.upper()}" for f in dataclasses.fields(Config)}


def value_paths(node: Any, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every path in values.yaml, inner mappings included."""
    paths = {prefix} if prefix else set()
    if isinstance(node, dict):
        for key, child in node.items():
            paths |= value_paths(child, (*prefix, str(key)))
    return paths


def referenced_paths() -> dict[tuple[str, ...], str]:
    """Every ``.Values.a.b`` path used in a template, with a file that uses it."""
    found: dict[tuple[str, ...], str] = {}
    for path in template_files():
        for match in VALUES_REF.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(tuple(match.group(1).strip(".").split(".")), path.name)
    return found


def test_chart_metadata_parses_when_chart_yaml_is_read() -> None:
    chart = load_yaml(CHART / "Chart.yaml")

    assert chart["apiVersion"] == "v2"
    assert chart["name"] == "kring"
    assert chart["type"] == "application"
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(chart["version"]))
    assert isinstance(chart["appVersion"], str), "quote appVersion so YAML keeps it a string"


def test_values_parse_with_production_defaults_when_values_yaml_is_read() -> None:
    defaults = values()

    assert set(defaults["image"]) >= {"repository", "tag", "pullPolicy"}
    assert defaults["existingSecret"] == "", "the chart must not name a secret of its own"
    assert defaults["web"]["replicas"] == 2
    assert defaults["worker"]["replicas"] == 2
    assert "replicas" not in defaults["scheduler"], "the scheduler's one replica is no setting"
    command = defaults["web"]["command"]
    assert (
        command[0] == "gunicorn" and "0.0.0.0:8000" in command and command[-1] == "kring.wsgi:app"
    )
    security = defaults["securityContext"]
    assert security["runAsNonRoot"] is True
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert defaults["podSecurityContext"]["runAsNonRoot"] is True


def test_template_actions_balance_when_each_file_is_tokenised() -> None:
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        assert text.count("{{") == text.count("}}"), f"{path.name}: unbalanced braces"
        depth = 0
        for code, _start, _end in actions(text):
            word = keyword(code)
            depth += word in OPENERS
            depth -= word == "end"
            assert depth >= 0, f"{path.name}: an 'end' without a block"
        assert depth == 0, f"{path.name}: a block without its 'end'"


def test_values_references_exist_when_templates_use_them() -> None:
    declared = value_paths(values())

    missing = sorted(
        f"{name}: .Values.{'.'.join(ref)}"
        for ref, name in referenced_paths().items()
        if ref not in declared
    )

    assert not missing, f"declare these in values.yaml: {missing}"


def test_values_are_used_when_declared_in_values_yaml() -> None:
    used = referenced_paths()
    declared = value_paths(values())
    leaves = {path for path in declared if not any(o[: len(path)] == path != o for o in declared)}

    unused = sorted(
        ".".join(leaf)
        for leaf in leaves
        if not any(leaf[: len(ref)] == ref for ref in used)  # a template uses it or a parent
    )

    assert not unused, f"values.yaml declares values no template reads: {unused}"


def test_kring_variables_are_config_fields_when_the_chart_names_them() -> None:
    known = config_variables()
    unknown = set()
    for path in chart_files():
        for name, star in KRING_NAME.findall(path.read_text(encoding="utf-8")):
            variable = f"KRING_{name}"
            if star:  # a prefix such as KRING_MAIL_*
                if not any(k.startswith(variable) for k in known):
                    unknown.add(f"{path.name}: {variable}*")
            elif variable not in known:
                unknown.add(f"{path.name}: {variable}")

    assert not unknown, f"Kring refuses unknown KRING_ variables: {sorted(unknown)}"


def test_config_map_sets_production_settings_when_rendered() -> None:
    data = definitions()["kring.configData"]

    for name in CONFIG_MAP_KEYS:
        assert re.search(rf"^{name}:", data, re.MULTILINE), f"{name} missing from the ConfigMap"
    assert re.search(r'^KRING_ENV: "production"$', data, re.MULTILINE)
    assert re.search(r'^KRING_INSTANCE_PATH: "/var/lib/kring"$', data, re.MULTILINE)
    assert not set(SECRET_KEYS) & set(re.findall(r"^(KRING_\w+):", data, re.MULTILINE))
    assert "kring.configData" in (TEMPLATES / "configmap.yaml").read_text(encoding="utf-8")


def test_scheduler_runs_one_replica_when_deployed() -> None:
    text = rendered_text("scheduler-deployment.yaml")

    assert re.findall(r"^\s*replicas:\s*(.*)$", text, re.MULTILINE) == ["1"]
    assert re.search(r"strategy:\s*\n\s*type: Recreate\b", text)
    assert re.search(r"command:\s*\n\s*- kring\s*\n\s*- scheduler\s*$", text, re.MULTILINE)


def test_worker_and_web_scale_from_values_when_deployed() -> None:
    worker = rendered_text("worker-deployment.yaml")
    web = rendered_text("web-deployment.yaml")

    assert re.search(r"^\s*replicas: {{ \.Values\.worker\.replicas }}$", worker, re.MULTILINE)
    assert re.search(r"command:\s*\n\s*- kring\s*\n\s*- worker\s*$", worker, re.MULTILINE)
    assert re.search(r"^\s*replicas: {{ \.Values\.web\.replicas }}$", web, re.MULTILINE)
    assert "toYaml .Values.web.command" in web


def test_migration_job_is_a_pre_install_and_pre_upgrade_hook_when_rendered() -> None:
    text = rendered_text("migrate-job.yaml")

    assert re.search(r"^kind: Job$", text, re.MULTILINE)
    hooks = re.findall(r'^\s*"?helm\.sh/hook"?:\s*"?([\w,-]+)"?\s*$', text, re.MULTILINE)
    assert [set(h.split(",")) for h in hooks] == [{"pre-install", "pre-upgrade"}]
    assert re.search(r"command:\s*\n\s*- kring\s*\n\s*- db\s*\n\s*- upgrade\s*$", text, re.M)
    assert secret_keys("migrate-job.yaml") == {
        "KRING_SECRET_KEY",
        "KRING_DATABASE_URL",  # migrations grant the app role its rights
        "KRING_MIGRATION_DATABASE_URL",
    }
    assert "configMapRef" not in text, "a pre-install hook runs before the ConfigMap exists"


def test_app_pods_get_only_the_app_role_when_deployed() -> None:
    for name in APP_WORKLOADS:
        text = rendered_text(name)

        assert secret_keys(name) == set(SECRET_KEYS) - {"KRING_MIGRATION_DATABASE_URL"}, name
        assert "secretRef" not in text, f"{name}: envFrom a Secret would hand over every key"
        assert "- name: KRING_MIGRATION_DATABASE_URL" not in text, f"{name} sees the owner"
        assert "configMapRef" in text, name


def test_rendering_requires_an_existing_secret_when_it_is_empty() -> None:
    helper = definitions()["kring.secretName"]

    assert re.search(
        r'required\s+"existingSecret is required[^"]*"\s+\.Values\.existingSecret', helper
    )
    for name in WORKLOADS:
        assert "existingSecret is required" in rendered_text(name), f"{name} skips the check"
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^kind:\s*Secret\b", text, re.MULTILINE), f"{path.name}"


def test_web_probes_check_health_when_deployed() -> None:
    text = rendered_text("web-deployment.yaml")

    assert re.search(r"- name: http\s*\n\s*containerPort: 8000\b", text)
    liveness = re.search(
        r"livenessProbe:\s*\n\s*httpGet:\s*\n\s*path: (\S+)\s*\n\s*port: (\S+)", text
    )
    readiness = re.search(
        r"readinessProbe:\s*\n\s*httpGet:\s*\n\s*path: (\S+)\s*\n\s*port: (\S+)", text
    )
    assert liveness and liveness.groups() == ("/healthz", "http")
    assert readiness and readiness.groups() == ("/readyz", "http")


def test_every_container_is_locked_down_when_deployed() -> None:
    for name in WORKLOADS:
        text = rendered_text(name)

        assert "toYaml .Values.securityContext" in text, name
        assert "toYaml .Values.podSecurityContext" in text, name
        assert "automountServiceAccountToken: false" in text, name
        assert re.search(r"mountPath: /tmp\b", text), name
        assert re.search(r"mountPath: /var/lib/kring\b", text), name
        assert text.count("emptyDir:") == 2, name


def test_service_account_mounts_no_token_when_created() -> None:
    text = rendered_text("serviceaccount.yaml")

    assert re.search(r"^kind: ServiceAccount$", text, re.MULTILINE)
    assert re.search(r"^automountServiceAccountToken: false$", text, re.MULTILINE)


def test_web_has_a_service_and_disruption_budget_when_deployed() -> None:
    service = (TEMPLATES / "web-service.yaml").read_text(encoding="utf-8")
    budget = (TEMPLATES / "web-pdb.yaml").read_text(encoding="utf-8")
    web_selector = 'include "kring.selectorLabels" (dict "context" . "component" "web")'

    assert re.search(r"^kind: Service$", service, re.MULTILINE)
    assert "targetPort: http" in service
    assert re.search(r"^kind: PodDisruptionBudget$", budget, re.MULTILINE)
    assert web_selector in service
    assert web_selector in budget


def test_ingress_adds_a_quoted_wildcard_host_when_base_domain_is_set() -> None:
    text = (TEMPLATES / "web-ingress.yaml").read_text(encoding="utf-8")

    assert text.startswith("{{- if .Values.ingress.enabled }}")
    assert re.search(r'with \.Values\.config\.baseDomain }}.*?printf "\*\.%s"', text, re.DOTALL)
    assert "host: {{ . | quote }}" in text, "an unquoted *.host is a YAML alias, not a string"


def test_workloads_carry_standard_labels_when_rendered() -> None:
    labels = definitions()["kring.labels"]
    for label in ("helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/version"):
        assert label in labels
    for path in template_files():
        if path.suffix != ".yaml":
            continue
        text = path.read_text(encoding="utf-8")
        assert 'include "kring.labels"' in text, f"{path.name} lacks the standard labels"


def test_readme_explains_secrets_and_roles_when_read() -> None:
    readme = (CHART / "README.md").read_text(encoding="utf-8")

    for key in SECRET_KEYS:
        assert key in readme, key
    for phrase in ("NOSUPERUSER", "NOBYPASSRLS", "helm upgrade --install", "kring scheduler"):
        assert phrase in readme, phrase
