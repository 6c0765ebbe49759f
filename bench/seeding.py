"""Seed the benchmark tenants through Kring's command line, never through its Python internals.

The bench writes ordinary tenant files (the format of ``tenants/*.yaml``) and hands them to
``kring db upgrade`` and ``kring tenants sync``: those commands are the product's stable
interface, while the modules behind them are being moved around.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

METHODOLOGY = "keyring_uk"
ORGANISATION = "Bench Community Living"
MEMBERS_PER_CIRCLE = 8  # 1 network manager, 1 volunteer, 6 members: KeyRing's start minimum
CIRCLES_PER_NEIGHBOURHOOD = 10
ADMIN_PASSWORD = "bench-password-2026"
# Dates the methodology's rules accept whatever day the bench runs on.
TRAINED_ON = "2025-01-06"
DBS_CHECKED_ON = "2025-01-15"


LOGINS = ("admin", "volunteer", "coach")
"""The tenant's logins: its admin, and the volunteer and the network manager (a coach) of the
first circle, so that their homes are measured with the circle they work in."""


@dataclass(frozen=True)
class Tenant:
    """One seeded tenant: what the bench needs to sign in and to find its pages."""

    size: int
    slug: str
    admin_email: str
    admin_password: str = ADMIN_PASSWORD

    def email(self, who: str) -> str:
        """The e-mail address of one of ``LOGINS``."""
        return self.admin_email if who == "admin" else login_email(who, self.slug)


@dataclass(frozen=True)
class Databases:
    """Where Kring's data lives: the app role (row-level security applies), the schema owner,
    and Redis. The same three URLs serve seeding, the servers and the query count."""

    app_url: str
    owner_url: str
    redis_url: str

    @classmethod
    def from_env(cls) -> Databases:
        """Read the variables ``scripts/test-services.sh`` exports, or explain how to get them."""
        names = (
            "KRING_TEST_DATABASE_URL",
            "KRING_TEST_MIGRATION_DATABASE_URL",
            "KRING_TEST_REDIS_URL",
        )
        missing = [name for name in names if not os.environ.get(name)]
        if missing:
            raise SystemExit(
                f"bench: {', '.join(missing)} not set. Run it with throwaway servers:\n"
                "  bash scripts/test-services.sh .venv/bin/python bench/run.py"
            )
        app_url, owner_url, redis_url = (os.environ[name] for name in names)
        if not app_url.startswith("postgresql"):
            raise SystemExit("bench: KRING_TEST_DATABASE_URL must point at PostgreSQL")
        return cls(app_url, owner_url, redis_url)


def kring_env(databases: Databases, **settings: str) -> dict[str, str]:
    """The environment of a Kring process: this process's, minus every ``KRING_*`` variable
    (Kring refuses unknown ones), plus the app role, the owner, Redis and ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KRING_")}
    env.update(
        KRING_DATABASE_URL=databases.app_url,
        KRING_MIGRATION_DATABASE_URL=databases.owner_url,
        KRING_REDIS_URL=databases.redis_url,
    )
    env.update({f"KRING_{name.upper()}": value for name, value in settings.items()})
    return env


def kring(args: list[str], env: dict[str, str]) -> float:
    """Run the ``kring`` command next to this Python and return its wall time in seconds;
    on failure show its output, since that is where the reason is."""
    command = [str(Path(sys.executable).parent / "kring"), *args]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"bench: `kring {' '.join(args)}` failed ({done.returncode}):\n"
            f"{done.stdout}{done.stderr}"
        )
    return elapsed


def migrate(databases: Databases, instance: Path) -> float:
    """Bring the schema to head. The app URL is the app role, not the owner: migrations run as
    the owner anyway, and only when the two differ do they grant the app role its rights."""
    return kring(["db", "upgrade"], kring_env(databases, instance_path=str(instance)))


def country(databases: Databases, instance: Path, scale: str) -> float:
    """Fill the database with ``kring bench seed --scale <scale>`` (``national``: 1,000 tenants,
    50,000 circles, 10,000,000 outbox rows), so the pages are measured beside a country's data;
    returns its wall time. Run before the bench tenants are synced: the seed wants a fresh
    database, and its tenants (``bench-0000`` ...) never share a slug with theirs."""
    took = kring(
        ["bench", "seed", "--scale", scale], kring_env(databases, instance_path=str(instance))
    )
    settle(databases)
    return took


def tenant_document(slug: str, size: int) -> dict[str, Any]:
    """A tenant file with ``size`` invented people in circles of eight, all established.

    Every circle has its own network manager, one trained volunteer and six members, all
    living in the circle's neighbourhood, so KeyRing's rules accept it.
    """
    if size % MEMBERS_PER_CIRCLE:
        raise ValueError(f"size must be a multiple of {MEMBERS_PER_CIRCLE}")
    n_circles = size // MEMBERS_PER_CIRCLE
    n_neighbourhoods = -(-n_circles // CIRCLES_PER_NEIGHBOURHOOD)
    people, circles = [], []
    for c in range(n_circles):
        prefix = _postcode_prefix(c // CIRCLES_PER_NEIGHBOURHOOD)
        names = [person_name(c * MEMBERS_PER_CIRCLE + i + 1) for i in range(MEMBERS_PER_CIRCLE)]
        for i, name in enumerate(names):
            people.append(_person(name, f"{prefix} {i}AB", is_volunteer=i == 1))
        circles.append(_circle(circle_name(c + 1), c // CIRCLES_PER_NEIGHBOURHOOD, names))
    return {
        "slug": slug,
        "name": f"Bench {size}",
        "kind": "municipality",
        "locale": "en",
        "status": "active",
        "organisations": [{"name": ORGANISATION, "kind": "care", "methodologies": [METHODOLOGY]}],
        "users": [
            {
                "email": admin_email(slug),
                "name": "Bench Admin",
                "password": ADMIN_PASSWORD,
                "locale": "en",
                "roles": ["tenant_admin", "project_leader"],  # reaches every record
            },
            _login("volunteer", slug, person_name(2)),  # the first circle's volunteer
            _login("coach", slug, person_name(1)),  # and its network manager
        ],
        "neighbourhoods": [
            {"name": neighbourhood_name(k), "postcodes": [_postcode_prefix(k)]}
            for k in range(n_neighbourhoods)
        ],
        "people": people,
        "circles": circles,
    }


def person_name(number: int) -> str:
    return f"Bewoner {number:04d}"


def circle_name(number: int) -> str:
    return f"Netwerk {number:03d}"


def neighbourhood_name(index: int) -> str:
    return f"Wijk {index + 1:02d}"


def admin_email(slug: str) -> str:
    return f"admin@{slug}.example.org"


def login_email(who: str, slug: str) -> str:
    return f"{who}@{slug}.example.org"


def _login(role: str, slug: str, person: str) -> dict[str, Any]:
    """A login that is one of the tenant's people, in the organisation of the circles."""
    return {
        "email": login_email(role, slug),
        "name": person,
        "person": person,
        "password": ADMIN_PASSWORD,
        "locale": "en",
        "organisation": ORGANISATION,
        "roles": [role],
    }


def _postcode_prefix(neighbourhood: int) -> str:
    """A UK outward code of its own per neighbourhood ("KA10", "KA11", ... "KB10"), so that
    every person's "KA10 3AB" is a whole postcode the forms accept."""
    return f"K{chr(65 + neighbourhood // 90)}{10 + neighbourhood % 90}"


def _person(name: str, postcode: str, is_volunteer: bool) -> dict[str, Any]:
    person: dict[str, Any] = {"name": name, "postcode": postcode}
    if is_volunteer:
        person["trainings"] = [
            {"training": "volunteer_induction", "completed_on": TRAINED_ON},
            {"training": "safeguarding_adults", "completed_on": TRAINED_ON},
        ]
        person["screenings"] = [{"screening": "dbs_check", "issued_on": DBS_CHECKED_ON}]
    return person


def _circle(name: str, neighbourhood: int, members: list[str]) -> dict[str, Any]:
    manager, volunteer, *residents = members
    return {
        "name": name,
        "methodology": METHODOLOGY,
        "organisation": ORGANISATION,
        "neighbourhood": neighbourhood_name(neighbourhood),
        "members": [
            {"person": manager, "role": "network_manager"},
            {
                "person": volunteer,
                "role": "volunteer",
                "attributes": {"housing_provided": "yes", "hours_per_week": 12},
            },
            *({"person": resident, "role": "member"} for resident in residents),
        ],
        "phases": ["recruiting", "established"],
    }


def sync_tenant(databases: Databases, folder: Path, size: int) -> tuple[Tenant, float]:
    """Write one tenant file in a folder of its own and sync it, so each size is timed alone.
    Development mode, because tenant files may carry passwords only outside production. Then
    the planner's statistics (``settle``), which the sync's time does not include."""
    slug = f"bench{size}"
    directory = folder / slug
    directory.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(tenant_document(slug, size), sort_keys=False, allow_unicode=True)
    (directory / f"{slug}.yaml").write_text(text, encoding="utf-8")
    env = kring_env(databases, env="development", instance_path=str(folder / "instance"))
    seconds = kring(["tenants", "sync", str(directory)], env)
    settle(databases)
    return Tenant(size=size, slug=slug, admin_email=admin_email(slug)), seconds


def settle(databases: Databases) -> None:
    """``ANALYZE`` the database, as autovacuum does a minute after a table fills up. Measured
    before then, PostgreSQL plans freshly written tables as if they were empty: nested loops
    that touch every row of a tenant once per row (seconds, not milliseconds, for one panel),
    which a running Kring never sees. A maintenance command of the schema owner; no data."""
    from sqlalchemy import create_engine

    owner = create_engine(databases.owner_url, isolation_level="AUTOCOMMIT")
    try:
        with owner.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    finally:
        owner.dispose()
