"""Quality: the courses a role must follow, the outcome instruments, the audit."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Training:
    """A course that roles listing its key in ``RoleSpec.needs_training`` must have followed."""

    key: str
    title: Phrase
    url: str | None = None


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
