"""``Methodology``: everything the core needs to run circles of one methodology, checked whole
when its plugin loads."""

from __future__ import annotations

from dataclasses import dataclass

from kring.core.methodology.circle import (
    AtLeast,
    AttributeSpec,
    HasPlan,
    LeaveReason,
    NotExpired,
    Phase,
    PhaseMove,
    Recorded,
    Requirement,
    RoleSpec,
    SizeRule,
    Trained,
)
from kring.core.methodology.life import EscalationLadder, MeetingPattern, TargetGroup
from kring.core.methodology.quality import (
    AuditCriterion,
    AuditSchedule,
    Screening,
    Survey,
    Training,
)
from kring.core.methodology.words import FALLBACK_LOCALE, NAME_TERM, Phrase, Terms


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
    screenings: tuple[Screening, ...] = ()
    """Background checks (VOG, DBS) per role, with their renewal period."""
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
        screening_keys = [s.key for s in self.screenings]
        problems = [
            *_duplicates("phase", phase_keys),
            *_duplicates("role", role_keys),
            *_duplicates("attribute", attribute_keys),
            *_duplicates("training or screening", training_keys + screening_keys),
            *_unknown("training role", [r for t in self.trainings for r in t.for_roles], role_keys),
            *_unknown("screening role", [s.role for s in self.screenings], role_keys),
            *_unknown(
                "screening phase",
                [s.required_from for s in self.screenings if s.required_from],
                phase_keys,
            ),
            *_duplicates("survey", [s.key for s in self.surveys]),
            *_unknown("survey role", [r for s in self.surveys for r in s.for_roles], role_keys),
            *_unknown("survey phase", [p for s in self.surveys for p in s.at_phases], phase_keys),
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
        asked = self.target_group.survey if self.target_group else None
        if asked is not None and not any(s.key == asked and s.items for s in self.surveys):
            problems.append(f"the target group's survey {asked!r} has no items here")
        if problems:
            raise ValueError(f"methodology {self.key!r}: " + "; ".join(problems))

    def training(self, key: str) -> Training | None:
        """The course ``key``, or None when this methodology has no such course."""
        return next((t for t in self.trainings if t.key == key), None)

    def survey(self, key: str | None) -> Survey | None:
        """The survey ``key``, or None when this methodology has no such survey."""
        return next((s for s in self.surveys if s.key == key), None)

    def screening(self, key: str) -> Screening | None:
        """The screening ``key``, or None when this methodology asks no such check."""
        return next((s for s in self.screenings if s.key == key), None)

    def courses_for(self, role: str) -> tuple[Training, ...]:
        """The courses asked of ``role``: those it needs before it is given (its
        ``needs_training``) and those offered to it besides (``Training.for_roles``)."""
        spec = self.role(role)
        needed = spec.needs_training if spec else ()
        return tuple(t for t in self.trainings if t.key in needed or role in t.for_roles)

    def screenings_for(self, role: str) -> tuple[Screening, ...]:
        """The background checks everyone in ``role`` needs."""
        return tuple(s for s in self.screenings if s.role == role)

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
