"""The Dockerfile that builds the image the chart runs, read as text (no docker on test machines).

Its promises: two stages, the builder makes wheels of Kring and every plugin with the compiled
translations, the runtime stage installs them on python:3.11-slim with WeasyPrint's libraries and
no compilers, and every process runs as the chart's non-root user.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPILERS = ("gcc", "g++", "build-essential", "clang", "make", "cargo", "rustc")
WEASYPRINT_LIBRARIES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for word, args in self.instructions if word == keyword]


def stages() -> list[Stage]:
    """The Dockerfile's stages with their instructions (continuation lines joined)."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    text = re.sub(
        r"\\\n", " ", "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    )
    found: list[Stage] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        keyword, _, args = line.strip().partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            match = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", args.strip(), re.IGNORECASE)
            assert match, line
            found.append(Stage(match.group(1), match.group(2) or ""))
        else:
            assert found, f"{keyword} before the first FROM"
            found[-1].instructions.append((keyword, " ".join(args.split())))
    return found


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), "use the exec form: no shell between Kubernetes and the process"
    return value


def chart_values() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "helm" / "kring" / "values.yaml").read_text(encoding="utf-8"))


def chart_user() -> int:
    return int(chart_values()["podSecurityContext"]["runAsUser"])


def test_image_builds_in_two_stages_from_python_slim_when_read() -> None:
    builder, runtime = stages()

    assert builder.name == "builder"
    assert builder.base == runtime.base == "python:3.11-slim"
    assert runtime.name


def test_builder_makes_wheels_of_kring_and_every_plugin_with_translations_when_read() -> None:
    builder, _ = stages()
    runs = " && ".join(builder.all("RUN"))

    assert re.search(r"pybabel compile\b[^&]*-d platform/kring/translations", runs)
    wheel = re.search(r"pip wheel ([^&]*)", runs)
    assert wheel, "the builder makes wheels"
    words = shlex.split(wheel.group(1))
    assert "." in words and "plugins/*/" in words, words
    assert runs.index("pybabel compile") < runs.index("pip wheel"), "compile before packaging"
    assert all(Path(p).is_dir() for p in ROOT.glob("plugins/*/")), "plugins are folders"


def test_runtime_installs_the_wheels_without_compilers_when_read() -> None:
    _, runtime = stages()
    runs = " ".join(runtime.all("RUN"))
    copies = " ".join(runtime.all("COPY"))

    assert re.search(r"pip install [^&]*--no-index[^&]*/wheels/\*\.whl", runs)
    assert "from=builder" in runs + copies
    for compiler in COMPILERS:
        assert not re.search(rf"(?<![\w.-]){re.escape(compiler)}(?![\w.-])", runs), compiler
    for library in WEASYPRINT_LIBRARIES:
        assert library in runs, f"WeasyPrint needs {library}"
    assert "rm -rf /var/lib/apt/lists" in runs


def test_processes_run_as_the_charts_non_root_user_when_started() -> None:
    _, runtime = stages()
    words = [word for word, _ in runtime.instructions]
    (user,) = runtime.all("USER")

    assert user.split(":")[0] == str(chart_user()), "numeric, so runAsNonRoot can check it"
    assert int(user.split(":")[0]) != 0
    assert f"--uid {chart_user()}" in " ".join(runtime.all("RUN"))
    assert words.index("USER") < words.index("CMD"), "the CMD runs as the user, not root"
    assert "RUN" not in words[words.index("USER") :], "nothing runs as root after USER"
    assert "ENTRYPOINT" not in words


def test_default_command_is_the_web_process_when_started() -> None:
    _, runtime = stages()
    (cmd,) = runtime.all("CMD")
    command = exec_form(cmd)

    assert command[0] == "gunicorn"
    assert "0.0.0.0:8000" in command and command[-1] == "kring.wsgi:app"
    assert command == chart_values()["web"]["command"], "the image runs as the chart's web pods"
    assert "8000" in runtime.all("EXPOSE")


def test_build_context_leaves_out_local_state_when_docker_reads_it() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()

    for entry in (".git", ".venv", ".test-services", "instance", "**/*.mo"):
        assert entry in ignored, entry
    assert "README.md" not in ignored, "pyproject.toml's readme is part of the wheel"
