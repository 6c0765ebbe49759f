"""Reading a CBS "Kerncijfers wijken en buurten" file: what each line says, or what is wrong.

CBS StatLine exports the table as text separated by semicolons, one line per region. Column
names carry a number that changes from year to year (``AantalInwoners_5`` in one edition,
``Eenpersoonshuishoudens_29`` or ``_30`` depending on the year), so a column is known by its name
without that number. Codes are padded with spaces, and a figure CBS does not publish is a dot.

Nothing here touches the database: ``parse`` returns the lines as ``StatisticsLine``s and every
problem with its line number and column, so a bad file is explained whole and nothing of it is
written (``service.import_statistics`` writes all lines in one transaction, or none).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kring.core.methodology import Params, Phrase

MAX_LINES = 20_000
"""Every wijk and buurt of the Netherlands fits (about 17,000); a bigger file is no such table."""

REQUIRED = ("Codering", "WijkenEnBuurten", "AantalInwoners")
COUNTS = {
    "AantalInwoners": "inhabitants",
    "k_65JaarOfOuder": "aged_65_plus",
    "k_75JaarOfOuder": "aged_75_plus",
    "HuishoudensTotaal": "households",
    "Eenpersoonshuishoudens": "single_person_households",
}
"""CBS column (without its number) -> field; counts of people or households."""
DECIMALS = {"GemiddeldInkomenPerInwoner": "average_income"}
TEXTS = {"Codering": "cbs_code", "WijkenEnBuurten": "name", "Gemeentenaam": "municipality"}
KIND = "SoortRegio"
NOT_PUBLISHED = {"", ".", "x", "?", "-"}
"""How CBS writes a figure it does not publish (too few residents, or not known)."""
CODE = re.compile(r"^(WK\d{6}|BU\d{8})$")
SKIPPED_KINDS = {"Land", "Gemeente"}


@dataclass(frozen=True)
class Problem:
    """What is wrong on one line of the file (line 1 is the header; 0: the file as a whole)."""

    line: int
    column: str | None
    message: Phrase
    params: Params = field(default_factory=dict)

    def render(self, locale: str) -> str:
        return self.message.render(locale, self.params)


@dataclass(frozen=True)
class StatisticsLine:
    """One wijk or buurt as the file gives it; a figure CBS does not publish is ``None``."""

    line: int
    cbs_code: str
    name: str
    municipality: str | None
    region_kind: str | None
    inhabitants: int | None
    aged_65_plus: int | None = None
    aged_75_plus: int | None = None
    households: int | None = None
    single_person_households: int | None = None
    average_income: float | None = None


@dataclass(frozen=True)
class Parsed:
    """The lines of a file and what is wrong with it; ``skipped`` counts the lines of the
    country and municipalities, which describe no neighbourhood."""

    lines: list[StatisticsLine]
    problems: list[Problem]
    skipped: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.lines)


def _problem(line: int, where: str | None, en: str, nl: str, /, **params: str | int) -> Problem:
    return Problem(line, where, Phrase(en=en, nl=nl), dict(params))


def base_name(column: str) -> str:
    """``AantalInwoners_5`` -> ``AantalInwoners``: CBS numbers its columns per edition."""
    return re.sub(r"_\d+$", "", column.strip().strip('"'))


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without the mark StatLine puts first), else Windows-1252,
    which a spreadsheet program may have saved it in."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _number(raw: str, decimal: bool) -> float | int | None:
    value = raw.strip()
    if value in NOT_PUBLISHED:
        return None
    if decimal:
        value = value.replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", value):
            raise ValueError(raw)
        return float(value)
    if not re.fullmatch(r"-?\d+", value):
        raise ValueError(raw)
    return int(value)


def parse(text: str) -> Parsed:
    """Read the whole file; every problem on every line, not only the first."""
    first = text.split("\n", 1)[0]
    if ";" not in first:
        return Parsed(
            [],
            [
                _problem(
                    1,
                    None,
                    "The columns are not separated by semicolons (;), as CBS exports them.",
                    "De kolommen zijn niet gescheiden door puntkomma's (;), zoals CBS ze uitvoert.",
                )
            ],
        )
    if "\x00" in text:
        return Parsed(
            [],
            [
                _problem(
                    0,
                    None,
                    "The file holds a NUL character: it is no text file.",
                    "Het bestand bevat een NUL-teken: het is geen tekstbestand.",
                )
            ],
        )
    reader = csv.reader(io.StringIO(text), delimiter=";")
    unreadable: list[Problem] = []
    first_row = next(_rows(reader, unreadable), None)
    if first_row is None:
        return Parsed([], unreadable)
    header = [base_name(c) for c in first_row]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return Parsed(
            [],
            [
                _problem(
                    1,
                    column,
                    "The column {column} is missing.",
                    "De kolom {column} ontbreekt.",
                    column=column,
                )
                for column in missing
            ],
        )
    problems: list[Problem] = []
    lines: list[StatisticsLine] = []
    seen: dict[str, int] = {}
    skipped = 0
    for number, cells in enumerate(_rows(reader, problems), start=2):
        if not any(c.strip() for c in cells):
            continue
        if number - 1 > MAX_LINES:
            problems.append(
                _problem(
                    number,
                    None,
                    "The file has more than {max} lines.",
                    "Het bestand heeft meer dan {max} regels.",
                    max=MAX_LINES,
                )
            )
            break
        if len(cells) != len(header):
            problems.append(
                _problem(
                    number,
                    None,
                    "This line has {found} columns, the header {expected}.",
                    "Deze regel heeft {found} kolommen, de kopregel {expected}.",
                    found=len(cells),
                    expected=len(header),
                )
            )
            continue
        row = dict(zip(header, cells, strict=True))
        kind = row.get(KIND, "").strip() or None
        code = row["Codering"].strip().upper()
        if kind in SKIPPED_KINDS or code.startswith(("GM", "NL")):
            skipped += 1
            continue
        found, wrong = _line(number, row, code, kind)
        problems.extend(wrong)
        if found is None:
            continue
        if code in seen:
            problems.append(
                _problem(
                    number,
                    "Codering",
                    "The code {code} is already on line {other}.",
                    "De code {code} staat al op regel {other}.",
                    code=code,
                    other=seen[code],
                )
            )
            continue
        seen[code] = number
        lines.append(found)
    if not lines and not problems:
        problems.append(
            _problem(
                0,
                None,
                "The file holds no wijk or buurt.",
                "Het bestand bevat geen wijk of buurt.",
            )
        )
    return Parsed(lines, problems, skipped)


def _rows(reader: Any, problems: list[Problem]) -> Iterator[list[str]]:
    """The reader's rows until one cannot be read at all (a field over the csv module's
    limit, a quote never closed before the end): that is said, and reading stops there."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(
                _problem(
                    reader.line_num,
                    None,
                    "This line cannot be read: {error}.",
                    "Deze regel is niet te lezen: {error}.",
                    error=str(error),
                )
            )
            return


def _line(
    number: int, row: dict[str, str], code: str, kind: str | None
) -> tuple[StatisticsLine | None, list[Problem]]:
    """One region's line, or what is wrong with it."""
    problems = []
    if not CODE.match(code):
        problems.append(
            _problem(
                number,
                "Codering",
                "{code} is no CBS code of a wijk (WK and 6 digits) or buurt (BU and 8 digits).",
                "{code} is geen CBS-code van een wijk (WK en 6 cijfers) of buurt"
                " (BU en 8 cijfers).",
                code=code or "(leeg)",
            )
        )
    name = row["WijkenEnBuurten"].strip()
    if not name or len(name) > 200:
        problems.append(
            _problem(
                number,
                "WijkenEnBuurten",
                "The name is empty or longer than 200 characters.",
                "De naam is leeg of langer dan 200 tekens.",
            )
        )
    figures: dict[str, float | int | None] = {}
    for columns, decimal in ((COUNTS, False), (DECIMALS, True)):
        for column, name_of_field in columns.items():
            if column not in row:
                continue
            try:
                value = _number(row[column], decimal)
            except ValueError:
                problems.append(
                    _problem(
                        number,
                        column,
                        "{value!r} in {column} is no number.",
                        "{value!r} in {column} is geen getal.",
                        value=row[column].strip(),
                        column=column,
                    )
                )
                continue
            if value is not None and value < 0:
                problems.append(
                    _problem(
                        number,
                        column,
                        "{column} is below zero.",
                        "{column} is kleiner dan nul.",
                        column=column,
                    )
                )
                continue
            figures[name_of_field] = value
    problems.extend(_consistency(number, figures))
    if problems:
        return None, problems
    municipality = row.get("Gemeentenaam", "").strip() or None
    return (
        StatisticsLine(
            line=number,
            cbs_code=code,
            name=name,
            municipality=municipality,
            region_kind=kind,
            **figures,  # type: ignore[arg-type]
        ),
        [],
    )


def _consistency(number: int, figures: dict[str, float | int | None]) -> list[Problem]:
    """A part larger than its whole: the columns are mixed up, or a share was put in a count."""
    pairs = (
        ("aged_65_plus", "inhabitants", "k_65JaarOfOuder", "AantalInwoners"),
        ("aged_75_plus", "aged_65_plus", "k_75JaarOfOuder", "k_65JaarOfOuder"),
        ("single_person_households", "households", "Eenpersoonshuishoudens", "HuishoudensTotaal"),
    )
    problems = []
    for part, whole, part_column, whole_column in pairs:
        p, w = figures.get(part), figures.get(whole)
        if p is not None and w is not None and p > w:
            problems.append(
                _problem(
                    number,
                    part_column,
                    "{part} ({p}) is more than {whole} ({w}).",
                    "{part} ({p}) is meer dan {whole} ({w}).",
                    part=part_column,
                    whole=whole_column,
                    p=f"{p:g}",
                    w=f"{w:g}",
                )
            )
    return problems


MAX_BYTES = 5 * 1024 * 1024
"""A whole country's table is about 4 MB."""


def read(stream: Any) -> Parsed:
    """An uploaded file parsed; a file over ``MAX_BYTES`` is refused without reading further."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return Parsed(
            [],
            [
                _problem(
                    0,
                    "file",
                    "The file is larger than 5 MB.",
                    "Het bestand is groter dan 5 MB.",
                )
            ],
        )
    return parse(decode(data))
