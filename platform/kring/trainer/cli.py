"""``kring trainer``: make someone a central trainer, and refresh the facts trainers read."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from kring.core.accounts import find_user_by_email
from kring.core.db import today
from kring.extensions import db
from kring.trainer import service


@click.group()
def trainer() -> None:
    """Central trainers of a methodology."""


@trainer.command("refresh")
@with_appcontext
def refresh() -> None:
    """Rewrite every active tenant's circle facts now, one commit a tenant."""
    host = current_app.extensions["kring.plugins"]
    tenants = service.active_tenants()
    total = 0
    with click.progressbar(tenants, label="Trainer facts", file=sys.stderr) as bar:
        for tenant in bar:
            total += service.refresh_tenant(tenant, host, today())
            db.session.commit()
    click.echo(f"Wrote the facts of {total} circle(s) in {len(tenants)} tenant(s).")


@trainer.command("grant")
@click.argument("email")
@click.argument("methodology")
@with_appcontext
def grant(email: str, methodology: str) -> None:
    """Make the account EMAIL a central trainer of METHODOLOGY."""
    if methodology not in current_app.extensions["kring.plugins"].methodologies():
        raise click.ClickException(f"no methodology {methodology!r} is installed")
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with the address {email}")
    service.grant(user, methodology)
    db.session.commit()
    click.echo(f"{email} is a central trainer of {methodology}.")
