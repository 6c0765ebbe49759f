"""Every hook is documented in docs/hooks.md, and the docs name no hook that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pluggy

from kring import hookspecs

HOOKS_MD = Path(__file__).resolve().parents[2] / "docs" / "hooks.md"
HOOK_HEADING = re.compile(r"^#+\s+`(kring_\w+)`", re.MULTILINE)


def specified_hooks() -> set[str]:
    pm = pluggy.PluginManager("kring")
    return {name for name in dir(hookspecs) if pm.parse_hookspec_opts(hookspecs, name)}


def documented_hooks() -> set[str]:
    return set(HOOK_HEADING.findall(HOOKS_MD.read_text(encoding="utf-8")))


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


def test_hooks_are_found_when_specs_and_docs_are_read() -> None:
    """Guards the two tests above against passing because nothing was parsed."""
    assert "kring_phase_guard" in specified_hooks() & documented_hooks()
