"""What a plugin hands to the core: frozen descriptions of a methodology, no behaviour.

Plugins describe, the core enforces. A methodology plugin returns these dataclasses from its hooks
and the core runs the phase machine, checks circle sizes, writes reminders and opens audits from
them, so a rule is enforced the same way for every methodology. They are frozen so a plugin that
builds on another (Buurtkring on KeyRing) derives its variant with ``dataclasses.replace`` instead
of changing a description the other plugin still uses. Mistakes are refused in ``__post_init__``:
a malformed methodology fails when its plugin loads, not in front of a volunteer.

Words shown to people come in two forms. ``Terms`` hold a methodology's vocabulary (what the core
calls a "circle" is a "Buurtcirkel" there); role and phase keys double as term keys. ``Phrase``
holds a whole sentence in both languages Kring speaks, with ``{placeholders}``.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, TypeAlias

FALLBACK_LOCALE = "en"
NAME_TERM = "methodology"
"""The term key under which a methodology's ``Terms`` hold its own name."""

Params: TypeAlias = Mapping[str, str | int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrase:
    """A sentence or title in Dutch and English; both are required, so none is left untranslated.

    ``{name}`` placeholders are filled from params when rendered, which keeps the numbers
    available as data (for the API) next to the sentence (for people).
    """

    en: str
    nl: str

    def render(self, locale: str, params: Params | None = None) -> str:
        """This phrase in ``locale`` (English for any locale but Dutch), placeholders filled."""
        template = self.nl if locale == "nl" else self.en
        return template.format_map(params or {})


DEFAULT_WORDS: Mapping[str, Phrase] = {
    "support_no_longer_needed": Phrase(
        nl="geen ondersteuning meer nodig", en="support no longer needed"
    ),
    "moved_away": Phrase(nl="verhuisd", en="moved away"),
    "own_choice": Phrase(nl="eigen keuze", en="own choice"),
    "deceased": Phrase(nl="overleden", en="deceased"),
    "urgent": Phrase(nl="dringend", en="urgent"),
    "soon": Phrase(nl="binnenkort", en="soon"),
    "routine": Phrase(nl="gewoon", en="routine"),
    "plan": Phrase(nl="ontwikkelplan", en="development plan"),
}
"""The core's words for what it defines itself (the default leave reasons); a methodology
gives only the words it says differently."""


@dataclass(frozen=True, slots=True)
class Terms:
    """A methodology's words for the core's generic nouns, per locale.

    Write them with ``Terms.of({"circle": Phrase(nl="Buurtcirkel", en="Neighbourhood Circle")})``:
    each word names its languages, so no plugin depends on an order of columns. Templates ask
    for ``terms.term("circle", locale)`` so no template names a methodology.
    """

    by_locale: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, words: Mapping[str, Phrase]) -> Terms:
        """A methodology's words, each in Dutch and English; the core's ``DEFAULT_WORDS`` fill
        in the words the methodology does not give."""
        merged = {**DEFAULT_WORDS, **words}
        return cls(
            {"nl": {k: w.nl for k, w in merged.items()}, "en": {k: w.en for k, w in merged.items()}}
        )

    def term(self, key: str, locale: str) -> str:
        """The word for ``key`` in ``locale``, else in English, else the key itself.

        A missing word shows up as its key rather than failing the page; the methodology
        contract test is where missing words are caught.
        """
        for candidate in (locale, FALLBACK_LOCALE):
            word = self.by_locale.get(candidate, {}).get(key)
            if word is not None:
                return word
        return key


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleSpec:
    """A role inside one circle, how many people hold it, and what they must be trained in.

    ``key`` is also the role's term key. ``minimum`` and ``needs_training`` (``Training``
    keys) are required from the size rule's start phase on; ``maximum`` holds always.
    """

    key: str
    minimum: int = 0
    maximum: int | None = None
    needs_training: tuple[str, ...] = ()
    lives_in_neighbourhood: bool = False
    """Members in this role must have a postcode inside the circle's neighbourhood."""
    needs_intake: bool = False
    """New members start as candidates until the ``Methodology.intake_role`` holds an intake."""
    may_stay_as_alumni: bool = False
    """Members whose support need ends may stay on as alumni instead of leaving."""
    warn_above_circles: int | None = None
    """One person in this role across more circles than this is a warning (a workload limit)."""

    def __post_init__(self) -> None:
        if self.minimum < 0 or (self.maximum is not None and self.maximum < self.minimum):
            raise ValueError(
                f"role {self.key!r}: needs 0 <= minimum <= maximum, "
                f"got minimum={self.minimum}, maximum={self.maximum}"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class SizeRule:
    """The headline size of a circle: how many people holding ``role`` it has.

    Entering ``start_phase`` takes at least ``start_minimum``; a circle that has started may
    shrink to ``minimum`` before it is refused further moves, and never grows past ``maximum``.
    """

    role: str
    minimum: int
    start_minimum: int
    maximum: int
    start_phase: str

    def __post_init__(self) -> None:
        if not 0 <= self.minimum <= self.start_minimum <= self.maximum:
            raise ValueError(
                f"size rule for {self.role!r}: needs 0 <= minimum <= start_minimum <= maximum, "
                f"got {self.minimum}, {self.start_minimum}, {self.maximum}"
            )


@dataclass(frozen=True, slots=True)
class Phase:
    """A stage in a circle's life; ``key`` is also its term key.

    A closing phase (a network winding down) asks nothing of the circle: requirements of
    earlier phases do not carry into it, so a network whose volunteer left can still close.
    """

    key: str
    is_closing: bool = False


@dataclass(frozen=True, slots=True)
class PhaseMove:
    """A move the project leader may make; moves not listed are refused by the core."""

    source: str
    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Unmet:
    """One reason a circle may not do what was asked, explainable to whoever asked.

    ``rule`` is stable for code and tests (``"size.start_minimum"``); ``message`` and ``params``
    are for people: ``Phrase(en="{phase} needs at least {minimum} participants (now {count})",
    nl=...)`` with ``{"phase": "Realisatie", "minimum": 5, "count": 4}``.
    """

    rule: str
    message: Phrase
    params: Params = field(default_factory=dict)
    is_input: bool = False
    """The request itself is wrong (an unknown role, a malformed date), as opposed to the state
    of the circle not allowing it. An API answers 422 for input, 409 for state."""

    def explain(self, locale: str) -> str:
        return self.message.render(locale, self.params)


AttributeKind: TypeAlias = Literal["bool", "int", "date", "text"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributeSpec:
    """A fact a methodology records about a member in one role: a DBS check, a VOG, housing.

    The core validates the value's kind at the edge and keeps it with the membership; the
    requirements below can then ask for it. ``key`` is also the attribute's term key.
    """

    key: str
    role: str
    kind: AttributeKind
    is_required: bool = False
    """Must be given when someone joins in ``role``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class LeaveReason:
    """Why a membership ends; ``key`` is also its term key.

    ``ends_support`` marks the good ending (support no longer needed): members of a role that
    ``may_stay_as_alumni`` become alumni instead of leaving. A reason is offered for the roles it
    fits: ``for_roles`` names them; else ``supported_only`` keeps it to the roles that receive
    support (``Methodology.supported_roles``: no "deceased" or "support no longer needed" for a
    coach or volunteer who stops); else it fits every role.
    """

    key: str
    ends_support: bool = False
    for_roles: tuple[str, ...] = ()
    supported_only: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AtLeast:
    """Entering ``phase`` (and every later one) takes at least ``count`` active ``role`` members."""

    phase: str
    role: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Trained:
    """Entering ``phase`` takes every active ``role`` member to have completed ``training``,
    and at least one such member."""

    phase: str
    role: str
    training: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Recorded:
    """Entering ``phase`` takes ``attribute`` recorded for every active member of its role."""

    phase: str
    attribute: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NotExpired:
    """Entering ``phase`` takes the date ``attribute`` to lie today or later for every member
    of its role (a check that must be renewed)."""

    phase: str
    attribute: str


@dataclass(frozen=True, slots=True, kw_only=True)
class HasPlan:
    """Entering ``phase`` takes every active ``role`` member to have a development plan with at
    least one goal (read from the plans themselves, not from a recorded date). The methodology
    may name the plan in its own words with the term ``plan``."""

    phase: str
    role: str


Requirement: TypeAlias = AtLeast | Trained | Recorded | NotExpired | HasPlan


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditSchedule:
    """When a circle's first quality audit falls due: ``months`` after it entered ``phase``."""

    phase: str
    months: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditCriterion:
    """One question of a methodology's quality audit.

    Audits are opened, answered (by a coach with evidence) and reviewed (by a central trainer)
    in the quality area; ``is_automatic`` marks a criterion the data itself can answer.
    """

    key: str
    title: Phrase
    is_automatic: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Training:
    """A course that roles listing its key in ``RoleSpec.needs_training`` must have followed."""

    key: str
    title: Phrase
    url: str | None = None


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


@dataclass(frozen=True, slots=True, kw_only=True)
class NavItem:
    """A menu entry a plugin adds; ``endpoint`` is a Flask endpoint in the plugin's blueprint."""

    label: Phrase
    endpoint: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardWidget:
    """A dashboard tile; ``template`` is rendered with the user and the tenant."""

    key: str
    title: Phrase
    template: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Methodology:
    """Everything the core needs to run circles of one methodology.

    ``key`` equals the plugin's entry-point name. ``phases`` are in the order people walk them;
    ``moves`` are the only phase changes the core allows.
    """

    key: str
    version: str
    terms: Terms
    roles: tuple[RoleSpec, ...]
    size_rule: SizeRule
    phases: tuple[Phase, ...]
    initial_phase: str
    moves: tuple[PhaseMove, ...]
    audit_criteria: tuple[AuditCriterion, ...] = ()
    trainings: tuple[Training, ...] = ()
    surveys: tuple[Survey, ...] = ()
    attributes: tuple[AttributeSpec, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    leave_reasons: tuple[LeaveReason, ...] = (
        LeaveReason(key="support_no_longer_needed", ends_support=True, supported_only=True),
        LeaveReason(key="moved_away"),
        LeaveReason(key="own_choice"),
        LeaveReason(key="deceased", supported_only=True),
    )
    intake_role: str | None = None
    """The role that holds intakes for roles with ``needs_intake`` (a coach, say)."""
    first_audit: AuditSchedule | None = None
    circle_name: Phrase | None = None
    """How a new circle is named, e.g. ``Buurtkring {neighbourhood}``; free naming when None."""
    meetings: MeetingPattern | None = None
    target_group: TargetGroup | None = None
    """Set when care workers may signal residents to this methodology (see ``core.signals``)."""
    escalation: EscalationLadder | None = None
    """The safety net: where a question goes when it is too heavy; escalations are refused
    for a methodology without one (contacts are still logged)."""

    def __post_init__(self) -> None:
        phase_keys = [phase.key for phase in self.phases]
        role_keys = [role.key for role in self.roles]
        attribute_keys = [a.key for a in self.attributes]
        training_keys = [t.key for t in self.trainings]
        problems = [
            *_duplicates("phase", phase_keys),
            *_duplicates("role", role_keys),
            *_duplicates("attribute", attribute_keys),
            *_duplicates("leave reason", [r.key for r in self.leave_reasons]),
            *_unknown("initial phase", [self.initial_phase], phase_keys),
            *_unknown("move source", [move.source for move in self.moves], phase_keys),
            *_unknown("move target", [move.target for move in self.moves], phase_keys),
            *_unknown("size rule start phase", [self.size_rule.start_phase], phase_keys),
            *_unknown("size rule role", [self.size_rule.role], role_keys),
            *_unknown("attribute role", [a.role for a in self.attributes], role_keys),
            *_unknown("requirement phase", [r.phase for r in self.requirements], phase_keys),
            *_unknown(
                "requirement role",
                [r.role for r in self.requirements if isinstance(r, AtLeast | Trained | HasPlan)],
                role_keys,
            ),
            *_unknown(
                "requirement attribute",
                [r.attribute for r in self.requirements if isinstance(r, Recorded | NotExpired)],
                attribute_keys,
            ),
            *_unknown(
                "required training",
                [r.training for r in self.requirements if isinstance(r, Trained)]
                + [t for role in self.roles for t in role.needs_training],
                training_keys,
            ),
            *_unknown("intake role", [self.intake_role] if self.intake_role else [], role_keys),
            *_unknown(
                "leave reason role", [k for r in self.leave_reasons for k in r.for_roles], role_keys
            ),
            *_unknown(
                "first audit phase",
                [self.first_audit.phase] if self.first_audit else [],
                phase_keys,
            ),
        ]
        problems += _ladder_problems(self.escalation, role_keys)
        if any(r.needs_intake for r in self.roles) and self.intake_role is None:
            problems.append("a role needs an intake but no intake_role is named")
        if not any(r.ends_support for r in self.leave_reasons):
            problems.append("no leave reason ends_support")
        if NAME_TERM not in self.terms.by_locale.get(FALLBACK_LOCALE, {}):
            problems.append(f"its terms have no {FALLBACK_LOCALE!r} word for {NAME_TERM!r}")
        if problems:
            raise ValueError(f"methodology {self.key!r}: " + "; ".join(problems))

    def name(self, locale: str) -> str:
        return self.terms.term(NAME_TERM, locale)

    def role(self, key: str) -> RoleSpec | None:
        return next((r for r in self.roles if r.key == key), None)

    def attribute(self, key: str) -> AttributeSpec | None:
        return next((a for a in self.attributes if a.key == key), None)

    def leave_reason(self, key: str) -> LeaveReason | None:
        return next((r for r in self.leave_reasons if r.key == key), None)

    def supported_roles(self) -> frozenset[str]:
        """The roles whose members receive support: the size rule's role (the participants a
        circle is counted by) and roles whose members may stay on as alumni or need an intake."""
        return frozenset(
            {self.size_rule.role}
            | {r.key for r in self.roles if r.may_stay_as_alumni or r.needs_intake}
        )

    def leave_reasons_for(self, role: str) -> tuple[LeaveReason, ...]:
        """The reasons offered when a member in ``role`` stops, in the methodology's order."""
        supported = self.supported_roles()
        return tuple(
            r
            for r in self.leave_reasons
            if (role in r.for_roles if r.for_roles else not r.supported_only or role in supported)
        )

    def is_closing(self, key: str) -> bool:
        return any(p.key == key and p.is_closing for p in self.phases)

    def phase_index(self, key: str) -> int:
        """Position of a phase in the walk; -1 for a key that is no phase."""
        keys = [p.key for p in self.phases]
        return keys.index(key) if key in keys else -1

    def term_keys(self) -> set[str]:
        """Every word the core may ask this methodology's ``Terms`` for."""
        keys = {NAME_TERM, "circle", "circle_plural", "plan"}
        keys |= {p.key for p in self.phases}
        keys |= {r.key for r in self.roles} | {f"{r.key}_plural" for r in self.roles}
        keys |= {a.key for a in self.attributes} | {r.key for r in self.leave_reasons}
        keys |= set(self.meetings.kinds) if self.meetings else set()
        if self.escalation:
            keys |= set(self.escalation.steps) | {s.key for s in self.escalation.severities}
        return keys


def _ladder_problems(ladder: EscalationLadder | None, role_keys: list[str]) -> list[str]:
    if ladder is None:
        return []
    return [
        *_duplicates("escalation step", list(ladder.steps)),
        *_duplicates("severity", [s.key for s in ladder.severities]),
        *_unknown("first escalation step", [ladder.steps[0]], role_keys),
        *_unknown("sensitive role", list(ladder.sensitive_roles), role_keys),
    ]


def _duplicates(what: str, keys: list[str]) -> list[str]:
    return [
        f"{what} {key!r} appears twice" for key in sorted({k for k in keys if keys.count(k) > 1})
    ]


def _unknown(what: str, keys: list[str], known: list[str]) -> list[str]:
    return [f"{what} {key!r} is not one of {known}" for key in keys if key not in known]
