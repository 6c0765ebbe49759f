"""What a plugin hands to the core: frozen descriptions of a methodology, no behaviour.

Plugins describe, the core enforces. A methodology plugin returns these dataclasses from its hooks
and the core runs the phase machine, checks circle sizes, writes reminders and opens audits from
them, so a rule is enforced the same way for every methodology. They are frozen so a plugin that
builds on another (Buurtkring on KeyRing) derives its variant with ``dataclasses.replace`` instead
of changing a description the other plugin still uses. Mistakes are refused in ``__post_init__``:
a malformed methodology fails when its plugin loads, not in front of a volunteer.

The descriptions live in parts along their seams: ``words`` (what people read), ``circle`` (roles,
size, phases and what entering them takes), ``life`` (meetings, reminders, the target group and
the safety net), ``quality`` (trainings, outcome instruments, the audit) and ``description``
(``Methodology`` itself). This package names them all again, so a plugin imports from
``kring.core.methodology`` alone.
"""

from kring.core.methodology.circle import (
    AtLeast,
    AttributeKind,
    AttributeSpec,
    HasPlan,
    LeaveReason,
    NotExpired,
    Phase,
    PhaseMove,
    Recorded,
    Requirement,
    RoleSpec,
    Screened,
    SizeRule,
    Trained,
)
from kring.core.methodology.description import Methodology
from kring.core.methodology.instruments import SELF_RELIANCE, self_reliance
from kring.core.methodology.life import (
    DEFAULT_SEVERITIES,
    EscalationLadder,
    MeetingPattern,
    ReminderIntent,
    Severity,
    TargetGroup,
    age_on,
)
from kring.core.methodology.quality import (
    AuditCriterion,
    AuditSchedule,
    Benchmark,
    EvidenceField,
    EvidenceKind,
    Finding,
    ScoreBand,
    Scoring,
    Screening,
    Survey,
    SurveyItem,
    Training,
    add_months,
)
from kring.core.methodology.research import (
    DEFAULT_NEIGHBOURHOOD_CRITERIA,
    MEASURE_WORDS,
    NO_CIRCLE_WORDS,
    Measure,
    NeighbourhoodCriterion,
)
from kring.core.methodology.words import (
    DEFAULT_WORDS,
    FALLBACK_LOCALE,
    NAME_TERM,
    DashboardWidget,
    NavItem,
    Params,
    Phrase,
    Terms,
    Unmet,
)

__all__ = [
    "DEFAULT_NEIGHBOURHOOD_CRITERIA",
    "DEFAULT_SEVERITIES",
    "DEFAULT_WORDS",
    "FALLBACK_LOCALE",
    "MEASURE_WORDS",
    "NAME_TERM",
    "NO_CIRCLE_WORDS",
    "SELF_RELIANCE",
    "AtLeast",
    "AttributeKind",
    "AttributeSpec",
    "AuditCriterion",
    "AuditSchedule",
    "Benchmark",
    "DashboardWidget",
    "EscalationLadder",
    "EvidenceField",
    "EvidenceKind",
    "Finding",
    "HasPlan",
    "LeaveReason",
    "Measure",
    "MeetingPattern",
    "Methodology",
    "NavItem",
    "NeighbourhoodCriterion",
    "NotExpired",
    "Params",
    "Phase",
    "PhaseMove",
    "Phrase",
    "Recorded",
    "ReminderIntent",
    "Requirement",
    "RoleSpec",
    "ScoreBand",
    "Scoring",
    "Screened",
    "Screening",
    "Severity",
    "SizeRule",
    "Survey",
    "SurveyItem",
    "TargetGroup",
    "Terms",
    "Trained",
    "Training",
    "Unmet",
    "add_months",
    "age_on",
    "self_reliance",
]
