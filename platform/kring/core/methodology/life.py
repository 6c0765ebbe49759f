"""A circle's weeks: how often it meets, who hears of what, whom it reaches first, and its
safety net (the ladder a question climbs when it is too heavy)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from kring.core.methodology.words import Params, Phrase


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingPattern:
    """How often a circle meets and for how long; ``kinds`` are term keys of the kinds of
    meeting (open and closed evenings). The meetings area plans series from it and checks
    every meeting against it.

    ``guest_kinds`` are the kinds that welcome guests (recorded by first name only); a guest
    at any other kind is refused. Someone who misses ``alert_after_missed`` meetings in a row
    is signalled to the circle's volunteer and coach, once per streak."""

    every_days: int
    min_minutes: int
    max_minutes: int
    kinds: tuple[str, ...] = ()
    guest_kinds: tuple[str, ...] = ()
    alert_after_missed: int = 3
    remind_hours_before: int = 24
    """When members and the volunteer hear of a coming meeting: the day before by default."""

    def __post_init__(self) -> None:
        if self.remind_hours_before < 1:
            raise ValueError("a meeting pattern needs remind_hours_before >= 1")
        if self.every_days < 1 or not 0 < self.min_minutes <= self.max_minutes:
            raise ValueError("a meeting pattern needs every_days >= 1 and 0 < min <= max minutes")
        unknown = [k for k in self.guest_kinds if k not in self.kinds]
        if unknown:
            raise ValueError(f"guest kinds {unknown} are not among the meeting kinds {self.kinds}")
        if self.alert_after_missed < 1:
            raise ValueError("a meeting pattern needs alert_after_missed >= 1")

    def welcomes_guests(self, kind: str) -> bool:
        """Whether a meeting of this kind is open to guests."""
        return kind in self.guest_kinds


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderIntent:
    """Something a person should hear of, by when: what a reminder rule returns.

    The core turns an intent into outbox rows, one per channel the person wants, in their
    language, and writes each once: ``key`` (``"meeting-reminder:<meeting>:<person>"``) is the
    idempotency key, so a rule that finds the same thing again writes nothing new. An intent
    about a ``circle_id`` reaches only someone who is still a current member of that circle
    (or, for a ``user_id``, who still holds a role there), and nobody in a suspended tenant.
    ``link`` is a path inside the tenant (``"/circles/3"``) the message points to.
    """

    key: str
    kind: str
    title: Phrase
    body: Phrase
    due_at: datetime
    person_id: int | None = None
    user_id: int | None = None
    circle_id: int | None = None
    params: Params = field(default_factory=dict)
    link: str | None = None

    def __post_init__(self) -> None:
        if (self.person_id is None) == (self.user_id is None):
            raise ValueError(f"reminder {self.key!r} needs exactly one of person_id and user_id")
        if not self.key or len(self.key) > 180:
            raise ValueError(f"reminder key {self.key!r} must have 1 to 180 characters")
        if self.due_at.tzinfo is None:
            raise ValueError(f"reminder {self.key!r} needs a due_at with a time zone")


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetGroup:
    """Who a methodology reaches out to first when residents are signalled to it.

    ``min_age`` is the default; an organisation may set its own under ``setting`` in the
    methodology's settings (Verbonden in de buurt starts with residents aged 75 and over).
    """

    min_age: int
    setting: str | None = None
    respond_within_days: int = 7
    """How long a signal may wait before someone of the team picks it up; the team is
    reminded after that."""
    survey: str | None = None
    """The survey (a loneliness scale) the team may ask in the conversation, with the
    resident's agreement; its key among the methodology's surveys."""

    def includes(self, birth_date: date | None, today: date, min_age: int | None = None) -> bool:
        """Whether someone born on ``birth_date`` belongs to the group on ``today``, at the
        organisation's own ``min_age`` when it set one. An unknown birth date is not in the
        group: a list of whom to approach first should not guess, though the team may help."""
        return birth_date is not None and birth_date <= self.born_by(today, min_age)

    def born_by(self, today: date, min_age: int | None = None) -> date:
        """The last birth date of the group on ``today``: whoever was born on or before it has
        reached the age (so a database can sort by it too). Someone born on 29 February turns a
        year older on 1 March in years without one."""
        year = today.year - (self.min_age if min_age is None else min_age)
        if (today.month, today.day) == (2, 29) and not calendar.isleap(year):
            return date(year, 2, 28)
        return today.replace(year=year)


def age_on(birth_date: date | None, day: date) -> int | None:
    """Age in whole years on ``day``; someone born on 29 February turns a year older on 1 March
    in years without one."""
    if birth_date is None:
        return None
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Severity:
    """How heavy an escalation is, and within how many hours the step it sits with answers;
    ``key`` is also its term key (the core words ``urgent``, ``soon`` and ``routine``)."""

    key: str
    respond_within_hours: int

    def __post_init__(self) -> None:
        if self.respond_within_hours < 1:
            raise ValueError(f"severity {self.key!r}: respond within at least one hour")


DEFAULT_SEVERITIES = (
    Severity(key="urgent", respond_within_hours=24),
    Severity(key="soon", respond_within_hours=72),
    Severity(key="routine", respond_within_hours=168),
)
"""Within a day, within three days, within a week: the core's severities for a methodology
that names none of its own."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EscalationLadder:
    """The safety net (vangnet): who a question goes to when it is too heavy for the one who
    met it, step by step (a volunteer, then the coach, then professional care).

    ``steps`` are in order, from whoever raises an escalation upwards; each is a role key of
    the methodology, or a term key naming help outside the circle (the last step, usually),
    which the circle's team hands the question over to. ``sensitive_roles`` are the roles whose
    members may read a note marked sensitive (besides whoever wrote it). A member of the
    circle's largest role is due a contact every ``contact_every_days``."""

    steps: tuple[str, ...]
    severities: tuple[Severity, ...] = DEFAULT_SEVERITIES
    sensitive_roles: tuple[str, ...] = ()
    contact_every_days: int = 14

    def __post_init__(self) -> None:
        if len(self.steps) < 2:
            raise ValueError("an escalation ladder needs at least two steps")
        if not self.severities:
            raise ValueError("an escalation ladder needs at least one severity")
        if self.contact_every_days < 1:
            raise ValueError("contacts are due every day at the most")

    def severity(self, key: str) -> Severity | None:
        return next((s for s in self.severities if s.key == key), None)

    def is_last(self, step: int) -> bool:
        """Whether an escalation at this step can go no higher."""
        return step >= len(self.steps) - 1

    def step_key(self, step: int) -> str:
        """The term key of a step; past the top, the top."""
        return self.steps[min(max(step, 0), len(self.steps) - 1)]
