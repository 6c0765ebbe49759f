"""``kring neighbourhoods import``: the same rules as the upload page, from a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from kring.cli import main
from kring.extensions import db
from kring.neighbourhoods.models import NeighbourhoodStatistics
from tests.neighbourhoods.conftest import GOOD, cbs_file


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(NeighbourhoodStatistics)) or 0


def test_import_writes_a_good_file_and_names_each_problem_of_a_bad_one(
    app: Flask, database: Any, tenant: Any, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    good = tmp_path / "kwb.csv"
    good.write_bytes(GOOD)
    done = runner.invoke(
        main, ["neighbourhoods", "import", "--tenant", tenant.slug, "--year", "2025", str(good)]
    )
    assert done.exit_code == 0, done.output
    assert "Imported 2 neighbourhoods for 2025 (2 new" in done.output
    assert _count() == 2
    bad = tmp_path / "fout.csv"
    bad.write_bytes(cbs_file('1;"X";"D";"Wijk";"WK990109";tien;1;1;1;1'))
    refused = runner.invoke(
        main,
        [
            "neighbourhoods",
            "import",
            "--tenant",
            tenant.slug,
            "--year",
            "2025",
            "--lang",
            "nl",
            str(bad),
        ],
    )
    assert refused.exit_code == 1
    assert "line 2 (AantalInwoners): 'tien' in AantalInwoners is geen getal." in refused.output
    assert _count() == 2
