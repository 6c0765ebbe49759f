"""Quality: the courses a role must follow, the outcome instruments, the audit."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

from kring.core.methodology.words import Params, Phrase


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditSchedule:
    """When a circle is audited: first ``months`` after it entered ``phase``, then every
    ``every_months`` after the last audit was opened (a closing circle is not audited)."""

    phase: str
    months: int
    every_months: int = 12

    def __post_init__(self) -> None:
        if self.months < 0 or self.every_months < 1:
            raise ValueError("an audit schedule needs months >= 0 and every_months >= 1")


EvidenceKind: TypeAlias = Literal["bool", "int", "date", "choice"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceField:
    """One fact the coach or project leader records for a manual criterion.

    Evidence is typed (yes or no, a number, a date, one of some choices), never free text: the
    central trainer reads it across tenants, and a typed field cannot carry a resident's name.
    """

    key: str
    label: Phrase
    kind: EvidenceKind
    choices: tuple[tuple[str, Phrase], ...] = ()

    def __post_init__(self) -> None:
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"evidence {self.key!r}: choices go with kind 'choice' only")


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditCriterion:
    """One question of a methodology's quality audit, and of the circle's fidelity score.

    ``check`` names an automatic check that answers it from the data: one of the core's
    (``kring.audits.checks.CORE_CHECKS``) or one the methodology answers itself through
    ``kring_audit_check``. A criterion without a check is answered by the coach or project
    leader with ``evidence``. ``weight`` is its share of the fidelity score; ``advice`` tells a
    circle what to do when it is not met.
    """

    key: str
    title: Phrase
    check: str | None = None
    evidence: tuple[EvidenceField, ...] = ()
    weight: int = 1
    advice: Phrase | None = None

    def __post_init__(self) -> None:
        if self.weight < 1:
            raise ValueError(f"audit criterion {self.key!r}: weight must be at least 1")
        keys = [f.key for f in self.evidence]
        if len(keys) != len(set(keys)):
            raise ValueError(f"audit criterion {self.key!r}: an evidence key appears twice")

    @property
    def is_automatic(self) -> bool:
        """Whether the data itself answers this criterion."""
        return self.check is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """What an automatic check found for one criterion over an audit's period.

    ``is_met`` is None when the data cannot tell (a circle too young to have met weekly for
    the period, say); ``params`` are the figures behind it (counts and dates, never a name),
    which ``explanation`` puts in words.
    """

    is_met: bool | None
    explanation: Phrase
    params: Params = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on, kept within the month it lands in (a VOG
    issued on 31 January and valid one month lapses on 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Training:
    """A course a methodology asks of some roles.

    A role listing its key in ``RoleSpec.needs_training`` cannot be given without a valid
    completion (or a recorded exception); ``for_roles`` names roles the course is asked of
    besides those (a yearly return day, say), shown and reminded but never barring anyone
    from a role. A completion lapses ``valid_months`` after it (None: it never does), and a
    later completion renews it.
    """

    key: str
    title: Phrase
    url: str | None = None
    valid_months: int | None = None
    for_roles: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.valid_months is not None and self.valid_months < 1:
            raise ValueError(f"training {self.key!r}: valid_months must be at least 1")

    def expires_on(self, completed_on: date) -> date | None:
        """The day a completion on ``completed_on`` lapses (no longer valid), or None."""
        if self.valid_months is None:
            return None
        return add_months(completed_on, self.valid_months)


@dataclass(frozen=True, slots=True, kw_only=True)
class Screening:
    """A background check everyone in ``role`` needs: a VOG (Verklaring Omtrent het Gedrag) in
    the Netherlands, a DBS check in the United Kingdom.

    A check lapses ``renewal_months`` after it was issued unless the tenant sets its own period
    (in its tenant file, under ``screenings``): some municipalities ask for a new VOG every
    two years, others every three. ``required_from`` is the phase from which a circle needs
    every member of the role screened (None: the check is kept and reminded, never required).
    """

    key: str
    title: Phrase
    role: str
    renewal_months: int
    required_from: str | None = None

    def __post_init__(self) -> None:
        if self.renewal_months < 1:
            raise ValueError(f"screening {self.key!r}: renewal_months must be at least 1")


@dataclass(frozen=True, slots=True, kw_only=True)
class SurveyItem:
    """One question of a survey and the answers it allows, as (value, label) pairs."""

    key: str
    question: Phrase
    answers: tuple[tuple[str, Phrase], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Survey:
    """An outcome instrument (a loneliness scale, say), given to some roles at some phases.

    With ``items`` the core records answers; ``kring_survey_score`` turns them into scores.
    """

    key: str
    title: Phrase
    for_roles: tuple[str, ...]
    at_phases: tuple[str, ...] = ()
    items: tuple[SurveyItem, ...] = ()
