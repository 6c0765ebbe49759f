"""``kring users disable|enable|sign-out EMAIL``: what an operator does when an account is lost,
misused or no longer needed, without waiting for a page to be built for it."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from kring.core.accounts import User
from kring.extensions import db


@click.group("users")
def users() -> None:
    """Accounts: disable, enable, or sign out everywhere."""


def _user(email: str) -> User:
    user = db.session.execute(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"No account with the address {email}.")
    return user


@users.command("disable")
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    """Refuse the account from now on and end its sessions."""
    user = _user(email)
    user.is_enabled = False
    user.end_sessions()
    db.session.commit()
    click.echo(f"{user.email} is disabled and signed out everywhere.")


@users.command("enable")
@click.argument("email")
@with_appcontext
def enable(email: str) -> None:
    """Let a disabled account sign in again."""
    user = _user(email)
    user.is_enabled = True
    db.session.commit()
    click.echo(f"{user.email} can sign in again.")


@users.command("sign-out")
@click.argument("email")
@with_appcontext
def sign_out(email: str) -> None:
    """End every session of the account (a lost phone, a shared computer)."""
    user = _user(email)
    user.end_sessions()
    db.session.commit()
    click.echo(f"{user.email} is signed out everywhere.")
