"""``kring secrets reseal``: after the secret key was rotated, seal what Kring keeps sealed
(authenticator secrets, the tenants' OpenID client secrets) again with the new key, so the old
one can leave ``KRING_SECRET_KEY_FALLBACKS``."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from kring.extensions import db
from kring.identity.service import reseal_second_factors
from kring.sso.service import reseal_client_secrets


@click.group("secrets")
def secrets_group() -> None:
    """The secret key's rotation."""


@secrets_group.command("reseal")
@with_appcontext
def reseal() -> None:
    """Seal every stored secret again with KRING_SECRET_KEY (opened with it or a fallback)."""
    factors, lost_factors = reseal_second_factors()
    clients, lost_clients = reseal_client_secrets()
    db.session.commit()
    click.echo(f"Sealed again: {factors} authenticator(s), {clients} OpenID client secret(s).")
    if lost_factors or lost_clients:
        click.echo(
            f"Not readable with any key given: {lost_factors} authenticator(s) (their owners "
            f"enrol again), {lost_clients} client secret(s) (their tenant admins enter them "
            "again at /admin/sign-in)."
        )
