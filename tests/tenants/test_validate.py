"""``kring tenants validate DIR`` points at the line of a tenant file's mistake."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kring.cli import main
from kring.tenants.validate import check_directory, locate

GOOD = """slug: goed
name: Gemeente Goed
kind: municipality
"""

BAD = """slug: fout
name: Gemeente Fout
kind: municipality
organisations:
  - name: Zorg Een
    kind: care
  - name: Zorg Twee
    kind: spaceship
"""


def test_validate_names_the_line_of_a_bad_field(app: Any, tmp_path: Path, database: Any) -> None:
    (tmp_path / "goed.yaml").write_text(GOOD)
    (tmp_path / "fout.yaml").write_text(BAD)
    with app.app_context():
        findings = check_directory(tmp_path, app.extensions["kring.plugins"])
    by_name = {f.path.name: f for f in findings}
    assert by_name["goed.yaml"].is_ok
    bad = by_name["fout.yaml"]
    assert not bad.is_ok and bad.line == 8 and bad.text == "kind: spaceship"
    assert bad.render().startswith("fout.yaml:8: ")


def test_locate_follows_lists_and_reports_yaml_errors() -> None:
    assert locate(BAD, "fout.yaml organisations[1]: must be a mapping") == 7
    assert locate("a: [1,\n", "x.yaml: not valid YAML") is not None


def test_the_command_fails_on_a_bad_file_and_passes_good_ones(app: Any, tmp_path: Path) -> None:
    (tmp_path / "fout.yaml").write_text(BAD)
    result = app.test_cli_runner().invoke(main, ["tenants", "validate", str(tmp_path)])
    assert result.exit_code == 1 and "fout.yaml:8:" in result.output
    (tmp_path / "fout.yaml").write_text(GOOD.replace("goed", "fout"))
    result = app.test_cli_runner().invoke(main, ["tenants", "validate", str(tmp_path)])
    assert result.exit_code == 0 and "ready to sync" in result.output
