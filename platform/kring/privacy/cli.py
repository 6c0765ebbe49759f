"""``kring people retention``: the retention at once, for one tenant or every active one."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from kring.audits.jobs import active_tenants
from kring.core.db import today
from kring.core.tenancy import tenant_by_slug, tenant_scope
from kring.extensions import db
from kring.privacy import retention


@click.group("people")
def people_group() -> None:
    """Residents' data."""


@people_group.command("retention")
@click.option("--tenant", "slug", help="Only this tenant (default: every active tenant).")
@click.option("--dry-run", is_flag=True, help="Only say who is due; erase nobody.")
@with_appcontext
def retention_command(slug: str | None, dry_run: bool) -> None:
    """Erase former participants who left their last circle longer ago than their tenant
    keeps data (one commit a tenant), and report how many."""
    if slug is not None:
        found = tenant_by_slug(slug)
        if found is None:
            raise click.ClickException(f"no tenant with slug {slug!r}")
        tenants = [found]
    else:
        tenants = active_tenants()
    total = 0
    for tenant in tenants:
        with tenant_scope(tenant):
            due = retention.due(retention.cutoff_for(tenant, today()))
            label = f"{tenant.slug}: {len(due)} due (left on or before "
            label += f"{retention.cutoff_for(tenant, today()).isoformat()})"
            if dry_run:
                click.echo(label)
                total += len(due)
                continue
            with click.progressbar(length=len(due), label=label, file=sys.stderr) as bar:
                done = retention.run(tenant, today(), progress=bar.update)
            db.session.commit()
            total += done.erased
    verb = "due" if dry_run else "erased"
    click.echo(f"{total} former participant(s) {verb} in {len(tenants)} tenant(s).")
