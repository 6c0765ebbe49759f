"""Tables keep their labels on a phone: below 40rem a table stacks row by row (kring.css), so
every cell of a table's body names its column, with ``data-label`` (shown before it by the
style sheet) or a ``cell-label`` span; long words wrap rather than widen the page."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "platform" / "kring"
_BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_CELL = re.compile(r"<td\b([^>]*)>(.{0,80})", re.S)


def _unlabelled(template: Path) -> list[str]:
    text = template.read_text(encoding="utf-8")
    found = []
    for body in _BODY.findall(text):
        for attributes, start in _CELL.findall(body):
            if "data-label=" not in attributes and "cell-label" not in start:
                found.append(f"{template.relative_to(PACKAGE)}: <td{attributes}>{start[:30]}")
    return found


PRINTED = PACKAGE / "reports" / "templates" / "reports" / "print"
"""Reports printed on A4 by WeasyPrint: never shown on a phone, their tables never stack."""


def test_every_table_cell_names_its_column() -> None:
    templates = sorted(
        t for t in PACKAGE.glob("**/templates/**/*.html") if PRINTED not in t.parents
    )
    assert len(templates) > 20
    unlabelled = [line for t in templates for line in _unlabelled(t)]
    assert not unlabelled, "cells without data-label:\n" + "\n".join(unlabelled)


def test_the_style_sheet_shows_the_labels_and_wraps_long_words() -> None:
    css = (PACKAGE / "static" / "kring.css").read_text(encoding="utf-8")
    assert "content: attr(data-label)" in css
    assert "overflow-wrap: anywhere" in css and "hyphens: auto" in css
