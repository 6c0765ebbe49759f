"""The shape of the house: every area is one folder registered once, the API never imports the
pages, no import cycle, plugins import only the stable surface, and services say why."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from kring.app import MODULES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "platform" / "kring"
PRESENTATION = {"views.py", "forms.py", "api.py", "schemas.py", "cli.py", "__init__.py"}
PLUGIN_SURFACE = {"kring", "kring.core.methodology", "kring.core.facade"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files() -> Iterator[Path]:
    yield from (p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def top_level_imports(path: Path) -> set[str]:
    """Modules imported when ``path`` is imported: module level, not under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(child, ast.Import):
                found |= {alias.name for alias in child.names}
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.add(child.module)
                found |= {f"{child.module}.{alias.name}" for alias in child.names}
    return found


def test_every_area_folder_is_registered_once_and_has_its_tests() -> None:
    declared = {
        path.parent.name
        for path in PACKAGE.glob("*/__init__.py")
        if "module = Module(" in path.read_text(encoding="utf-8")
    }
    registered = [module.name for module in MODULES]
    assert sorted(registered) == sorted(declared), "add the area's module to kring.app.MODULES"
    assert len(set(registered)) == len(registered)
    without_tests = [name for name in registered if not (ROOT / "tests" / name).is_dir()]
    assert not without_tests, f"areas without tests/<area>/: {without_tests}"


@pytest.mark.parametrize("path", sorted({p for m in MODULES for p in m.api}))
def test_api_resources_never_import_pages(path: str) -> None:
    source = PACKAGE.parent / (path.split(":")[0].replace(".", "/") + ".py")
    pages = {
        name
        for name in top_level_imports(source)
        if name.startswith("kring.") and name.split(".")[-1] in ("views", "forms")
    }
    assert not pages, f"{path} imports pages: {sorted(pages)}"


def test_no_import_cycle_between_modules() -> None:
    known = {module_name(path): path for path in python_files()}
    graph = {
        name: {dep for dep in top_level_imports(path) if dep in known and dep != name}
        for name, path in known.items()
    }
    assert sum(len(deps) for deps in graph.values()) > 150  # the imports were read at all
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in done:
            return
        assert name not in visiting, "import cycle: " + " -> ".join([*visiting, name])
        visiting.append(name)
        for dep in sorted(graph[name]):
            if not name.startswith(dep + "."):  # a module importing its own package's names
                visit(dep)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


@pytest.mark.parametrize("path", sorted(ROOT.glob("plugins/*/kring_*/*.py")), ids=lambda p: p.name)
def test_plugins_import_only_the_stable_surface(path: Path) -> None:
    imported = {
        name for name in top_level_imports(path) if name == "kring" or name.startswith("kring.")
    }
    surface = {
        name
        for name in imported
        if name in PLUGIN_SURFACE or name.rsplit(".", 1)[0] in PLUGIN_SURFACE
    }
    assert imported == surface, f"{path.name} imports {sorted(imported - surface)}"


def services() -> Iterator[Path]:
    """The kernel and every area's domain code: what views, API and CLI call."""
    yield from (PACKAGE / "core").glob("*.py")
    for module in MODULES:
        yield from (p for p in (PACKAGE / module.name).glob("*.py") if p.name not in PRESENTATION)


def test_services_say_why_on_every_public_function_and_class() -> None:
    missing = []
    for path in services():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            public = isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name[0] != "_"
            if public and ast.get_docstring(node) is None:
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert not missing, "add a docstring that says why:\n" + "\n".join(missing)


RESIDENT_RECORDS = {"Person", "Signal", "SurveyResponse", "CircleMember", "Contact", "Escalation"}
LOADERS = {"get_or_404", "get_or_none", "get_in_tenant", "get", "select"}


def _loads_a_resident(node: ast.Call) -> bool:
    name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
    return name in LOADERS and any(
        isinstance(arg, ast.Name) and arg.id in RESIDENT_RECORDS for arg in node.args
    )


def test_views_and_api_get_residents_only_through_the_need_to_know_policy() -> None:
    """A page or API resource that loaded a person, signal or membership itself would skip
    the policy and the access log; they ask ``kring.access.policy`` (or a read model) instead."""
    offenders = []
    for module in MODULES:
        for path in (PACKAGE / module.name).glob("*.py"):
            if path.name not in {"views.py", "api.py"}:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _loads_a_resident(node):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, "load residents through kring.access.policy: " + ", ".join(offenders)
    sample = ast.parse("get_or_404(Person, person_id)").body[0]
    assert isinstance(sample, ast.Expr) and isinstance(sample.value, ast.Call)
    assert _loads_a_resident(sample.value)  # the check itself sees what it looks for
