"""Where a page's time goes: pyinstrument over many requests of one page, served in this process.

Run: ``bash scripts/test-services.sh .venv/bin/python bench/profile.py --page "circle page"``.
It seeds the small bench tenant (240 people) with ``kring tenants sync``, signs in as its admin
through a real Gunicorn server (as ``run.py`` does), then serves the page ``--requests`` times
in this process with the same production settings (``querycount.QueryCounter``'s app) under
pyinstrument, and writes the profile as text to ``bench/profiles/<page>.txt`` (and prints it).
This is how the figures in ``bench/README.md`` that miss a goal are explained.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from pages import PAGES
from pyinstrument import Profiler
from querycount import QueryCounter
from run import LOGIN_RATE_LIMIT, find_ids
from seeding import Databases, kring_env, migrate, sync_tenant
from servers import HEADERS, SECRET_KEY, gunicorn, sign_in

PROFILES = Path(__file__).resolve().parent / "profiles"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="circle page", choices=[p.name for p in PAGES])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--size", type=int, default=240, help="people in the bench tenant")
    args = parser.parse_args(argv)
    databases = Databases.from_env()
    page = next(p for p in PAGES if p.name == args.page)
    with tempfile.TemporaryDirectory(prefix="kring-profile-") as tmp, ExitStack() as stack:
        folder = Path(tmp)
        migrate(databases, folder / "instance")
        tenant, _seconds = sync_tenant(databases, folder, args.size)
        settings = {
            "env": "production",
            "secret_key": SECRET_KEY,
            "login_rate_limit": LOGIN_RATE_LIMIT,
        }
        env = kring_env(databases, instance_path=str(folder / "web"), **settings)
        server = stack.enter_context(
            gunicorn("Kring", "kring.wsgi:app", env, "/readyz", folder / "kring.log")
        )
        cookie = sign_in(server.base_url, tenant.slug, tenant.admin_email, tenant.admin_password)
        path = page.path.format(slug=tenant.slug, **find_ids(server, tenant.slug, cookie))
        counter = QueryCounter(
            folder / "in-process",
            {
                **settings,
                "database_url": databases.app_url,
                "migration_database_url": databases.owner_url,
                "redis_url": databases.redis_url,
            },
            HEADERS,
        )
        counter.statements(path, cookie)  # warm: templates compiled, caches filled
        headers = {**HEADERS, "Cookie": f"session={cookie}"}
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(args.requests):
                counter.client.get(path, headers=headers)
    PROFILES.mkdir(exist_ok=True)
    text = profiler.output_text(unicode=True, show_all=False)
    (PROFILES / f"{page.name.replace(' ', '-')}.txt").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
