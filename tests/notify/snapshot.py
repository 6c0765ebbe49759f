"""Compare rendered output with a file under ``tests/notify/snapshots/``.

A missing or different snapshot fails the test; ``KRING_UPDATE_SNAPSHOTS=1`` writes it instead,
so a change to a message is a reviewed change to a file beside the test.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, actual: str) -> None:
    actual = actual.rstrip("\n") + "\n"  # files end in one newline, as editors keep them
    path = SNAPSHOTS / name
    if os.environ.get("KRING_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != actual:
            path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        raise AssertionError(f"no snapshot {path.name}: run with KRING_UPDATE_SNAPSHOTS=1")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"snapshots/{name}",
                "rendered",
            )
        )
        raise AssertionError(
            f"{name} differs from its snapshot (KRING_UPDATE_SNAPSHOTS=1 to accept):\n{diff}"
        )
