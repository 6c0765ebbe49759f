"""The ceiling: the fastest a Flask + Flask-SQLAlchemy page can be on this machine and database.

One route, one primary-key query on Kring's ``tenant`` table as the same app role, a tiny JSON
answer. Served by Gunicorn with exactly Kring's settings, it tells how much of a page's cost is
the stack itself: a page at 0.5 of the ceiling spends half its time on its own work.
It imports nothing from Kring on purpose. Run: ``gunicorn --pythonpath bench ceiling:app``
with ``BENCH_CEILING_DATABASE_URL`` set.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, abort
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class TenantRow(db.Model):  # type: ignore[name-defined,misc]
    """Two columns of Kring's ``tenant`` table: enough for a realistic row fetch."""

    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))


def create_app(database_url: str) -> Flask:
    """Flask-SQLAlchemy with Kring's engine options (``pool_pre_ping``), so the two differ in
    the work they do per request, not in how they reach PostgreSQL."""
    app = Flask(__name__)
    app.config.update(
        SQLALCHEMY_DATABASE_URI=database_url,
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
    )
    db.init_app(app)

    @app.get("/tenants/<int:tenant_id>")
    def tenant(tenant_id: int) -> Any:
        row = db.session.get(TenantRow, tenant_id)
        if row is None:
            abort(404)
        return {"id": row.id, "slug": row.slug}

    return app


def _app_from_env() -> Flask | None:
    """Gunicorn imports this module with the URL in the environment; the bench imports it
    without, only to find the file."""
    url = os.environ.get("BENCH_CEILING_DATABASE_URL")
    return create_app(url) if url else None


app = _app_from_env()
