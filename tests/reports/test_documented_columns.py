"""Each CSV's header is exactly the table of columns ``docs/research-export.md`` gives it, so
the documentation researchers read cannot drift from the file they get."""

from __future__ import annotations

import re
from pathlib import Path

from kring.reports import audit

DOC = Path(__file__).resolve().parents[2] / "docs" / "research-export.md"


def documented_columns(heading: str) -> tuple[str, ...]:
    """The first column of the table under the section whose heading starts with ``heading``."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]
    return tuple(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def test_the_audit_reports_csv_columns_are_the_documented_ones() -> None:
    assert documented_columns("The audit report") == audit.CSV_COLUMNS
