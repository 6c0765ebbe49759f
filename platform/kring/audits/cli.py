"""``kring audits open``: the audit day at once, for one tenant or all, on any day."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click
from flask.cli import with_appcontext

from kring.audits import jobs
from kring.core.db import today
from kring.core.tenancy import tenant_by_slug, tenant_scope
from kring.extensions import db


@click.group("audits")
def audits_group() -> None:
    """Quality audits and fidelity scores."""


@audits_group.command("open")
@click.option("--tenant", "slug", help="Only this tenant (default: every active tenant).")
@click.option(
    "--on",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to run for, YYYY-MM-DD (default: today).",
)
@with_appcontext
def open_command(slug: str | None, day: datetime | None) -> None:
    """Open the audits falling due and take the circles' fidelity scores, one commit a
    tenant."""
    on: date = day.date() if day is not None else today()
    if slug is not None:
        found = tenant_by_slug(slug)
        if found is None:
            raise click.ClickException(f"no tenant with slug {slug!r}")
        tenants = [found]
    else:
        tenants = jobs.active_tenants()
    opened = scored = 0
    with click.progressbar(tenants, label=f"Audits on {on.isoformat()}", file=sys.stderr) as bar:
        for tenant in bar:
            with tenant_scope(tenant):
                done = jobs.run_day(on)
                db.session.commit()
            opened, scored = opened + done.opened, scored + done.scored
    click.echo(
        f"Opened {opened} audit(s) and took {scored} fidelity score(s) in {len(tenants)} tenant(s)."
    )
