"""``kring tenants validate DIR`` points at the line of every mistake of a tenant file."""

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
    [mistake] = bad.mistakes
    assert not bad.is_ok and mistake.line == 8 and mistake.text == "kind: spaceship"
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


MANY = """slug: veel
name: Gemeente Veel
kind: municipality
organisations:
  - name: Zorg Een
    kind: spaceship
    methodologies: [proefkring]
users:
  - email: not-an-address
    name: Iemand
    roles: [coach]
  - email: goed@example.org
    name: Goed
    roles: [wizard]
neighbourhoods:
  - name: Wijk A
    postcodes: ["1111"]
people:
  - name: Anna
    postcode: nowhere
circles:
  - methodology: proefkring
    organisation: Zorg Een
    neighbourhood: Wijk Z
"""


def test_validate_names_every_mistake_of_a_file_line_by_line(
    app: Any, tmp_path: Path, database: Any
) -> None:
    (tmp_path / "veel.yaml").write_text(MANY)
    with app.app_context():
        [verdict] = check_directory(tmp_path, app.extensions["kring.plugins"])
    lines = [(m.line, m.text) for m in verdict.mistakes]
    assert lines == [
        (6, "kind: spaceship"),
        (9, "- email: not-an-address"),
        (14, "roles: [wizard]"),
        (20, "postcode: nowhere"),
        (24, "neighbourhood: Wijk Z"),
    ]
    rendered = verdict.render()
    assert rendered.count("veel.yaml:") == 5
    result = app.test_cli_runner().invoke(main, ["tenants", "validate", str(tmp_path)])
    assert result.exit_code == 1 and "5 mistake(s) in 1 of 1 file(s)" in result.output
