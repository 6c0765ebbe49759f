"""Searching the access log: by resident, by user and by period, newest first, a page at a
time, with the names of the people involved for the reader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from kring.access.log import EXPORT, PERSON
from kring.access.models import AccessLogEntry
from kring.core.accounts import User
from kring.core.paging import Page, read_page
from kring.people.models import Person


@dataclass(frozen=True)
class Search:
    """What to look for; every part is optional."""

    person_id: int | None = None
    user_id: int | None = None
    start: date | None = None
    end: date | None = None
    """The last day included."""
    exports_only: bool = False
    """Only the files taken out of Kring: reports and research exports."""


@dataclass(frozen=True)
class Line:
    """One row of the log as a page shows it."""

    entry: AccessLogEntry
    reader: str
    """The user's name, or Kring itself for commands and jobs."""
    resident: str
    """The resident's name while their record exists, else their number (for an export: the
    number of what was exported, an audit or a year)."""

    @property
    def is_export(self) -> bool:
        """Whether the row is a file taken out of Kring rather than a read of one record."""
        return self.entry.subject_type == EXPORT


def search(found: Search, number: int = 1) -> Page[Line]:
    """One page of log rows matching ``found``, newest first, in two queries."""
    query = (
        select(AccessLogEntry, User.name, Person.name)
        .outerjoin(User, User.id == AccessLogEntry.user_id)
        .outerjoin(
            Person,
            (AccessLogEntry.subject_type == PERSON) & (Person.id == AccessLogEntry.subject_id),
        )
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
    )
    if found.person_id is not None:
        query = query.where(
            AccessLogEntry.subject_type == PERSON, AccessLogEntry.subject_id == found.person_id
        )
    if found.user_id is not None:
        query = query.where(AccessLogEntry.user_id == found.user_id)
    if found.exports_only:
        query = query.where(AccessLogEntry.subject_type == EXPORT)
    if found.start is not None:
        query = query.where(AccessLogEntry.at >= datetime.combine(found.start, time(), UTC))
    if found.end is not None:
        end = datetime.combine(found.end + timedelta(days=1), time(), UTC)
        query = query.where(AccessLogEntry.at < end)
    page = read_page(query, number)
    lines = [
        Line(entry, reader or "Kring", resident or f"#{entry.subject_id}")
        for entry, reader, resident in page.items
    ]
    return Page(lines, page.number, page.has_next)


def subjects(lines: list[Line]) -> list[int]:
    """The residents whose reads a page of the log shows: reading the log is a read too."""
    return [line.entry.subject_id for line in lines if line.entry.subject_type == PERSON]
