"""Where in a tenant file its mistakes are: ``kring tenants validate DIR`` reads each file as
the sync would and points at the line of every mistake it finds, with that line's text, in the
order of the file.

The reader names a mistake by its place (``roerdal.yaml users[2]: 'roles' ...``); this module
follows that place through the YAML document's nodes to the line it starts on, and to the line
of the key the message names when there is one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from kring.tenants import files

if TYPE_CHECKING:
    from kring.plugins import PluginHost

_STEP = re.compile(r"([A-Za-z_][\w-]*)(?:\[(\d+)\])?")
_KEY = re.compile(r"'([A-Za-z_][\w-]*)'")


@dataclass(frozen=True)
class Mistake:
    """One mistake: what is wrong, and the line (from 1) and its text where it was found."""

    message: str
    line: int | None = None
    text: str = ""

    def render(self, name: str) -> str:
        place = f"{name}:{self.line}" if self.line else name
        shown = f"\n    {self.line} | {self.text}" if self.line and self.text else ""
        return f"{place}: {self.message}{shown}"


@dataclass(frozen=True)
class Verdict:
    """One file's verdict: its mistakes, none when it is ready to sync."""

    path: Path
    mistakes: tuple[Mistake, ...] = ()

    @property
    def is_ok(self) -> bool:
        return not self.mistakes

    def render(self) -> str:
        """The verdict as the command prints it: one block per mistake."""
        if self.is_ok:
            return f"{self.path.name}: ok"
        return "\n".join(m.render(self.path.name) for m in self.mistakes)


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for name, value in node.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            return value
    return None


def _key_line(node: yaml.Node | None, key: str) -> int | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for name, _value in node.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            return int(name.start_mark.line) + 1
    return None


def locate(source: str, message: str) -> int | None:
    """The line (from 1) of the place ``message`` names in the YAML ``source``, or None."""
    try:
        root = yaml.compose(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return int(mark.line) + 1 if mark is not None else None
    if root is None:
        return None
    place, _sep, rest = message.partition(":")
    steps = place.split()[1:]  # the first word is the file's name
    node: yaml.Node | None = root
    line = None
    for step in steps:
        for part in step.split("."):
            match = _STEP.fullmatch(part)
            if match is None:
                break
            line = _key_line(node, match.group(1)) or line
            node = _child(node, match.group(1))
            if match.group(2) is not None:
                items = node.value if isinstance(node, yaml.SequenceNode) else []
                index = int(match.group(2))
                node = items[index] if index < len(items) else None
                if node is not None:
                    line = int(node.start_mark.line) + 1
    named = _KEY.search(rest)
    if named is not None:
        line = _key_line(node, named.group(1)) or line
    return line


def check_file(path: Path, host: PluginHost) -> Verdict:
    """Read one tenant file as ``tenants sync`` does; every mistake, each with its line."""
    try:
        files.parse(path, host, allow_passwords=True)
    except ValueError as exc:  # a TenantFileError, or a check of a plugin's
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        found = []
        for message in getattr(exc, "mistakes", (str(exc),)):
            line = locate(source, message)
            text = lines[line - 1].strip() if line and line <= len(lines) else ""
            found.append(Mistake(message, line, text))
        found.sort(key=lambda m: m.line or 0)
        return Verdict(path, tuple(found))
    return Verdict(path)


def check_directory(directory: Path, host: PluginHost) -> list[Verdict]:
    """Every ``*.yaml`` file of ``directory``, each judged on its own."""
    return [check_file(path, host) for path in sorted(directory.glob("*.yaml"))]
