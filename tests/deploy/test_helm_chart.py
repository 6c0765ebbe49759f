"""The Helm chart in helm/kring, rendered by a real Helm and validated as Kubernetes objects.

Each promise of the chart is an assertion on what ``helm template`` renders, with the default
values (plus the two required ones) and with the production-like example; kubernetes-validate
checks every object strictly against the Kubernetes API's schemas. Bad values must fail the
install, through values.schema.json.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask

from kring.config import Config
from kring.jobs import registered
from tests.deploy.conftest import CHART, REQUIRED, VALUE_SETS, Helm, Rendered

Render = Callable[[str], Rendered]
# The oldest Kubernetes the chart supports (Chart.yaml's kubeVersion) and a current one.
KUBERNETES_VERSIONS = ("1.25.0", "1.33.0")
SECRET = "kring-secrets"
APP_COMPONENTS = ("web", "worker", "scheduler")
REQUIRED_SECRET_KEYS = (
    "KRING_SECRET_KEY",
    "KRING_DATABASE_URL",
    "KRING_MIGRATION_DATABASE_URL",
    "KRING_REDIS_URL",
)
OPTIONAL_SECRET_KEYS = (
    "KRING_MAIL_USERNAME",
    "KRING_MAIL_PASSWORD",
    "KRING_SMS_API_KEY",
    "KRING_SENTRY_DSN",
    "KRING_METRICS_TOKEN",  # the web pods only: they serve /metrics
)
SECRET_KEYS = REQUIRED_SECRET_KEYS + OPTIONAL_SECRET_KEYS
CONFIG_MAP_KEYS = (
    "KRING_ENV",
    "KRING_BASE_DOMAIN",
    "KRING_PUBLIC_URL",
    "KRING_MAIL_SERVER",
    "KRING_MAIL_PORT",
    "KRING_MAIL_SENDER",
    "KRING_MAIL_USE_TLS",
    "KRING_SMS_PROVIDER",
    "KRING_SMS_API_URL",
    "KRING_SMS_SENDER",
    "KRING_DISABLED_PLUGINS",
    "KRING_DEFAULT_LOCALE",
    "KRING_LOGIN_RATE_LIMIT",
    "KRING_LOG_FORMAT",
    "KRING_INSTANCE_PATH",
)
KRING_NAME = re.compile(r"\bKRING_([A-Z0-9_]*)(\*?)")
# Example values for the Secret's keys, to build each container's environment as Kring sees it.
SECRET_VALUES = {
    "KRING_SECRET_KEY": "s" * 48,
    "KRING_DATABASE_URL": "postgresql+psycopg://kring_app:pw@db:5432/kring",
    "KRING_MIGRATION_DATABASE_URL": "postgresql+psycopg://kring_owner:pw@db:5432/kring",
    "KRING_REDIS_URL": "redis://redis:6379/0",
    "KRING_MAIL_USERNAME": "kring",
    "KRING_MAIL_PASSWORD": "pw",
    "KRING_SMS_API_KEY": "key",
    "KRING_SENTRY_DSN": "https://public@sentry.example.org/1",
    "KRING_METRICS_TOKEN": "m" * 32,
}


@pytest.fixture(params=sorted(VALUE_SETS))
def rendered(request: pytest.FixtureRequest, render: Render) -> Rendered:
    """Each named value set's rendering (the test runs once per set)."""
    return render(request.param)


def full(name: str) -> str:
    return f"kring-{name}"


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    spec = pod_spec(workload)
    return spec["containers"] + spec.get("initContainers", [])


def component(obj: dict[str, Any]) -> str:
    return obj["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]


def app_workloads(rendered: Rendered) -> list[dict[str, Any]]:
    return [w for w in rendered.of_kind("Deployment") if component(w) in APP_COMPONENTS]


def secret_refs(container: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Secret keys a container reads, by variable name."""
    return {
        e["name"]: e["valueFrom"]["secretKeyRef"]
        for e in container.get("env", [])
        if "secretKeyRef" in e.get("valueFrom", {})
    }


def environment(rendered: Rendered, container: dict[str, Any]) -> dict[str, str]:
    """What the container's process finds in its environment (the Secret's keys all present)."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        assert "configMapRef" in source, source
        config_map = rendered.get("ConfigMap", source["configMapRef"]["name"])
        env.update(config_map["data"])
    for entry in container.get("env", []):
        if "value" in entry:
            env[entry["name"]] = entry["value"]
        else:
            env[entry["name"]] = SECRET_VALUES[entry["valueFrom"]["secretKeyRef"]["key"]]
    return env


def config_variables() -> set[str]:
    return {f"KRING_{f.name.upper()}" for f in dataclasses.fields(Config)}


def matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Whether a label selector (matchLabels and In/NotIn expressions) selects these labels."""
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expression in selector.get("matchExpressions", []):
        value = labels.get(expression["key"])
        if expression["operator"] == "In" and value not in expression["values"]:
            return False
        if expression["operator"] == "NotIn" and value in expression["values"]:
            return False
    return True


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def values() -> dict[str, Any]:
    return load_yaml(CHART / "values.yaml")


def value_leaves(node: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(node, dict) and node:
        for key, child in node.items():
            yield from value_leaves(child, (*prefix, str(key)))
    else:
        yield prefix


# --- the chart renders and validates -----------------------------------------------------------


def test_chart_metadata_parses_when_chart_yaml_is_read() -> None:
    chart = load_yaml(CHART / "Chart.yaml")

    assert chart["apiVersion"] == "v2"
    assert chart["name"] == "kring"
    assert chart["type"] == "application"
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(chart["version"]))
    assert isinstance(chart["appVersion"], str), "quote appVersion so YAML keeps it a string"
    floor = re.fullmatch(r">=(\d+\.\d+)\.0-0", chart["kubeVersion"])
    assert floor and f"{floor.group(1)}.0" == KUBERNETES_VERSIONS[0], "validate at the floor"


@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_chart_lints_strictly_when_values_are_given(helm: Helm, name: str) -> None:
    result = helm.run("lint", "--strict", str(CHART), *VALUE_SETS[name])

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("name", sorted(VALUE_SETS))
def test_manifests_validate_strictly_when_rendered(
    render: Render,
    kubernetes_validate: Callable[..., Any],
    tmp_path: Path,
    name: str,
    version: str,
) -> None:
    manifest = tmp_path / f"{name}.yaml"
    manifest.write_text(render(name).text, encoding="utf-8")

    result = kubernetes_validate("--strict", "--kubernetes-version", version, str(manifest))

    assert result.returncode == 0, result.stdout + result.stderr
    passed = re.findall(r"passed for resource", result.stdout + result.stderr)
    assert len(passed) == len(render(name).objects), result.stdout + result.stderr


def test_validation_fails_when_a_manifest_has_an_unknown_field(
    kubernetes_validate: Callable[..., Any], tmp_path: Path
) -> None:
    """The strict check is real: an unexpected field in an object fails it."""
    manifest = tmp_path / "bad.yaml"
    manifest.write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labelz: {}\ndata: {}\n",
        encoding="utf-8",
    )

    result = kubernetes_validate("--strict", "--kubernetes-version", "1.25.0", str(manifest))

    assert result.returncode != 0


def test_every_object_carries_standard_labels_when_rendered(rendered: Rendered) -> None:
    for obj in rendered.objects:
        labels = obj["metadata"]["labels"]
        for label in (
            "helm.sh/chart",
            "app.kubernetes.io/name",
            "app.kubernetes.io/instance",
            "app.kubernetes.io/managed-by",
            "app.kubernetes.io/version",
        ):
            assert label in labels, f"{obj['kind']}/{obj['metadata']['name']} lacks {label}"


def notes(helm: Helm, tmp_path: Path, *values: str) -> str:
    """NOTES.txt as ``helm install`` prints it (``helm template`` leaves it out, and a dry-run
    install wants a cluster): a copy of the chart renders it into a ConfigMap."""
    chart = tmp_path / "kring"
    shutil.copytree(CHART, chart)
    text = (chart / "templates" / "NOTES.txt").read_text(encoding="utf-8")
    (chart / "templates" / "_notes.tpl").write_text(
        '{{- define "kring.notesForTest" }}' + text + "{{- end }}", encoding="utf-8"
    )
    (chart / "templates" / "zz-notes.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n"
        '  notes: {{ include "kring.notesForTest" . | quote }}\n',
        encoding="utf-8",
    )
    result = helm.run(
        "template", "kring", str(chart), "--show-only", "templates/zz-notes.yaml", *values
    )
    assert result.returncode == 0, result.stderr
    return str(yaml.safe_load(result.stdout)["data"]["notes"])


def test_notes_tell_how_many_pods_run_and_where_when_installed(helm: Helm, tmp_path: Path) -> None:
    default = notes(helm, tmp_path / "default", *REQUIRED)
    production = notes(helm, tmp_path / "production", *VALUE_SETS["production"])

    assert "kring-web        2 replica(s)" in default
    assert "kring-scheduler  exactly 1 replica (Recreate)" in default
    assert "WARNING: config.mailServer is empty" in default
    assert "point at http://localhost:8000" in default
    assert "kring-worker     2 to 12 replicas (HPA on kring_queue_jobs)" in production
    assert "https://<tenant>.kring.example.org/" in production
    assert "WARNING" not in production


# --- settings and secrets ---------------------------------------------------------------------


def test_kring_variables_are_config_fields_when_the_chart_sets_them(rendered: Rendered) -> None:
    known = config_variables()
    named: set[str] = set()
    for workload in rendered.workloads():
        for container in containers(workload):
            named |= {e["name"] for e in container.get("env", [])}
            named |= {ref["key"] for ref in secret_refs(container).values()}
    for config_map in rendered.of_kind("ConfigMap"):
        named |= set(config_map["data"])

    kring_names = {n for n in named if n.startswith("KRING_")}
    assert kring_names >= set(CONFIG_MAP_KEYS) | set(SECRET_KEYS)
    assert not kring_names - known, f"Kring refuses unknown variables: {kring_names - known}"


def test_kring_variables_are_config_fields_when_the_chart_files_name_them() -> None:
    known = config_variables()
    unknown = set()
    for path in sorted(p for p in CHART.rglob("*") if p.is_file()):
        for name, star in KRING_NAME.findall(path.read_text(encoding="utf-8")):
            variable = f"KRING_{name}"
            if star:  # a prefix such as KRING_MAIL_*
                if not any(k.startswith(variable) for k in known):
                    unknown.add(f"{path.name}: {variable}*")
            elif variable not in known:
                unknown.add(f"{path.name}: {variable}")

    assert not unknown, f"Kring refuses unknown KRING_ variables: {sorted(unknown)}"


def test_config_map_sets_production_settings_when_rendered(rendered: Rendered) -> None:
    data = rendered.get("ConfigMap", "kring")["data"]

    assert set(data) == set(CONFIG_MAP_KEYS)
    assert data["KRING_ENV"] == "production"
    assert data["KRING_INSTANCE_PATH"] == "/var/lib/kring"
    assert all(isinstance(v, str) for v in data.values())
    assert not set(SECRET_KEYS) & set(data)


def test_public_url_follows_the_ingress_when_not_set(render: Render) -> None:
    assert render("production").get("ConfigMap", "kring")["data"]["KRING_PUBLIC_URL"] == (
        "https://kring.example.org"
    )


def test_every_container_starts_with_a_valid_config_when_the_secret_has_its_keys(
    rendered: Rendered,
) -> None:
    """Kring refuses unknown or bad settings at start: each container's environment passes."""
    for workload in rendered.workloads():
        for container in containers(workload):
            environ = environment(rendered, container)
            config = Config.from_env(environ)
            assert config.is_production, workload["metadata"]["name"]
            assert config.instance_path == "/var/lib/kring"


def test_migration_job_needs_no_sms_key_when_the_provider_sends_sms(render: Render) -> None:
    job = render("production").get("Job", full("migrate"))
    (container,) = containers(job)
    environ = environment(render("production"), container)

    assert "KRING_SMS_API_KEY" not in environ
    Config.from_env(environ)  # raises when the provider would want a key


def test_app_pods_get_only_the_app_role_when_deployed(rendered: Rendered) -> None:
    for workload in app_workloads(rendered):
        (container,) = containers(workload)
        refs = secret_refs(container)

        expected = set(SECRET_KEYS) - {"KRING_MIGRATION_DATABASE_URL"}
        if component(workload) != "web":
            expected.discard("KRING_METRICS_TOKEN")
        assert set(refs) == expected, component(workload)
        for variable, ref in refs.items():
            assert ref["name"] == SECRET and ref["key"] == variable
            assert ref.get("optional", False) == (variable in OPTIONAL_SECRET_KEYS), variable
        assert all("secretRef" not in s for s in container.get("envFrom", [])), (
            "envFrom a Secret would hand over every key, the schema owner's too"
        )
        assert [s["configMapRef"]["name"] for s in container["envFrom"]] == ["kring"]


def test_only_the_migration_job_sees_the_schema_owner_when_rendered(rendered: Rendered) -> None:
    holders = [
        w["metadata"]["name"]
        for w in rendered.workloads()
        for c in containers(w)
        if "KRING_MIGRATION_DATABASE_URL" in secret_refs(c)
    ]

    assert holders == [full("migrate")]


def test_rendering_fails_when_existing_secret_is_empty(helm: Helm) -> None:
    result = helm.template("--set", "image.repository=registry.example.org/kring")

    assert result.returncode != 0
    assert "existingSecret" in result.stderr


def test_chart_creates_no_secret_when_rendered(rendered: Rendered) -> None:
    assert not rendered.of_kind("Secret")


# --- the processes ----------------------------------------------------------------------------


def test_scheduler_runs_exactly_one_replica_when_deployed(rendered: Rendered) -> None:
    scheduler = rendered.get("Deployment", full("scheduler"))
    (container,) = containers(scheduler)

    assert scheduler["spec"]["replicas"] == 1
    assert scheduler["spec"]["strategy"] == {"type": "Recreate"}
    assert container["command"] == ["kring", "scheduler"]
    targets = [
        h["spec"]["scaleTargetRef"]["name"] for h in rendered.of_kind("HorizontalPodAutoscaler")
    ]
    assert full("scheduler") not in targets, "an autoscaler must never add a second scheduler"


def test_scheduler_replicas_cannot_be_set_when_installing(helm: Helm) -> None:
    result = helm.template(*REQUIRED, "--set", "scheduler.replicas=2")

    assert result.returncode != 0
    assert "scheduler" in result.stderr


def test_web_and_worker_scale_from_values_when_autoscaling_is_off(helm: Helm) -> None:
    rendered = helm.render(*REQUIRED, "--set", "web.replicas=4", "--set", "worker.replicas=5")
    web = rendered.get("Deployment", full("web"))
    worker = rendered.get("Deployment", full("worker"))

    assert web["spec"]["replicas"] == 4
    assert worker["spec"]["replicas"] == 5
    assert not rendered.of_kind("HorizontalPodAutoscaler")
    assert containers(worker)[0]["command"] == ["kring", "worker"]
    command = containers(web)[0]["command"]
    assert command[0] == "gunicorn" and "0.0.0.0:8000" in command
    assert command[-1] == "kring.wsgi:app"
    config = command[command.index("--config") + 1]
    assert config == "python:kring.observe.gunicorn", "metrics add up over gunicorn's workers"
    assert importlib.util.find_spec(config.removeprefix("python:")) is not None
    assert "--access-logfile" not in command, "Kring writes one access line per request itself"


def test_autoscalers_own_the_replica_count_when_enabled(render: Render) -> None:
    rendered = render("production")
    web_hpa = rendered.get("HorizontalPodAutoscaler", full("web"))
    worker_hpa = rendered.get("HorizontalPodAutoscaler", full("worker"))

    for deployment in ("web", "worker"):
        assert "replicas" not in rendered.get("Deployment", full(deployment))["spec"]
    assert web_hpa["apiVersion"] == "autoscaling/v2"
    assert web_hpa["spec"]["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": full("web"),
    }
    assert web_hpa["spec"]["metrics"] == [
        {
            "type": "Resource",
            "resource": {
                "name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 70},
            },
        }
    ]
    assert worker_hpa["spec"]["scaleTargetRef"]["name"] == full("worker")
    (metric,) = worker_hpa["spec"]["metrics"]
    assert metric["type"] == "External"
    assert metric["external"]["metric"]["name"] == "kring_queue_jobs"
    assert metric["external"]["target"] == {"type": "AverageValue", "averageValue": "20"}
    assert worker_hpa["spec"]["minReplicas"] == 2 and worker_hpa["spec"]["maxReplicas"] == 12


def test_migration_job_is_a_pre_install_and_pre_upgrade_hook_when_rendered(
    rendered: Rendered,
) -> None:
    job = rendered.get("Job", full("migrate"))
    (container,) = containers(job)

    hooks = job["metadata"]["annotations"]["helm.sh/hook"]
    assert set(hooks.split(",")) == {"pre-install", "pre-upgrade"}
    assert container["command"] == ["kring", "db", "upgrade"]
    assert set(secret_refs(container)) == {
        "KRING_SECRET_KEY",
        "KRING_DATABASE_URL",  # migrations grant the app role its rights
        "KRING_MIGRATION_DATABASE_URL",
    }
    assert "envFrom" not in container, "a pre-install hook runs before the ConfigMap exists"
    assert pod_spec(job)["restartPolicy"] == "Never"


def test_migration_job_is_left_out_when_migrations_are_disabled(helm: Helm) -> None:
    rendered = helm.render(*REQUIRED, "--set", "migrations.enabled=false")

    assert not rendered.of_kind("Job")


def test_web_probes_check_health_when_deployed(rendered: Rendered) -> None:
    (web,) = containers(rendered.get("Deployment", full("web")))

    assert web["ports"] == [{"name": "http", "containerPort": 8000, "protocol": "TCP"}]
    assert web["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert web["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}


def test_web_drains_requests_before_it_is_killed_when_stopped(rendered: Rendered) -> None:
    web = rendered.get("Deployment", full("web"))
    (container,) = containers(web)
    command = container["command"]
    graceful = int(command[command.index("--graceful-timeout") + 1])
    pause = int(container["lifecycle"]["preStop"]["exec"]["command"][1])

    assert container["lifecycle"]["preStop"]["exec"]["command"][0] == "sleep"
    assert pause + graceful < pod_spec(web)["terminationGracePeriodSeconds"]


def test_workers_finish_the_longest_job_when_stopped(rendered: Rendered, app: Flask) -> None:
    """SIGTERM lets RQ finish the job in hand: the grace outlasts every job's timeout."""
    longest = max(spec.timeout for spec in registered().values())
    worker = rendered.get("Deployment", full("worker"))

    assert longest >= 60, "the app's jobs were not registered"
    assert pod_spec(worker)["terminationGracePeriodSeconds"] > longest


# --- locked down ------------------------------------------------------------------------------


def test_every_container_is_locked_down_when_deployed(rendered: Rendered) -> None:
    for workload in rendered.workloads():
        name = workload["metadata"]["name"]
        spec = pod_spec(workload)
        pod_security = spec["securityContext"]

        assert spec["automountServiceAccountToken"] is False, name
        assert pod_security["runAsNonRoot"] is True, name
        assert pod_security["runAsUser"] > 0, name
        assert pod_security["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert {v["name"]: v for v in spec["volumes"]} == {
            "tmp": {"name": "tmp", "emptyDir": {"sizeLimit": "256Mi"}},
            "instance": {"name": "instance", "emptyDir": {"sizeLimit": "1Gi"}},
        }, name
        for container in containers(workload):
            security = container["securityContext"]
            assert security["runAsNonRoot"] is True, name
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["privileged"] is False, name
            assert security["capabilities"] == {"drop": ["ALL"]}, name
            assert {m["mountPath"] for m in container["volumeMounts"]} == {"/tmp", "/var/lib/kring"}
            limits = container["resources"]["limits"]
            assert {"cpu", "memory"} <= set(limits), name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name


def test_service_account_has_no_api_access_when_created(rendered: Rendered) -> None:
    (account,) = rendered.of_kind("ServiceAccount")

    assert account["automountServiceAccountToken"] is False
    for workload in rendered.workloads():
        if workload["kind"] == "Deployment":
            assert pod_spec(workload)["serviceAccountName"] == account["metadata"]["name"]
    for kind in ("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"):
        assert not rendered.of_kind(kind), f"Kring never calls the API: no {kind}"


# --- traffic ----------------------------------------------------------------------------------


def test_web_service_and_disruption_budgets_select_their_pods_when_deployed(
    rendered: Rendered,
) -> None:
    service = rendered.get("Service", full("web"))
    web_labels = rendered.get("Deployment", full("web"))["spec"]["template"]["metadata"]["labels"]
    worker = rendered.get("Deployment", full("worker"))
    worker_labels = worker["spec"]["template"]["metadata"]["labels"]

    assert service["spec"]["ports"] == [
        {"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}
    ]
    assert matches({"matchLabels": service["spec"]["selector"]}, web_labels)
    assert not matches({"matchLabels": service["spec"]["selector"]}, worker_labels)
    web_pdb = rendered.get("PodDisruptionBudget", full("web"))
    worker_pdb = rendered.get("PodDisruptionBudget", full("worker"))
    assert matches(web_pdb["spec"]["selector"], web_labels)
    assert matches(worker_pdb["spec"]["selector"], worker_labels)
    assert not matches(worker_pdb["spec"]["selector"], web_labels)
    assert len(rendered.of_kind("PodDisruptionBudget")) == 2, "none for the single scheduler"


def test_web_pods_invite_prometheus_when_metrics_annotations_are_on(
    rendered: Rendered, helm: Helm
) -> None:
    web = rendered.get("Deployment", full("web"))
    annotations = web["spec"]["template"]["metadata"]["annotations"]
    off = helm.render(*REQUIRED, "--set", "metrics.podAnnotations=false")

    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert annotations["prometheus.io/port"] == "8000"
    for name in ("worker", "scheduler"):
        other = rendered.get("Deployment", full(name))["spec"]["template"]["metadata"]
        assert "prometheus.io/scrape" not in other.get("annotations", {})
    off_web = off.get("Deployment", full("web"))["spec"]["template"]["metadata"]["annotations"]
    assert "prometheus.io/scrape" not in off_web


def test_ingress_serves_the_host_and_tenant_subdomains_with_tls_when_enabled(
    render: Render,
) -> None:
    ingress = render("production").get("Ingress", full("web"))
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]

    assert hosts == ["kring.example.org", "*.kring.example.org"]
    assert ingress["spec"]["tls"] == [
        {"secretName": "kring-tls", "hosts": ["kring.example.org", "*.kring.example.org"]}
    ]
    assert ingress["spec"]["ingressClassName"] == "nginx"
    for rule in ingress["spec"]["rules"]:
        (path,) = rule["http"]["paths"]
        assert path["backend"]["service"] == {"name": full("web"), "port": {"number": 80}}
    assert not render("default").of_kind("Ingress"), "the Ingress is off by default"


def test_network_policies_let_web_in_only_from_the_ingress_controller_when_enabled(
    render: Render,
) -> None:
    rendered = render("production")
    policies = {p["metadata"]["name"]: p["spec"] for p in rendered.of_kind("NetworkPolicy")}
    labels = {
        name: rendered.get("Deployment", full(name))["spec"]["template"]["metadata"]["labels"]
        for name in APP_COMPONENTS
    }
    labels["migrate"] = rendered.get("Job", full("migrate"))["spec"]["template"]["metadata"][
        "labels"
    ]

    web_in = policies[full("web-ingress")]
    assert [n for n in labels if matches(web_in["podSelector"], labels[n])] == ["web"]
    (rule,) = web_in["ingress"]
    assert rule["ports"] == [{"port": 8000, "protocol": "TCP"}]
    assert rule["from"][0] == {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}},
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": "ingress-nginx"}},
    }
    no_in = policies[full("no-ingress")]
    assert [n for n in labels if matches(no_in["podSelector"], labels[n])] == [
        "worker",
        "scheduler",
        "migrate",
    ]
    assert no_in["ingress"] == [] and no_in["policyTypes"] == ["Ingress"]


def test_network_policies_let_pods_reach_only_their_services_when_enabled(
    render: Render,
) -> None:
    rendered = render("production")
    egress = rendered.get("NetworkPolicy", full("egress"))["spec"]
    pods = [w["spec"]["template"]["metadata"]["labels"] for w in rendered.workloads()]

    assert all(matches(egress["podSelector"], labels) for labels in pods)
    assert egress["policyTypes"] == ["Egress"]
    ports = {(p["port"], p["protocol"]) for rule in egress["egress"] for p in rule["ports"]}
    assert ports == {
        (53, "UDP"),
        (53, "TCP"),
        (5432, "TCP"),
        (6379, "TCP"),
        (587, "TCP"),
        (443, "TCP"),
    }
    assert all(rule.get("to") for rule in egress["egress"]), "the example narrows every peer"
    assert not render("default").of_kind("NetworkPolicy"), "NetworkPolicies are off by default"


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        (("--set", "web.replicas=two"), "web.replicas"),
        (("--set", "unknownKey=1"), "unknownKey"),
        (("--set", "web.replica=3"), "replica"),
        (("--set", "config.smsProvider=pigeon"), "config.smsProvider"),
        (("--set", "config.defaultLocale=fr"), "config.defaultLocale"),
        (("--set", "config.mailPort=0"), "config.mailPort"),
        (("--set", "worker.autoscaling.maxReplicas=0"), "maxReplicas"),
        (("--set", "securityContext.readOnlyRootFilesystem=false"), "readOnlyRootFilesystem"),
        (("--set", "podSecurityContext.runAsUser=0"), "runAsUser"),
        (("--set", "image.pullPolicy=Sometimes"), "image.pullPolicy"),
        (("--set", "web.resources.limits=null"), "limits"),
    ],
)
def test_bad_values_fail_the_install_when_rendered(
    helm: Helm, values: tuple[str, ...], complaint: str
) -> None:
    result = helm.template(*REQUIRED, *values)

    assert result.returncode != 0
    assert "schema" in result.stderr and complaint in result.stderr, result.stderr


@pytest.mark.parametrize("missing", ["image.repository", "existingSecret"])
def test_required_values_fail_the_install_when_missing(helm: Helm, missing: str) -> None:
    pairs = zip(REQUIRED[::2], REQUIRED[1::2], strict=True)
    given = [
        arg for flag, value in pairs if not value.startswith(f"{missing}=") for arg in (flag, value)
    ]

    result = helm.template(*given)

    assert result.returncode != 0
    assert missing in result.stderr


def test_values_schema_covers_every_value_when_read() -> None:
    schema = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))

    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert set(schema["required"]) >= {"image", "existingSecret"}
    assert "repository" in schema["properties"]["image"]["required"]

    def walk(node: Any, part: dict[str, Any], path: str) -> Iterator[str]:
        if not isinstance(node, dict) or "properties" not in part:
            return
        for key, child in node.items():
            if key not in part["properties"]:
                yield f"{path}{key}"
            else:
                yield from walk(child, part["properties"][key], f"{path}{key}.")

    assert not list(walk(values(), schema, "")), "values.schema.json lacks these"


def test_every_value_is_documented_when_values_yaml_is_read() -> None:
    """Each value has a comment above it or a row in the README's table of values (a row for
    an object, e.g. web.resources, documents what is inside it)."""
    readme = (CHART / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([\w.]+)` \|", readme, re.MULTILINE))
    undocumented = []
    for leaf in value_leaves(values()):
        if any(".".join(leaf[:n]) in rows for n in range(1, len(leaf) + 1)):
            continue
        undocumented.append(".".join(leaf))

    assert not undocumented, f"add these to README.md's table of values: {undocumented}"
    stale = sorted(
        row
        for row in rows
        if not any(".".join(leaf).startswith(row) for leaf in value_leaves(values()))
        and "." in row
        and row.split(".")[0] in values()
    )
    assert not stale, f"README.md documents values that do not exist: {stale}"


def test_readme_explains_secrets_roles_and_the_single_scheduler_when_read() -> None:
    readme = (CHART / "README.md").read_text(encoding="utf-8")

    for key in SECRET_KEYS:
        assert key in readme, key
    for phrase in (
        "NOSUPERUSER",
        "NOBYPASSRLS",
        "helm upgrade --install",
        "kring scheduler",
        "kring worker",
        "kring db upgrade",
        "kring.wsgi:app",
        "kring_queue_jobs",
        "Exactly one scheduler",
    ):
        assert phrase in readme, phrase
