"""``kring bench seed``: a whole country's worth of invented tenants on PostgreSQL, in minutes.

Why a seeder of its own: ``kring tenants sync`` goes through the services, a row at a time,
which is right for real tenant files and far too slow for 600,000 members and 10,000,000
outbox rows. Here every table is written with ``COPY`` (rows generated while they stream, never
held in a list), the outbox with one ``INSERT ... SELECT generate_series`` a tenant (the outbox
benchmark's own statement, ``outbox_insert``), all in one transaction as the schema owner.

- **Deterministic**: no clock and no randomness beyond ``today``. Ids are allocated here in
  blocks from each table's sequence (``setval`` afterwards), so two runs on fresh databases
  write the same rows with the same ids.
- **Fast**: the large tables' secondary indexes and foreign keys are dropped inside the
  transaction and made again after their rows are in (one index build and one join to check a
  key are far cheaper than millions of single updates). They come back with the very
  definitions PostgreSQL printed for them, and a failure rolls the whole seed back, so the
  schema never stays without them.
- **Row-level security** is forced on the owner too, and PostgreSQL refuses ``COPY FROM`` into
  a table whose policies apply to the writer: the transaction lifts ``FORCE`` while it writes
  and sets it again before it commits (``_unforce``), so no other session ever sees it lifted.
- **Pages render real data**: every tenant is active with one organisation and one of the four
  methodologies (spread evenly), neighbourhoods, circles in their established phase with the
  methodology's own roles, a coach and a volunteer who sign in, meetings of the last three
  months in the methodology's rhythm with attendance, help asked and given, development plans,
  survey answers scored by the methodology, audits, access-log rows and outbox rows; the
  trainer's facts are written by the trainer's own refresh afterwards (``kring bench seed``).

Names are invented: a first name and a surname from short fixed lists and a number.
"""

from __future__ import annotations

import json
import math
import typing
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    String,
    Table,
    case,
    cast,
    func,
    literal,
    null,
    select,
    text,
)
from sqlalchemy.sql import Insert

from kring.core.methodology import Methodology

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


class SeedError(Exception):
    """The seed cannot run here (SQLite, or tenants of an earlier seed are in the way)."""


Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]
"""``progress(label, length)`` gives a context whose value advances the bar by n."""


def _no_progress(_label: str, _length: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda _n: None)


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


def outbox_insert(
    tenant_id: int,
    rows: int,
    now: Any = None,
    key_prefix: str = "big",
    failed_every: int = 0,
) -> Insert:
    """``INSERT ... SELECT generate_series`` of ``rows`` e-mails in one tenant: 99% sent over
    the past year, 1% pending, of which half fell due in the past day and half falls due in the
    next; with ``failed_every``, every so many rows failed instead of sent. ``now`` (the
    database's clock when None) makes it repeatable. The outbox benchmark and the seed share it,
    so the 10,000,000 rows both measure are the same kind of rows."""
    from kring.notify.models import OutboxMessage

    series = func.generate_series(1, rows).table_valued("value").render_derived(name="g")
    n = series.c.value
    now = func.now() if now is None else literal(now)
    is_pending = n % 100 == 0
    is_failed = (n % failed_every == failed_every // 2 + 1) if failed_every else literal(False)
    days_ago = now - (n % 365) * literal(timedelta(days=1))
    soon = now + (n.op("/")(100) % 200 - 100) * literal(timedelta(seconds=864))
    due = case((is_pending, soon), else_=days_ago)
    values = {
        "tenant_id": literal(tenant_id),
        "idempotency_key": literal(f"{key_prefix}:") + cast(n, String),
        "kind": literal("meeting_reminder"),
        "channel": literal("email"),
        "recipient": literal("p") + cast(n, String) + literal("@example.org"),
        "locale": literal("nl"),
        "subject": literal("Herinnering"),
        "body": literal("Morgen om 10:00 komt de kring bij elkaar."),
        "is_digest": literal(False),
        "is_copy": literal(False),
        "due_at": due,
        "sent_at": case((is_pending | is_failed, null()), else_=days_ago),
        "failed_at": case((is_failed & ~is_pending, days_ago), else_=null()),
        "attempts": case((is_failed & ~is_pending, literal(5)), else_=literal(0)),
        "created_at": days_ago,
    }
    table = typing.cast(Table, OutboxMessage.__table__)
    return table.insert().from_select(list(values), select(*values.values()).select_from(series))


# --- writing --------------------------------------------------------------------------------


def _value(value: Any) -> str:
    """One field of COPY's text format; the seed writes no tab, newline or backslash."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _line(values: tuple[Any, ...]) -> str:
    return "\t".join(map(_value, values)) + "\n"


@dataclass
class Ids:
    """Blocks of ids taken from the tables' sequences, given back with ``setval`` at the end."""

    first: dict[str, int]
    count: dict[str, int]

    @classmethod
    def allocate(cls, connection: Connection, counts: dict[str, int]) -> Ids:
        first = {}
        for table, count in counts.items():
            sequence = f"{table}_id_seq"
            start = connection.execute(text(f"SELECT nextval('{sequence}')")).scalar_one()
            if count:
                connection.execute(
                    text(f"SELECT setval('{sequence}', {start + count - 1})"),
                )
            first[table] = int(start)
        return cls(first, dict(counts))


def _copy(
    connection: Connection,
    table: str,
    columns: tuple[str, ...],
    rows: Iterator[tuple[Any, ...]],
    progress: Progress,
    length: int,
) -> int:
    """Stream ``rows`` into ``table`` with COPY in chunks of about a megabyte."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    written = 0
    with (
        progress(table, length) as advance,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        chunk: list[str] = []
        size = 0
        for row in rows:
            line = _line(row)
            chunk.append(line)
            size += len(line)
            if size > 1 << 20:
                copy.write("".join(chunk))
                advance(len(chunk))
                written += len(chunk)
                chunk, size = [], 0
        if chunk:
            copy.write("".join(chunk))
            advance(len(chunk))
            written += len(chunk)
    return written


@dataclass(frozen=True)
class _Saved:
    """What was set aside of the large tables, as PostgreSQL prints it: primary keys and unique
    constraints (only of tables no foreign key points at), the other indexes, the foreign keys."""

    constraints: list[tuple[str, str, str]]
    indexes: list[tuple[str, str]]
    foreign_keys: list[tuple[str, str, str]]


def _set_aside(connection: Connection, tables: tuple[str, ...]) -> _Saved:
    """Drop the indexes and foreign keys of ``tables``, and the primary and unique keys of
    those nothing refers to; what to make again is returned (``_restore``)."""
    constraints: list[tuple[str, str, str]] = []
    indexes: list[tuple[str, str]] = []
    keys: list[tuple[str, str, str]] = []
    for table in tables:
        referenced = connection.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_constraint "
                "WHERE contype = 'f' AND confrelid = CAST(:t AS regclass))"
            ),
            {"t": table},
        ).scalar_one()
        kinds = "'f'" if referenced else "'f', 'p', 'u'"
        found = connection.execute(
            text(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                f"WHERE conrelid = CAST(:t AS regclass) AND contype IN ({kinds}) "
                "ORDER BY contype DESC, conname"
            ),
            {"t": table},
        ).all()
        table_indexes = connection.execute(
            text(
                "SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = CAST(:t AS regclass) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                "ORDER BY i.relname"
            ),
            {"t": table},
        ).all()
        for name, kind, definition in found:
            connection.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
            (keys if kind == "f" else constraints).append((table, name, definition))
        for name, definition in table_indexes:
            connection.execute(text(f"DROP INDEX {name}"))
            indexes.append((name, definition))
    return _Saved(constraints, indexes, keys)


def _unforce(connection: Connection) -> list[str]:
    """Let the owner write past row-level security for this transaction: PostgreSQL refuses
    ``COPY FROM`` into a table whose policies apply to the writer, and ``FORCE`` makes them apply
    to the owner too. Returns the tables to ``FORCE`` again (``_reforce``) before the commit."""
    forced = list(
        connection.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relforcerowsecurity ORDER BY 1"
            )
        ).scalars()
    )
    for table in forced:
        connection.execute(text(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY"))
    return forced


def _reforce(connection: Connection, tables: list[str]) -> None:
    for table in tables:
        connection.execute(text(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"))


def _restore(connection: Connection, saved: _Saved, progress: Progress, label: str) -> None:
    """Make everything set aside again: keys first (their indexes), then the other indexes,
    then the foreign keys, each checked against the rows as it is made."""
    steps = [
        *(
            text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            for table, name, definition in saved.constraints
        ),
        *(text(definition) for _name, definition in saved.indexes),
        *(
            text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            for table, name, definition in saved.foreign_keys
        ),
    ]
    with progress(label, len(steps)) as advance:
        for step in steps:
            connection.execute(step)
            advance(1)


# --- the rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
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


def _plans(host: Any) -> dict[str, _Plan]:
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
        found[key] = _Plan(
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
class _Seed:
    connection: Connection
    scale: Scale
    today: date
    plans: dict[str, _Plan]
    ids: Ids
    progress: Progress
    password_hash: str

    @property
    def now(self) -> datetime:
        return datetime.combine(self.today, time(6, 0), UTC)

    def plan(self, tenant: int) -> _Plan:
        return self.plans[methodology_of(tenant)]

    def id(self, table: str, n: int) -> int:
        return self.ids.first[table] + n

    def circles(self) -> Iterator[tuple[int, int, int]]:
        """(tenant, circle in tenant, circle overall), in id order."""
        for t in range(self.scale.tenants):
            for c in range(self.scale.circles):
                yield t, c, t * self.scale.circles + c

    def meetings(self, plan: _Plan) -> list[datetime]:
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
        return _copy(
            self.connection, table, COLUMNS[table], rows, self.progress, self.ids.count[table]
        )


def planned_counts(scale: Scale, host: Any) -> dict[str, int]:
    """The rows ``seed`` writes per table at ``scale`` (the outbox's too)."""
    return {**_counts(scale, _plans(host)), "outbox_message": scale.outbox_rows}


def _counts(seed_scale: Scale, plans: dict[str, _Plan]) -> dict[str, int]:
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


def _write_tenants(seed: _Seed) -> None:
    s, now = seed.scale, seed.now
    per_tenant: dict[str, Callable[[int], tuple[Any, ...]]] = {
        "tenant": lambda t: (
            seed.id("tenant", t),
            slug_of(t),
            f"Gemeente Proef {t:04d}",
            "municipality",
            "en" if methodology_of(t) == "keyring_uk" else "nl",
            "active",
            now,
        ),
        "organisation": lambda t: (
            seed.id("organisation", t),
            seed.id("tenant", t),
            f"Welzijn Proef {t:04d}",
            "welfare",
            now,
        ),
        "methodology_enablement": lambda t: (
            seed.id("methodology_enablement", t),
            seed.id("tenant", t),
            seed.id("organisation", t),
            methodology_of(t),
            now,
            {},
        ),
    }
    for table, row in per_tenant.items():
        seed.copy(table, map(row, range(s.tenants)))
    seed.copy(
        "neighbourhood",
        (
            (
                seed.id("neighbourhood", t * NEIGHBOURHOODS_PER_TENANT + k),
                seed.id("tenant", t),
                f"Wijk {k + 1}",
                [_postcode_area(t, k)],
                now,
            )
            for t in range(s.tenants)
            for k in range(NEIGHBOURHOODS_PER_TENANT)
        ),
    )


def _postcode_area(tenant: int, neighbourhood: int) -> str:
    """A UK outward code for KeyRing's tenants ("KA10"), a Dutch four-digit area elsewhere."""
    if methodology_of(tenant) == "keyring_uk":
        return f"K{chr(65 + neighbourhood)}{10 + tenant % 90}"
    return str(1000 + (tenant * NEIGHBOURHOODS_PER_TENANT + neighbourhood) % 9000)


def _postcode(tenant: int, neighbourhood: int, number: int) -> str:
    area = _postcode_area(tenant, neighbourhood)
    if methodology_of(tenant) == "keyring_uk":
        return f"{area} {number % 10}AB"
    return f"{area} AB"


def _write_accounts(seed: _Seed) -> None:
    """The tenant's admin, and per circle a coach and a volunteer who sign in."""
    s, now = seed.scale, seed.now
    T = s.tenants

    def users() -> Iterator[tuple[Any, ...]]:
        for t in range(T):
            locale = "en" if methodology_of(t) == "keyring_uk" else "nl"
            yield (
                seed.id("user_account", t),
                email_of(t, "admin"),
                f"Beheer Proef {t}",
                locale,
                now,
            )
        for t, c, g in seed.circles():
            locale = "en" if methodology_of(t) == "keyring_uk" else "nl"
            base = g * MEMBERS_PER_CIRCLE
            yield (
                seed.id("user_account", T + 2 * g),
                email_of(t, "coach", c),
                person_name(base),
                locale,
                now,
            )
            yield (
                seed.id("user_account", T + 2 * g + 1),
                email_of(t, "volunteer", c),
                person_name(base + 1),
                locale,
                now,
            )

    hashed = seed.password_hash
    seed.copy("user_account", ((*row, hashed, False, True, 0) for row in users()))

    def grants() -> Iterator[tuple[Any, ...]]:
        for t in range(T):
            tenant_id = seed.id("tenant", t)
            for k, role in enumerate(("tenant_admin", "project_leader")):
                yield (
                    seed.id("role_grant", 2 * t + k),
                    tenant_id,
                    seed.id("user_account", t),
                    role,
                    now,
                )
        for t, _c, g in seed.circles():
            tenant_id = seed.id("tenant", t)
            for k, role in enumerate(("coach", "volunteer")):
                yield (
                    seed.id("role_grant", 2 * T + 2 * g + k),
                    tenant_id,
                    seed.id("user_account", T + 2 * g + k),
                    role,
                    now,
                )

    seed.copy("role_grant", grants())


def _write_circles(seed: _Seed) -> None:
    now, today = seed.now, seed.today
    started = today - timedelta(days=HISTORY_DAYS + 60)
    established = today - timedelta(days=HISTORY_DAYS + 30)
    seed.copy(
        "circle",
        (
            (
                seed.id("circle", g),
                seed.id("tenant", t),
                circle_name(c),
                methodology_of(t),
                seed.id("organisation", t),
                seed.id(
                    "neighbourhood", t * NEIGHBOURHOODS_PER_TENANT + c % NEIGHBOURHOODS_PER_TENANT
                ),
                seed.plan(t).phase,
                established,
                now,
            )
            for t, c, g in seed.circles()
        ),
    )

    def transitions() -> Iterator[tuple[Any, ...]]:
        for t, _c, g in seed.circles():
            plan = seed.plan(t)
            circle, tenant_id = seed.id("circle", g), seed.id("tenant", t)
            steps = (
                (None, plan.initial_phase, started),
                (plan.initial_phase, plan.phase, established),
            )
            for k, (before, after, on) in enumerate(steps):
                yield (
                    seed.id("phase_transition", 2 * g + k),
                    tenant_id,
                    circle,
                    before,
                    after,
                    on,
                    datetime.combine(on, time(9, 0), UTC),
                )

    seed.copy("phase_transition", transitions())


def _write_people(seed: _Seed) -> None:
    s, now = seed.scale, seed.now
    T = s.tenants
    joined = seed.today - timedelta(days=HISTORY_DAYS + 45)

    def people() -> Iterator[tuple[Any, ...]]:
        for t, c, g in seed.circles():
            tenant_id = seed.id("tenant", t)
            for i in range(MEMBERS_PER_CIRCLE):
                n = g * MEMBERS_PER_CIRCLE + i
                user = seed.id("user_account", T + 2 * g + i) if i < 2 else None
                yield (
                    seed.id("person", n),
                    tenant_id,
                    person_name(n),
                    _postcode(t, c % NEIGHBOURHOODS_PER_TENANT, n),
                    f"bewoner{n}@example.org",
                    user,
                    now,
                )

    seed.copy("person", people())

    def members() -> Iterator[tuple[Any, ...]]:
        for t, _c, g in seed.circles():
            tenant_id, circle = seed.id("tenant", t), seed.id("circle", g)
            for i, role in enumerate(seed.plan(t).roles):
                n = g * MEMBERS_PER_CIRCLE + i
                yield (
                    seed.id("circle_member", n),
                    tenant_id,
                    circle,
                    seed.id("person", n),
                    role,
                    "active",
                    joined,
                    {},
                )

    seed.copy("circle_member", members())

    def trainings() -> Iterator[tuple[Any, ...]]:
        k = 0
        for t, _c, g in seed.circles():
            for key in seed.plan(t).trainings:
                yield (
                    seed.id("training_record", k),
                    seed.id("tenant", t),
                    seed.id("person", g * MEMBERS_PER_CIRCLE + 1),
                    key,
                    joined,
                    now,
                )
                k += 1

    seed.copy("training_record", trainings())


def _write_meetings(seed: _Seed) -> None:
    now = seed.now
    statuses = ("present", "present", "present", "present", "absent_with_notice", "absent")

    def meetings() -> Iterator[tuple[Any, ...]]:
        k = 0
        for t, _c, g in seed.circles():
            plan = seed.plan(t)
            for starts in seed.meetings(plan):
                yield (
                    seed.id("meeting", k),
                    seed.id("tenant", t),
                    seed.id("circle", g),
                    starts,
                    plan.minutes,
                    plan.meeting_kind,
                    "Buurthuis",
                    now,
                )
                k += 1

    seed.copy("meeting", meetings())

    def attendance() -> Iterator[tuple[Any, ...]]:
        k = meeting = 0
        for t, _c, g in seed.circles():
            tenant_id = seed.id("tenant", t)
            dates = seed.meetings(seed.plan(t))
            for number, starts in enumerate(dates):
                if number < len(dates) - 1:  # the coming one has no attendance yet
                    recorded = starts + timedelta(hours=3)
                    for i in range(MEMBERS_PER_CIRCLE):
                        status = statuses[(g + number + i) % len(statuses)]
                        yield (
                            seed.id("meeting_attendance", k),
                            tenant_id,
                            seed.id("meeting", meeting),
                            seed.id("person", g * MEMBERS_PER_CIRCLE + i),
                            status,
                            recorded,
                        )
                        k += 1
                meeting += 1

    seed.copy("meeting_attendance", attendance())


def _write_life(seed: _Seed) -> None:
    """Help asked and given, development plans, survey answers, audits."""
    now, today = seed.now, seed.today
    asks = (
        ("Boodschappen doen", "done"),
        ("Samen naar de huisarts", "offered"),
        ("Lamp ophangen", "open"),
    )

    def help_requests() -> Iterator[tuple[Any, ...]]:
        for t, _c, g in seed.circles():
            tenant_id, circle = seed.id("tenant", t), seed.id("circle", g)
            for k in range(HELP_PER_CIRCLE):
                what, status = asks[(g + k) % len(asks)]
                asked = now - timedelta(days=7 * (k + 1))
                asker = seed.id("person", g * MEMBERS_PER_CIRCLE + 3 + k)
                helper = (
                    seed.id("person", g * MEMBERS_PER_CIRCLE + 5 + k) if status != "open" else None
                )
                yield (
                    seed.id("help_request", HELP_PER_CIRCLE * g + k),
                    tenant_id,
                    circle,
                    asker,
                    what,
                    status,
                    helper,
                    asked,
                    asked + timedelta(days=1) if helper else None,
                    asked + timedelta(days=3) if status == "done" else None,
                )

    seed.copy("help_request", help_requests())

    # One development plan a circle, of its first size-role member, two goals of one step each.
    seed.copy(
        "plan",
        (
            (
                seed.id("plan", g),
                seed.id("tenant", t),
                seed.id("person", g * MEMBERS_PER_CIRCLE + MEMBERS_PER_CIRCLE - 1),
                today + timedelta(days=30 + g % 60),
                now,
                now,
            )
            for t, _c, g in seed.circles()
        ),
    )
    goals = (("social", "Vaker iemand spreken"), ("living", "Het huis op orde"))
    seed.copy(
        "plan_goal",
        (
            (
                seed.id("plan_goal", 2 * g + k),
                seed.id("tenant", t),
                seed.id("plan", g),
                domain,
                title,
                "working",
                now,
            )
            for t, _c, g in seed.circles()
            for k, (domain, title) in enumerate(goals)
        ),
    )
    seed.copy(
        "plan_step",
        (
            (
                seed.id("plan_step", 2 * g + k),
                seed.id("tenant", t),
                seed.id("plan_goal", 2 * g + k),
                "Een eerste stap zetten",
                seed.id("person", g * MEMBERS_PER_CIRCLE + 1),
                k == 0,
                now,
            )
            for t, _c, g in seed.circles()
            for k in range(2)
        ),
    )

    def surveys() -> Iterator[tuple[Any, ...]]:
        k = 0
        taken = today - timedelta(days=HISTORY_DAYS + 30)
        for t, _c, g in seed.circles():
            plan = seed.plan(t)
            if not plan.survey_key:
                continue
            for i, role in enumerate(plan.roles):
                if role not in plan.survey_roles:
                    continue
                answers, scores, total = plan.answers[(g + i) % len(plan.answers)]
                yield (
                    seed.id("survey_response", k),
                    seed.id("tenant", t),
                    seed.id("person", g * MEMBERS_PER_CIRCLE + i),
                    seed.id("circle", g),
                    plan.key,
                    plan.survey_key,
                    answers,
                    scores,
                    total,
                    "intake",
                    "coach",
                    taken,
                    now,
                )
                k += 1

    seed.copy("survey_response", surveys())

    statuses = ("reviewed", "submitted", "open")

    def audits() -> Iterator[tuple[Any, ...]]:
        end = today - timedelta(days=1)
        start = end - timedelta(days=365)
        for t, _c, g in seed.circles():
            status = statuses[g % len(statuses)]
            opened = now - timedelta(days=40)
            submitted = opened + timedelta(days=20) if status != "open" else None
            reviewed = submitted + timedelta(days=5) if status == "reviewed" and submitted else None
            score = 60 + g % 40 if status != "open" else None
            yield (
                seed.id("audit", g),
                seed.id("tenant", t),
                seed.id("circle", g),
                methodology_of(t),
                start,
                end,
                today + timedelta(days=14),
                status,
                opened,
                score,
                submitted,
                reviewed,
                score if reviewed else None,
            )

    seed.copy("audit", audits())


def _write_access_log(seed: _Seed) -> None:
    """Reads of members' records by their coach, this month (its partition exists)."""
    s = seed.scale
    T = s.tenants
    month = seed.today.replace(day=1)
    hours = max(
        int((seed.now - datetime.combine(month, time(0, 0), UTC)).total_seconds() // 3600), 1
    )

    def rows() -> Iterator[tuple[Any, ...]]:
        for t, _c, g in seed.circles():
            tenant_id = seed.id("tenant", t)
            for k in range(ACCESS_ROWS_PER_CIRCLE):
                at = datetime.combine(month, time(0, 0), UTC) + timedelta(
                    hours=(g + k) % hours, minutes=k
                )
                yield (
                    seed.id("access_log", ACCESS_ROWS_PER_CIRCLE * g + k),
                    tenant_id,
                    at,
                    seed.id("user_account", T + 2 * g),
                    "coach",
                    "person",
                    seed.id("person", g * MEMBERS_PER_CIRCLE + 2 + k % (MEMBERS_PER_CIRCLE - 2)),
                    "people.show",
                    "allowed",
                )

    seed.copy("access_log", rows())


def seed_outbox(
    connection: Connection, scale: Scale, today: date, progress: Progress = _no_progress
) -> int:
    """The outbox of the seeded tenants through ``outbox_insert``, a tenant at a time, one row
    in a thousand failed: in a transaction of its own (the caller commits), so that it can run
    beside the trainer's refresh, which reads the other tables. Returns the rows written."""
    _prepare(connection)
    tenants = list(
        connection.execute(
            text("SELECT id FROM tenant WHERE slug LIKE :prefix ORDER BY slug"),
            {"prefix": f"{SLUG_PREFIX}%"},
        ).scalars()
    )
    if len(tenants) != scale.tenants:
        raise SeedError(f"expected {scale.tenants} seeded tenants, found {len(tenants)}")
    now = datetime.combine(today, time(6, 0), UTC)
    saved = _set_aside(connection, ("outbox_message",))
    per_tenant = scale.outbox_rows // scale.tenants
    with progress("outbox_message", scale.outbox_rows) as advance:
        for t, tenant_id in enumerate(tenants):
            rows = per_tenant + (scale.outbox_rows % scale.tenants if t == scale.tenants - 1 else 0)
            connection.execute(
                outbox_insert(tenant_id, rows, now=now, key_prefix="seed", failed_every=1000)
            )
            advance(rows)
    _restore(connection, saved, progress, "outbox keys")
    return scale.outbox_rows


def _prepare(connection: Connection) -> None:
    """The session of a bulk load: no wait for the disk at commit, room to build indexes, and
    system mode, which the tables' policies let see and write every tenant's rows."""
    if connection.dialect.name != "postgresql":
        raise SeedError(
            "kring bench seed writes with PostgreSQL's COPY and needs PostgreSQL: "
            "set KRING_DATABASE_URL and KRING_MIGRATION_DATABASE_URL to a PostgreSQL database"
        )
    connection.execute(text("SET LOCAL synchronous_commit = off"))
    connection.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    connection.execute(text("SELECT set_config('kring.system', 'on', true)"))


def seed(
    connection: Connection,
    host: Any,
    scale: Scale,
    today: date,
    progress: Progress = _no_progress,
    app_role: str | None = None,
) -> dict[str, int]:
    """Write ``scale`` but its outbox (``seed_outbox``) into the database of ``connection``
    (the schema owner, in a transaction the caller commits). ``app_role`` is granted a new
    access-log partition, should one be missing. Returns the rows written per table."""
    from kring.core.accounts import User
    from kring.migrations import partitions

    _prepare(connection)
    taken = connection.execute(
        text("SELECT count(*) FROM tenant WHERE slug LIKE :prefix"), {"prefix": f"{SLUG_PREFIX}%"}
    ).scalar_one()
    if taken:
        raise SeedError("this database already holds seeded tenants (bench-...): seed a fresh one")
    partitions.ensure(connection, today, app_role)
    plans = _plans(host)
    counts = _counts(scale, plans)
    ids = Ids.allocate(connection, counts)
    account = User(email="", name="")
    account.set_password(PASSWORD)  # hashed once: every seeded account shares the password
    state = _Seed(connection, scale, today, plans, ids, progress, account.password_hash or "")
    saved = _set_aside(connection, BIG_TABLES)
    forced = _unforce(connection)
    _write_tenants(state)
    _write_accounts(state)
    _write_circles(state)
    _write_people(state)
    _write_meetings(state)
    _write_life(state)
    _write_access_log(state)
    _reforce(connection, forced)
    _restore(connection, saved, progress, "indexes and keys")
    return counts
