"""What the seed writes, worked out before a row is: the scales, the invented names, each
methodology's circle (``Plan``), the rows per table, and the state the table writers share
(``Seed``).

No clock and no randomness beyond ``today``: the same scale gives the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection

from kring.core.methodology import Methodology
from kring.tenants.benchseed.bulk import Ids, Progress, copy_rows

PASSWORD = "bench-password-2026"
"""Every seeded account's password: the seed is for benchmarks and tests, never production."""

MEMBERS_PER_CIRCLE = 12
NEIGHBOURHOODS_PER_TENANT = 5
HISTORY_DAYS = 91  # three months of meetings
ACCESS_ROWS_PER_CIRCLE = 10
HELP_PER_CIRCLE = 2

FIRST_NAMES = (
    "Anouk", "Bram", "Citlali", "Daan", "Eef", "Fenna", "Gijs", "Hiba", "Ilse", "Joost",
    "Kiki", "Lars", "Mira", "Noor", "Otto", "Pien", "Quinn", "Roos", "Sem", "Tess",
)  # fmt: skip
SURNAMES = (
    "Akkerman", "Bosveld", "Clevering", "Dijkhof", "Esveld", "Flipse", "Groenhout", "Heuvelink",
    "Ittersum", "Jansma", "Kolkman", "Lindeboom", "Mulderij", "Nijhuis", "Oostveen", "Prinsloo",
)  # fmt: skip

# Per methodology: the role whose person signs in as the circle's coach, the volunteer's role,
# a further team role (or None), the phase the seeded circles are in, and the size role fills
# the rest of the twelve.
TEAMS: dict[str, tuple[str, str, str | None, str]] = {
    "buurtcirkel_nl": ("coach", "volunteer", "projectleider", "realisatie"),
    "keyring_uk": ("network_manager", "volunteer", None, "established"),
    "buurtkring_nl": ("project_leader", "volunteer", None, "established"),
    "verbonden_nl": ("professional", "vrijwilliger", None, "actief"),
}
METHODOLOGIES = tuple(TEAMS)

# Tables whose secondary indexes and foreign keys are dropped and made again around the load.
BIG_TABLES = ("person", "circle_member", "meeting", "meeting_attendance", "survey_response")


COLUMNS: dict[str, tuple[str, ...]] = {
    "tenant": ("id", "slug", "name", "kind", "locale", "status", "created_at"),
    "organisation": ("id", "tenant_id", "name", "kind", "created_at"),
    "methodology_enablement": (
        "id",
        "tenant_id",
        "organisation_id",
        "methodology_key",
        "enabled_at",
        "settings",
    ),
    "neighbourhood": ("id", "tenant_id", "name", "postcodes", "created_at"),
    "user_account": (
        "id",
        "email",
        "name",
        "locale",
        "created_at",
        "password_hash",
        "is_platform_admin",
        "is_enabled",
        "session_version",
    ),
    "role_grant": ("id", "tenant_id", "user_id", "role", "created_at"),
    "circle": (
        "id",
        "tenant_id",
        "name",
        "methodology_key",
        "organisation_id",
        "neighbourhood_id",
        "phase",
        "phase_since",
        "created_at",
    ),
    "phase_transition": (
        "id",
        "tenant_id",
        "circle_id",
        "from_phase",
        "to_phase",
        "moved_on",
        "moved_at",
    ),
    "person": ("id", "tenant_id", "name", "postcode", "email", "user_id", "created_at"),
    "circle_member": (
        "id",
        "tenant_id",
        "circle_id",
        "person_id",
        "role",
        "status",
        "joined_on",
        "attributes",
    ),
    "training_record": (
        "id",
        "tenant_id",
        "person_id",
        "training_key",
        "completed_on",
        "recorded_at",
    ),
    "meeting": (
        "id",
        "tenant_id",
        "circle_id",
        "starts_at",
        "minutes",
        "kind",
        "place",
        "created_at",
    ),
    "meeting_attendance": ("id", "tenant_id", "meeting_id", "person_id", "status", "recorded_at"),
    "help_request": (
        "id",
        "tenant_id",
        "circle_id",
        "asked_by_id",
        "what",
        "status",
        "offered_by_id",
        "asked_at",
        "offered_at",
        "done_at",
    ),
    "plan": ("id", "tenant_id", "person_id", "review_on", "created_at", "updated_at"),
    "plan_goal": ("id", "tenant_id", "plan_id", "domain", "title", "status", "created_at"),
    "plan_step": ("id", "tenant_id", "goal_id", "title", "supporter_id", "is_done", "created_at"),
    "survey_response": (
        "id",
        "tenant_id",
        "person_id",
        "circle_id",
        "methodology_key",
        "survey_key",
        "answers",
        "scores",
        "total",
        "occasion",
        "answered_with",
        "taken_on",
        "created_at",
    ),
    "audit": (
        "id",
        "tenant_id",
        "circle_id",
        "methodology_key",
        "period_start",
        "period_end",
        "due_on",
        "status",
        "opened_at",
        "fidelity",
        "submitted_at",
        "reviewed_at",
        "score",
    ),
    "access_log": (
        "id",
        "tenant_id",
        "at",
        "user_id",
        "roles",
        "subject_type",
        "subject_id",
        "action",
        "outcome",
    ),
}
"""The columns each table's rows give, in order."""


@dataclass(frozen=True)
class Scale:
    """How much to write: ``tenants`` tenants of ``circles`` circles of twelve members each."""

    tenants: int
    circles: int
    outbox_rows: int

    @property
    def all_circles(self) -> int:
        return self.tenants * self.circles

    @property
    def people(self) -> int:
        return self.all_circles * MEMBERS_PER_CIRCLE


SCALES: dict[str, Scale] = {
    "national": Scale(tenants=1000, circles=50, outbox_rows=10_000_000),
    "small": Scale(tenants=10, circles=50, outbox_rows=100_000),
    "tiny": Scale(tenants=4, circles=5, outbox_rows=4_000),
}
"""``national`` is the country; ``small`` a quick run; ``tiny`` what the tests seed."""


SLUG_PREFIX = "bench-"
"""Every seeded tenant's slug starts so (``bench-0000``); a database holding one is not fresh."""


def slug_of(tenant: int) -> str:
    """The seeded tenant number ``tenant`` (from 0): ``bench-0000``."""
    return f"{SLUG_PREFIX}{tenant:04d}"


def methodology_of(tenant: int) -> str:
    """The four methodologies spread evenly over the tenants."""
    return METHODOLOGIES[tenant % len(METHODOLOGIES)]


def email_of(tenant: int, who: str, circle: int | None = None) -> str:
    """The address a seeded account signs in with: ``who`` is ``admin`` (the tenant's admin,
    also a project leader who reaches every circle), or ``coach`` or ``volunteer`` of circle
    ``circle`` (from 0) of tenant ``tenant``."""
    local = who if circle is None else f"{who}-{circle:03d}"
    return f"{local}@{slug_of(tenant)}.example.org"


def circle_name(circle: int) -> str:
    """The name of circle ``circle`` (from 0) in its tenant."""
    return f"Kring {circle + 1:03d}"


def person_name(number: int) -> str:
    """An invented name: a first name and a surname from the lists, and the person's number."""
    return (
        f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
        f"{SURNAMES[(number // len(FIRST_NAMES)) % len(SURNAMES)]} {number}"
    )


@dataclass(frozen=True)
class Plan:
    """What one methodology's circles look like, worked out once."""

    key: str
    roles: tuple[str, ...]  # the twelve members' roles: coach, volunteer, [team], size role...
    phase: str
    initial_phase: str
    every_days: int
    meeting_kind: str
    minutes: int
    survey_key: str | None
    survey_roles: tuple[str, ...]
    answers: tuple[tuple[dict[str, str], dict[str, Any], int | None], ...]
    trainings: tuple[str, ...]  # the volunteer's
    audit_criteria: int


def methodology_plans(host: Any) -> dict[str, Plan]:
    found = {}
    for key, (coach, volunteer, team, phase) in TEAMS.items():
        hooks = host.for_methodology(key)
        m: Methodology = hooks.methodology
        roles = (coach, volunteer, *([team] if team else []))
        roles += (m.size_rule.role,) * (MEMBERS_PER_CIRCLE - len(roles))
        survey = next((s for s in m.surveys if s.items), None)
        answers = []
        if survey is not None:
            for variant in range(3):
                given = {
                    item.key: item.answers[(variant + i) % len(item.answers)][0]
                    for i, item in enumerate(survey.items)
                }
                scores = hooks.score_survey(survey.key, given)
                total = scores.get("total")
                if not isinstance(total, int):
                    total = survey.total(given)
                if total is not None:
                    scores["total"] = total
                answers.append((given, scores, total))
        spec = next(r for r in m.roles if r.key == volunteer)
        pattern = m.meetings
        found[key] = Plan(
            key=key,
            roles=roles,
            phase=phase,
            initial_phase=m.initial_phase,
            every_days=pattern.every_days if pattern else 7,
            meeting_kind=pattern.kinds[0] if pattern and pattern.kinds else "meeting",
            minutes=pattern.min_minutes if pattern else 120,
            survey_key=survey.key if survey else None,
            survey_roles=survey.for_roles if survey else (),
            answers=tuple(answers),
            trainings=tuple(spec.needs_training),
            audit_criteria=len(m.audit_criteria),
        )
    return found


@dataclass
class Seed:
    connection: Connection
    scale: Scale
    today: date
    plans: dict[str, Plan]
    ids: Ids
    progress: Progress
    password_hash: str

    @property
    def now(self) -> datetime:
        return datetime.combine(self.today, time(6, 0), UTC)

    def plan(self, tenant: int) -> Plan:
        return self.plans[methodology_of(tenant)]

    def id(self, table: str, n: int) -> int:
        return self.ids.first[table] + n

    def circles(self) -> Iterator[tuple[int, int, int]]:
        """(tenant, circle in tenant, circle overall), in id order."""
        for t in range(self.scale.tenants):
            for c in range(self.scale.circles):
                yield t, c, t * self.scale.circles + c

    def meetings(self, plan: Plan) -> list[datetime]:
        """The meetings of a circle: every ``every_days`` over the last three months, the last
        one coming (so "next meeting" shows), at 19:30 UTC."""
        first = self.today - timedelta(days=HISTORY_DAYS)
        count = math.ceil(HISTORY_DAYS / plan.every_days) + 1
        return [
            datetime.combine(first + timedelta(days=k * plan.every_days), time(18, 30), UTC)
            for k in range(count)
        ]

    def copy(self, table: str, rows: Iterator[tuple[Any, ...]]) -> int:
        """COPY ``rows`` (values of ``COLUMNS[table]``) into ``table``; its bar runs to the
        rows planned for it."""
        return copy_rows(
            self.connection, table, COLUMNS[table], rows, self.progress, self.ids.count[table]
        )


def planned_counts(scale: Scale, host: Any) -> dict[str, int]:
    """The rows ``seed`` writes per table at ``scale`` (the outbox's too)."""
    return {**table_counts(scale, methodology_plans(host)), "outbox_message": scale.outbox_rows}


def table_counts(seed_scale: Scale, plans: dict[str, Plan]) -> dict[str, int]:
    s = seed_scale
    meetings = attendance = surveys = 0
    for t in range(s.tenants):
        plan = plans[methodology_of(t)]
        per = math.ceil(HISTORY_DAYS / plan.every_days) + 1
        meetings += per * s.circles
        attendance += (per - 1) * s.circles * MEMBERS_PER_CIRCLE
        if plan.survey_key:
            surveys += s.circles * sum(r in plan.survey_roles for r in plan.roles)
    trainings = sum(len(plans[methodology_of(t)].trainings) for t in range(s.tenants)) * s.circles
    return {
        "tenant": s.tenants,
        "organisation": s.tenants,
        "methodology_enablement": s.tenants,
        "neighbourhood": s.tenants * NEIGHBOURHOODS_PER_TENANT,
        "user_account": s.tenants + 2 * s.all_circles,
        "role_grant": 2 * s.tenants + 2 * s.all_circles,
        "circle": s.all_circles,
        "phase_transition": 2 * s.all_circles,
        "person": s.people,
        "circle_member": s.people,
        "training_record": trainings,
        "meeting": meetings,
        "meeting_attendance": attendance,
        "help_request": HELP_PER_CIRCLE * s.all_circles,
        "plan": s.all_circles,
        "plan_goal": 2 * s.all_circles,
        "plan_step": 2 * s.all_circles,
        "survey_response": surveys,
        "audit": s.all_circles,
        "access_log": ACCESS_ROWS_PER_CIRCLE * s.all_circles,
    }
