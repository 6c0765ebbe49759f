"""Quality: the courses a role must follow, the outcome instruments, the audit."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
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
    """One question of a survey and the answers it allows, as (value, label) pairs. A value
    that is a whole number ("1" to "10") is also the answer's points in a scored survey."""

    key: str
    question: Phrase
    answers: tuple[tuple[str, Phrase], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreBand:
    """A range of total scores (both ends included) and the words a person reads for it, so a
    result is shown as "moderately lonely", never as a number or a key alone."""

    low: int
    high: int
    words: Phrase

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"score band {self.words.en!r}: low is above high")


@dataclass(frozen=True, slots=True, kw_only=True)
class Benchmark:
    """A published figure a circle's average is shown against (Buurtcirkel's 8.7), with where
    it comes from, so nobody reads it as Kring's own target."""

    value: float
    source: Phrase


Scoring: TypeAlias = Literal["mark", "sum"]
"""How the total is made: ``mark`` is the single item's answer (a report mark 1 to 10);
``sum`` adds the items' points. A plugin's ``kring_survey_score`` may give its own total."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Survey:
    """An outcome instrument (a loneliness scale, say), given to some roles at set moments.

    With ``items`` the core records answers; ``kring_survey_score`` may add scores of its own.
    The core enforces when it may be given (``kring.surveys.timing``): within the first weeks
    of a membership (``at_intake``), again once ``every_months`` have passed since the
    person's last answer, once in the weeks after leaving (``at_exit``), and once while the
    circle is in each of ``at_phases``. A survey naming none of these may be given any time.
    """

    key: str
    title: Phrase
    for_roles: tuple[str, ...]
    at_phases: tuple[str, ...] = ()
    items: tuple[SurveyItem, ...] = ()
    at_intake: bool = False
    every_months: int | None = None
    at_exit: bool = False
    introduction: Phrase | None = None
    """One plain sentence the participant reads before the first question."""
    scoring: Scoring = "sum"
    bands: tuple[ScoreBand, ...] = ()
    benchmark: Benchmark | None = None
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        problems = []
        if self.every_months is not None and self.every_months < 1:
            problems.append("every_months must be at least 1")
        if self.scoring == "mark" and len(self.items) > 1:
            problems.append("a mark is one item")
        keys = [item.key for item in self.items]
        if len(keys) != len(set(keys)):
            problems.append("an item key appears twice")
        ordered = sorted(self.bands, key=lambda b: b.low)
        if any(a.high >= b.low for a, b in pairwise(ordered)):
            problems.append("score bands overlap")
        if problems:
            raise ValueError(f"survey {self.key!r}: " + "; ".join(problems))

    @property
    def is_timed(self) -> bool:
        """Whether the survey names any moment at all (else it may be given any time)."""
        return bool(self.at_intake or self.every_months or self.at_exit or self.at_phases)

    def band(self, total: float | None) -> ScoreBand | None:
        """The band a total falls in (a mark's average 7.6 in the band 6 to 7 reads as its
        rounding down), or None."""
        if total is None:
            return None
        return next((b for b in self.bands if b.low <= int(total) <= b.high), None)

    def total(self, answers: Mapping[str, str]) -> int | None:
        """The total of a complete set of answers by ``scoring``, or None when an answer is not
        a whole number (a scale the plugin scores itself)."""
        try:
            points = [int(answers[item.key]) for item in self.items]
        except (KeyError, ValueError):
            return None
        if not points:
            return None
        return points[0] if self.scoring == "mark" else sum(points)
