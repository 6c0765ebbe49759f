"""Neighbourhood statistics: importing a year's CBS figures, and reading the newest of them.

An import is all or nothing: every line is checked and matched to a neighbourhood first (by its
CBS code; else by name, for a neighbourhood made without a code; else a new one), and only a
file without a single problem is written, in the caller's one transaction. A second import of
the same year replaces that year's figures, so fixing a file and importing it again is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from kring.core.methodology import Phrase
from kring.extensions import db
from kring.neighbourhoods.importing import Parsed, Problem, StatisticsLine
from kring.neighbourhoods.models import NeighbourhoodStatistics
from kring.people import service as people
from kring.people.models import Neighbourhood

FIGURES = (
    "inhabitants",
    "aged_65_plus",
    "aged_75_plus",
    "households",
    "single_person_households",
    "average_income",
)
FIRST_YEAR = 2000
"""CBS has published the table since 2003 (as "Kerncijfers wijken en buurten"); older is a typo."""


@dataclass(frozen=True)
class ImportResult:
    """What an import did, or why it did nothing (``problems``)."""

    year: int
    created: list[str] = field(default_factory=list)
    """Names of the neighbourhoods the file added to the tenant."""
    written: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return not self.problems


def year_problem(year: int, this_year: int) -> Problem | None:
    """A year the figures cannot be about."""
    if FIRST_YEAR <= year <= this_year:
        return None
    return Problem(
        0,
        "year",
        Phrase(
            en="Choose a year from {first} to {last}.", nl="Kies een jaar van {first} tot {last}."
        ),
        {"first": FIRST_YEAR, "last": this_year},
    )


def _match(
    lines: list[StatisticsLine], known: list[Neighbourhood]
) -> dict[int, Neighbourhood | str]:
    """Each line's neighbourhood, or the name of the one to be made for it.

    A line matches by its CBS code, else by name a neighbourhood that has no code yet (made by
    hand or from a tenant file). Buurt names repeat (every town has its "Centrum"), so a new
    neighbourhood whose name is taken is named with its code as well: "Centrum (BU19990101)".
    """
    by_code = {n.cbs_code.upper(): n for n in known if n.cbs_code}
    by_name = {n.name.casefold(): n for n in known}
    taken = set(by_name)
    matched: dict[int, Neighbourhood | str] = {}
    for line in lines:
        found = by_code.get(line.cbs_code)
        if found is None:
            named = by_name.get(line.name.casefold())
            if named is not None and not named.cbs_code:
                named.cbs_code = line.cbs_code  # claimed: no second line takes it by name
                by_code[line.cbs_code] = named
                found = named
        if found is not None:
            matched[line.line] = found
            continue
        name = line.name
        if name.casefold() in taken:
            name = f"{name} ({line.cbs_code})"
        taken.add(name.casefold())
        matched[line.line] = name
    return matched


def import_statistics(
    parsed: Parsed,
    year: int,
    this_year: int,
    actor_id: int | None,
    progress: Callable[[StatisticsLine], None] | None = None,
) -> ImportResult:
    """Write a parsed file's figures for ``year`` into the current tenant, or nothing at all.

    Returns the problems instead of writing when the file or the year is wrong; the caller
    commits a done import (and rolls back otherwise). ``progress`` is called after each written
    line (the command's progress bar).
    """
    problems = list(parsed.problems)
    wrong_year = year_problem(year, this_year)
    if wrong_year:
        problems.insert(0, wrong_year)
    if problems or not parsed.lines:
        return ImportResult(year, problems=sorted(problems, key=lambda p: p.line))
    matched = _match(parsed.lines, list(db.session.scalars(select(Neighbourhood))))
    existing = {
        s.neighbourhood_id: s
        for s in db.session.scalars(
            select(NeighbourhoodStatistics).where(NeighbourhoodStatistics.year == year)
        )
    }
    created = []
    for line in parsed.lines:
        neighbourhood = matched[line.line]
        if isinstance(neighbourhood, str):
            neighbourhood = people.create_neighbourhood(neighbourhood, [], line.cbs_code, actor_id)
            created.append(neighbourhood.name)
        row = existing.get(neighbourhood.id) or NeighbourhoodStatistics(
            neighbourhood_id=neighbourhood.id, year=year
        )
        row.cbs_code = line.cbs_code
        row.municipality = line.municipality
        row.region_kind = line.region_kind
        for name in FIGURES:
            setattr(row, name, getattr(line, name))
        row.imported_by_id = actor_id
        db.session.add(row)
        if progress is not None:
            progress(line)
    db.session.flush()
    return ImportResult(year, created, len(parsed.lines), parsed.skipped)


@dataclass(frozen=True)
class Figures:
    """A neighbourhood's newest figures, with the shares the ranking and the pages read."""

    neighbourhood_id: int
    year: int
    cbs_code: str
    inhabitants: int | None
    share_65_plus: float | None
    share_75_plus: float | None
    share_single_households: float | None
    average_income: float | None


def newest_figures() -> dict[int, Figures]:
    """Each neighbourhood's figures of the newest year it has, by neighbourhood id (two
    queries, whatever the number of neighbourhoods or years)."""
    newest = (
        select(
            NeighbourhoodStatistics.neighbourhood_id,
            func.max(NeighbourhoodStatistics.year).label("year"),
        )
        .group_by(NeighbourhoodStatistics.neighbourhood_id)
        .subquery()
    )
    rows = db.session.scalars(
        select(NeighbourhoodStatistics).join(
            newest,
            (NeighbourhoodStatistics.neighbourhood_id == newest.c.neighbourhood_id)
            & (NeighbourhoodStatistics.year == newest.c.year),
        )
    )
    return {
        s.neighbourhood_id: Figures(
            neighbourhood_id=s.neighbourhood_id,
            year=s.year,
            cbs_code=s.cbs_code,
            inhabitants=s.inhabitants,
            share_65_plus=s.share(s.aged_65_plus, s.inhabitants),
            share_75_plus=s.share(s.aged_75_plus, s.inhabitants),
            share_single_households=s.share(s.single_person_households, s.households),
            average_income=s.average_income,
        )
        for s in rows
    }


def years() -> list[int]:
    """The years the tenant has figures of, newest first."""
    return list(
        db.session.scalars(
            select(NeighbourhoodStatistics.year)
            .distinct()
            .order_by(NeighbourhoodStatistics.year.desc())
        )
    )
