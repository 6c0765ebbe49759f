"""What each table holds about a person, declared once by the area that owns the table, so that
a resident's export and their erasure (AVG/GDPR articles 15, 17 and 20) read the same words.

Every area's ``Module`` lists a ``PersonalData`` for each of its tables that holds anything
about a person, or that has a column a reviewer could take for personal data (a circle's
``name``). ``tests/privacy/test_every_table.py`` walks the metadata and fails when a table
with a key to a person or a login, or a column named like a name, address, phone number,
birth date or note, is not declared, or when a declared column is not there: a new table with
a person in it stays red until its area says how it is exported and erased.

Rows are found by the columns that name the person (``person``: a ``person.id``), their login
(``login``: a ``user_account.id`` that is the person's own account, as in a role grant), what
they did (``by``: a ``user_account.id`` of who wrote or recorded the row), a parent row of
theirs (``parent``), or, for a record that names a resident by hand (a signal), the same
name and postcode (``match``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Erase(enum.StrEnum):
    """What erasing a person does with the rows about them (``person``, ``login``, ``parent``
    and ``match`` rows). Rows found through ``by`` always stay: they are someone's work on
    another person, and the login they point to is itself pseudonymised."""

    delete = "delete"
    """The rows go: they only mean something with the person's name (a talent, a contact
    note, a plan)."""
    blank = "blank"
    """The rows stay for the counts the law or the methodology asks for (an escalation and
    how soon it was answered), with the ``blank`` columns emptied."""
    keep = "keep"
    """The rows stay as they are: they hold ids, dates and numbers only (attendance, survey
    scores), and the person they point to is pseudonymised."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonalData:
    """How one table (``table``, its name in the metadata) holds a person's data."""

    table: str
    title: Any
    """What the export calls these rows ("Development plan notes"), a lazy gettext string."""
    person: tuple[str, ...] = ()
    login: tuple[str, ...] = ()
    by: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    """Columns holding a ``person.id`` in a row that is someone else's (the supporter of a
    step in another's plan, the interviewer of another's intake): exported, and kept."""
    typed: tuple[tuple[str, str, str], ...] = ()
    """``(id column, type column, type)``: rows whose id column names the person when the
    type column says ``type`` (``("subject_id", "subject_type", "person")``)."""
    parent: tuple[str, str] | None = None
    """``(column, table)``: rows whose ``column`` holds the id of a row of ``table`` that is
    the person's (a plan's goals through ``plan_id``). ``table`` is declared too."""
    match: Mapping[str, str] = field(default_factory=dict)
    """Column of this table -> attribute of the person, all equal (names without regard to
    case): rows written about a resident before or without a record of them."""
    erase: Erase = Erase.keep
    blank: tuple[str, ...] = ()
    """Columns emptied when the rows stay (``Erase.blank``; also for the person themself)."""
    pseudonym: tuple[str, ...] = ()
    """Columns that cannot be empty and are given a pseudonym instead (the person's name)."""
    with_login: bool = False
    """The rows belong to the login itself, across tenants (its second factor, its sessions):
    erased only when the login is, never while another tenant or the platform still uses it."""
    secret: tuple[str, ...] = ()
    """Columns never exported: hashes of passwords and tokens."""
    not_personal: Mapping[str, str] = field(default_factory=dict)
    """Columns named like personal data that hold none, each with the reason (a circle's
    ``name`` names a group, not a person)."""

    def __post_init__(self) -> None:
        if self.blank and self.erase is Erase.delete:
            raise ValueError(f"{self.table}: rows that go need no columns blanked")
        if self.erase is not Erase.keep and not (
            self.person or self.login or self.parent or self.match or self.typed
        ):
            raise ValueError(f"{self.table}: erasing needs columns that find the person's rows")

    @property
    def finds_rows(self) -> bool:
        """Whether the person has rows here at all (else the table is declared only to say
        its person-like columns hold nobody)."""
        return bool(
            self.person
            or self.login
            or self.by
            or self.names
            or self.typed
            or self.parent
            or self.match
        )

    def accounted(self) -> set[str]:
        """Every column this declaration says something about."""
        named = {
            *self.person,
            *self.login,
            *self.by,
            *self.names,
            *(column for typed in self.typed for column in typed[:2]),
            *self.match,
            *self.blank,
            *self.pseudonym,
            *self.secret,
            *self.not_personal,
        }
        if self.parent is not None:
            named.add(self.parent[0])
        return named
