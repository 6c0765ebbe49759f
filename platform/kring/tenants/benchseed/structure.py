"""The rows of who is where: tenants with their organisation, methodology and neighbourhoods,
the accounts that sign in with their roles, circles with their phases, people and their
memberships and trainings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

from kring.tenants.benchseed.plan import (
    HISTORY_DAYS,
    MEMBERS_PER_CIRCLE,
    NEIGHBOURHOODS_PER_TENANT,
    Seed,
    circle_name,
    email_of,
    methodology_of,
    person_name,
    slug_of,
)


def write_tenants(seed: Seed) -> None:
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


def write_accounts(seed: Seed) -> None:
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


def write_circles(seed: Seed) -> None:
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


def write_people(seed: Seed) -> None:
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
