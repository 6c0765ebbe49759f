"""``kring users disable|enable|sign-out EMAIL``: what an operator does when an account is lost,
misused or no longer needed, without waiting for a page to be built for it."""

from __future__ import annotations

from collections.abc import Callable

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


def _apply(email: str, change: Callable[[User], None], done: str) -> None:
    """Find the account, change it, save, and say what happened."""
    user = _user(email)
    change(user)
    db.session.commit()
    click.echo(done.format(email=user.email))


def _disable(user: User) -> None:
    user.is_enabled = False
    user.end_sessions()


def _enable(user: User) -> None:
    user.is_enabled = True


@users.command("disable")
@click.argument("email")
@with_appcontext
def disable(email: str) -> None:
    """Refuse the account from now on and end its sessions."""
    _apply(email, _disable, "{email} is disabled and signed out everywhere.")


@users.command("enable")
@click.argument("email")
@with_appcontext
def enable(email: str) -> None:
    """Let a disabled account sign in again."""
    _apply(email, _enable, "{email} can sign in again.")


@users.command("sign-out")
@click.argument("email")
@with_appcontext
def sign_out(email: str) -> None:
    """End every session of the account (a lost phone, a shared computer)."""
    _apply(email, User.end_sessions, "{email} is signed out everywhere.")
