"""Benchmark: the circle pages and API at two data sizes.

Prints, per page, the query count at each size (it must not grow with the data), the p95
response time at each size, and their ratio. Run: ``.venv/bin/python bench/pages.py``.
It builds its own SQLite database in a temporary folder; nothing else is touched.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event

from kring.app import create_app
from kring.core import circles, enablement, people
from kring.core.accounts import Role, RoleGrant, User
from kring.core.tenancy import Organisation, Tenant, TenantKind, TenantStatus, tenant_scope
from kring.extensions import db
from kring.testing.plugin import config_for_tests, migrate

TODAY = date(2026, 3, 2)
SIZES = (5, 50)  # circles, each with 8 members
ROUNDS = 30


def seed(app, slug: str, n_circles: int) -> int:
    with app.app_context():
        tenant = Tenant(
            slug=slug, name=slug, kind=TenantKind.municipality, status=TenantStatus.active
        )
        db.session.add(tenant)
        db.session.flush()
        with tenant_scope(tenant):
            hooks = app.extensions["kring.plugins"].for_methodology("keyring_uk")
            organisation = Organisation(name="Zorg")
            db.session.add(organisation)
            db.session.flush()
            enablement.enable(organisation, "keyring_uk", {"keyring_uk"}, None)
            nbh = people.create_neighbourhood("Wijk", ["1234"], None, None)
            first = None
            for c in range(n_circles):
                circle = circles.create_circle(
                    hooks, organisation, nbh, f"Netwerk {c}", None, TODAY
                )
                first = first or circle.id
                for m in range(8):
                    person = people.create_person(None, name=f"P{c}-{m}", postcode="1234AB")
                    circles.add_member(circle, person, "member", hooks, None, TODAY)
            user = User(email=f"bench@{slug}.example.org", name="Bench")
            user.set_password("bench-password-1")
            db.session.add(user)
            db.session.flush()
            db.session.add(RoleGrant(user_id=user.id, role=Role.tenant_admin))
        db.session.commit()
        return int(first)


def measure(app, client, path: str) -> tuple[int, float]:
    queries = 0

    def count(*_args: object) -> None:
        nonlocal queries
        queries += 1

    with app.app_context():
        engine = db.engine
    client.get(path)  # warm up
    event.listen(engine, "before_cursor_execute", count)
    client.get(path)
    event.remove(engine, "before_cursor_execute", count)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        assert client.get(path).status_code == 200, path
        timings.append(time.perf_counter() - start)
    return queries, statistics.quantiles(timings, n=20)[-1] * 1000


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="kring-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app(
        config_for_tests(
            folder, database_url=url, migration_database_url=url, login_rate_limit="1000 per minute"
        )
    )
    migrate(app)
    results: dict[str, list[tuple[int, float]]] = {}
    for n in SIZES:
        slug = f"bench{n}"
        circle_id = seed(app, slug, n)
        client = app.test_client()
        token_page = client.get(f"/t/{slug}/login").get_data(as_text=True)
        token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post(
            f"/t/{slug}/login",
            data={
                "email": f"bench@{slug}.example.org",
                "password": "bench-password-1",
                "csrf_token": token,
            },
        )
        for name, path in (
            ("circles overview", f"/t/{slug}/circles/"),
            ("circle page", f"/t/{slug}/circles/{circle_id}"),
            ("circle API", f"/t/{slug}/api/v1/circles/{circle_id}"),
            ("people page", f"/t/{slug}/people"),
        ):
            results.setdefault(name, []).append(measure(app, client, path))
    print(f"{'page':<18} {'queries':>16} {'p95 ms':>20} {'p95 ratio':>10}")
    grew = False
    for name, ((q1, t1), (q2, t2)) in results.items():
        print(f"{name:<18} {q1:>7} -> {q2:<7} {t1:>8.1f} -> {t2:<8.1f} {t2 / t1:>9.2f}x")
        grew |= q2 > q1
    if grew:
        print("FAIL: a query count grows with the data", file=sys.stderr)
    return 1 if grew else 0


if __name__ == "__main__":
    raise SystemExit(main())
