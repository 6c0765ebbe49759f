"""The rows of what happened in the circles: three months of meetings with attendance, help
asked and given, development plans, survey answers, audits and the access log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

from kring.tenants.benchseed.plan import (
    ACCESS_ROWS_PER_CIRCLE,
    HELP_PER_CIRCLE,
    HISTORY_DAYS,
    MEMBERS_PER_CIRCLE,
    Seed,
    methodology_of,
)


def write_meetings(seed: Seed) -> None:
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


def write_life(seed: Seed) -> None:
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


def write_access_log(seed: Seed) -> None:
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
