"""``kring users disable|enable|sign-out|reset-second-factor EMAIL``: what an operator does
when an account (or its phone) is lost, misused or no longer needed, without waiting for a page
to be built for it."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from kring.core.accounts import User
from kring.extensions import db


@click.group("users")
def users() -> None:
    """Accounts: disable, enable, sign out everywhere, or reset a second factor."""


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


def _reset_second_factor(user: User) -> None:
    from kring.identity import service as factors
    from kring.identity import sessions

    factors.remove(user)
    sessions.revoke_all(user)
    user.end_sessions()


@users.command("reset-second-factor")
@click.argument("email")
@with_appcontext
def reset_second_factor(email: str) -> None:
    """Take away a lost authenticator (and its recovery codes) and end every session: for
    central trainers and platform admins, whom no tenant admin can reset. They set up a new
    one at their next sign-in."""
    _apply(
        email,
        _reset_second_factor,
        "{email} is signed out everywhere and sets up a new second factor at the next sign-in.",
    )
