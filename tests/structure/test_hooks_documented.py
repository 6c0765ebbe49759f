"""Every hook is documented in docs/hooks.md with its real arguments and scope, the docs name no
hook that does not exist, and every domain event has a row there too."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pluggy
import pytest

from kring import hookspecs
from kring.core import events
from kring.core.facade import CircleView

HOOKS_MD = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"
HOOK_HEADING = re.compile(r"^#+\s+`(kring_\w+)`", re.MULTILINE)


def specified_hooks() -> set[str]:
    pm = pluggy.PluginManager("kring")
    return {name for name in dir(hookspecs) if pm.parse_hookspec_opts(hookspecs, name)}


def docs() -> str:
    return HOOKS_MD.read_text(encoding="utf-8")


def documented_hooks() -> set[str]:
    return set(HOOK_HEADING.findall(docs()))


def section(hook: str) -> str:
    """The text of one hook's section, up to the next heading."""
    text = docs()
    start = re.search(rf"^#+\s+`{hook}`", text, re.MULTILINE)
    assert start, hook
    end = re.search(r"^#", text[start.end() :], re.MULTILINE)
    return text[start.end() : start.end() + end.start()] if end else text[start.end() :]


def _without_parentheses(text: str) -> str:
    kept, depth = [], 0
    for char in text:
        depth += char == "("
        if depth == 0:
            kept.append(char)
        depth -= char == ")" and depth > 0
    return "".join(kept)


def documented_arguments(hook: str) -> list[str]:
    """The names in backticks on the section's Arguments line, explanations in parentheses
    left out."""
    line = re.search(r"^- \*\*Arguments:\*\*(.*)$", section(hook), re.MULTILINE)
    assert line, f"{hook}: no '- **Arguments:**' line"
    return re.findall(r"`([a-z_]+)`", _without_parentheses(line.group(1)))


def test_docs_have_a_section_when_a_hook_is_specified() -> None:
    undocumented = specified_hooks() - documented_hooks()

    assert not undocumented, (
        f"add a '### `name`' section to docs/hooks.md for {sorted(undocumented)}"
    )


def test_docs_name_only_specified_hooks_when_they_have_a_section() -> None:
    unknown = documented_hooks() - specified_hooks()

    assert not unknown, (
        f"docs/hooks.md documents hooks that kring.hookspecs lacks: {sorted(unknown)}"
    )


@pytest.mark.parametrize("hook", sorted(specified_hooks()))
def test_docs_give_each_hook_its_real_arguments_and_scope(hook: str) -> None:
    spec = getattr(hookspecs, hook)
    assert documented_arguments(hook) == list(inspect.signature(spec).parameters)
    scope = re.search(r"Scope ([STM])\b", inspect.getdoc(spec) or "")
    documented = re.search(r"^- \*\*Scope:\*\* ([STM])\b", section(hook), re.MULTILINE)
    assert scope and documented and scope.group(1) == documented.group(1), hook


def test_every_domain_event_has_a_row_in_the_docs() -> None:
    rows = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", docs(), re.MULTILINE))
    assert rows == {str(event.name) for event in events.ALL}


def test_hooks_are_found_when_specs_and_docs_are_read() -> None:
    """Guards the tests above against passing because nothing was parsed."""
    assert "kring_phase_guard" in specified_hooks() & documented_hooks()
    assert documented_arguments("kring_phase_guard") == ["circle", "target"]


def test_docs_show_exactly_what_a_hook_sees_of_a_circle() -> None:
    text = docs()
    table = text[text.index("## What a hook sees of a circle") : text.index("## The hooks")]
    documented = {
        name.split("(")[0]
        for row in re.findall(r"^\| (.+?) \|", table, re.MULTILINE)
        for name in re.findall(r"`([a-z_()]+)`", row)
    }
    public = {name for name in dir(CircleView) if not name.startswith("_")} - {"queries"}
    assert documented == public
