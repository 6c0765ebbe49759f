"""Reading CBS "Kerncijfers wijken en buurten" files: what is read, and every problem named by
line and column."""

from __future__ import annotations

import io

from kring.neighbourhoods import importing
from kring.neighbourhoods.demo import SAMPLE

HEADER = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";'
    '"k_65JaarOfOuder_12";"HuishoudensTotaal_29";"Eenpersoonshuishoudens_30";'
    '"GemiddeldInkomenPerInwoner_78"'
)


def _file(*lines: str) -> str:
    return "\r\n".join((HEADER, *lines)) + "\r\n"


def test_the_sample_reads_without_problems_when_it_is_the_shipped_file() -> None:
    parsed = importing.parse(importing.decode(SAMPLE.read_bytes()))
    assert parsed.problems == [] and parsed.skipped == 1  # the municipality's own line
    assert [line.cbs_code for line in parsed.lines][:2] == ["WK990101", "WK990102"]
    first = parsed.lines[0]
    assert (first.name, first.inhabitants, first.aged_65_plus, first.aged_75_plus) == (
        "Oud-Beierdijk",
        4210,
        1360,
        690,
    )
    assert parsed.lines[-1].average_income is None  # a dot: not published


def test_columns_are_known_without_their_edition_number_when_the_year_renumbers_them() -> None:
    parsed = importing.parse(
        _file('1;"Dorp";"Gem";"Buurt     ";"BU99010101  ";500;120;220;90;"27,4"')
    )
    assert parsed.problems == []
    (line,) = parsed.lines
    assert (line.cbs_code, line.region_kind, line.households) == ("BU99010101", "Buurt", 220)
    assert (line.single_person_households, line.average_income) == (90, 27.4)
    assert line.aged_75_plus is None  # the CBS table has no such column


def test_every_bad_line_is_named_when_a_file_has_several_problems() -> None:
    parsed = importing.parse(
        _file(
            '1;"Goed";"Gem";"Wijk";"WK990101";500;120;220;90;27.1',
            '2;"Letters";"Gem";"Wijk";"WK990102";veel;120;220;90;27.1',
            '3;"Te oud";"Gem";"Wijk";"WK990103";100;120;220;90;27.1',
            '4;"Geen code";"Gem";"Wijk";"XX1";100;20;220;90;27.1',
            '5;"Dubbel";"Gem";"Wijk";"WK990101";100;20;220;90;27.1',
            '6;"Kort";"Gem"',
            '7;"Min";"Gem";"Wijk";"WK990107";100;-2;220;90;27.1',
        )
    )
    found = {(p.line, p.column) for p in parsed.problems}
    assert found == {
        (3, "AantalInwoners"),
        (4, "k_65JaarOfOuder"),
        (5, "Codering"),
        (6, "Codering"),
        (7, None),
        (8, "k_65JaarOfOuder"),
    }
    said = {p.line: p.render("nl") for p in parsed.problems}
    assert said[3] == "'veel' in AantalInwoners is geen getal."
    assert said[6] == "De code WK990101 staat al op regel 2."
    assert not parsed.is_valid


def test_a_missing_column_is_named_when_the_header_lacks_it() -> None:
    parsed = importing.parse('"Codering_3";"AantalInwoners_5"\r\n"WK990101";5\r\n')
    assert [(p.line, p.column) for p in parsed.problems] == [(1, "WijkenEnBuurten")]


def test_a_comma_separated_file_is_refused_when_it_is_not_as_cbs_exports() -> None:
    parsed = importing.parse("Codering_3,WijkenEnBuurten,AantalInwoners_5\nWK990101,A,5\n")
    assert "semicolons" in parsed.problems[0].render("en")


def test_country_and_municipality_lines_are_skipped_when_they_describe_no_neighbourhood() -> None:
    parsed = importing.parse(
        _file(
            '1;"Nederland";"";"Land";"NL00";17000000;3000000;8000000;3000000;30',
            '2;"Gem";"Gem";"Gemeente";"GM9901";500;120;220;90;27.1',
        )
    )
    assert parsed.skipped == 2
    assert [p.render("en") for p in parsed.problems] == ["The file holds no wijk or buurt."]


def test_a_file_too_large_is_refused_when_uploaded() -> None:
    parsed = importing.read(io.BytesIO(b"x" * (importing.MAX_BYTES + 1)))
    assert parsed.problems[0].column == "file"


def test_windows_text_is_read_when_a_spreadsheet_saved_it() -> None:
    text = _file('1;"Café-buurt";"Gem";"Wijk";"WK990101";500;120;220;90;27.1')
    parsed = importing.parse(importing.decode(text.encode("cp1252")))
    assert parsed.lines[0].name == "Café-buurt"


def test_an_unreadable_line_is_named_when_the_csv_module_gives_up() -> None:
    huge = '"' + "x" * 200_000 + '"'
    parsed = importing.parse(_file(f'1;{huge};"Gem";"Wijk";"WK990101";500;120;220;90;27.1'))
    assert [p.line for p in parsed.problems] == [2]
    assert parsed.problems[0].render("en").startswith("This line cannot be read:")
    header_only = importing.parse(huge + ";x\r\n")
    assert header_only.problems[0].line == 1


def test_a_file_with_nul_characters_is_refused_as_no_text() -> None:
    parsed = importing.parse(_file('1;"A\x00B";"Gem";"Wijk";"WK990101";500;120;220;90;27.1'))
    assert [p.render("en") for p in parsed.problems] == [
        "The file holds a NUL character: it is no text file."
    ]
