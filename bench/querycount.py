"""Count the SQL statements one request sends, by serving it in this process.

The only module of the bench that imports Kring, and only three names that stay stable while
the modules behind them move: ``kring.create_app``, ``kring.extensions.db`` and
``kring.testing.plugin.config_for_tests``. The app is built with the same settings as the one
under Gunicorn (production, same database role, Redis and secret key), so the session cookie
from the real sign-in works here too and the count is the count production would see.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from kring import create_app
from kring.extensions import db
from kring.testing.plugin import config_for_tests

# The per-transaction tenant setting (row-level security) sent on its own is not part of what
# a page asks for; the request's read of its tenant carries one too, and is counted.
IGNORED = ("SELECT set_config(",)


class QueryCounter:
    """One in-process Kring app and a client without a cookie jar (the cookie goes in a header,
    as wrk sends it)."""

    def __init__(self, instance: Path, settings: dict[str, Any], headers: dict[str, str]):
        self.app = create_app(config_for_tests(instance, **settings))
        self.client = self.app.test_client(use_cookies=False)
        self.headers = headers
        with self.app.app_context():
            self.engine = db.engine

    def statements(self, path: str, cookie: str) -> list[str]:
        """The statements of one GET of ``path``, after one unmeasured GET fills the caches.
        Anything but 200 stops the bench: a count of an error page means nothing."""
        headers = {**self.headers, "Cookie": f"session={cookie}"}
        self._get(path, headers)
        seen: list[str] = []

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not statement.startswith(IGNORED):
                seen.append(statement)

        event.listen(self.engine, "before_cursor_execute", before)
        try:
            self._get(path, headers)
        finally:
            event.remove(self.engine, "before_cursor_execute", before)
        return seen

    def _get(self, path: str, headers: dict[str, str]) -> None:
        status = self.client.get(path, headers=headers).status_code
        if status != 200:
            raise SystemExit(f"bench: in-process GET {path} answered {status}, expected 200")
