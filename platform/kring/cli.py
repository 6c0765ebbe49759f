"""The ``kring`` command: serve, worker, scheduler, db, tenants, plugins, demo."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from kring.config import ConfigError, describe
from kring.migrations import upgrade_to_head


def _create_app() -> Flask:
    from kring.app import create_app

    try:
        return create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    epilog="Settings (environment variables):\n\n"
    + "\n\n".join(f"{name} (default {default}): {doc}" for name, default, doc in describe()),
)
def main() -> None:
    """Kring: neighbourhood support networks, for many tenants and methodologies."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """Serve the app. Embedded mode migrates SQLite first and runs jobs in this process."""
    from werkzeug.serving import run_simple

    from kring.jobs.worker import start_in_process

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    config = app.extensions["kring.config"]
    if config.is_embedded:
        upgrade_to_head()
        start_in_process(app)
        click.echo(f"Embedded mode: database {config.sqlalchemy_url}, jobs in this process.")
    click.echo(f"Kring is at http://{host}:{port}/")
    run_simple(host, port, app, threaded=True, use_reloader=False)


@main.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run a job worker (production: as many replicas as you like).

    SIGTERM stops it warmly: the job in hand is finished, the rest stays queued. It waits for
    Redis to come back rather than exit when it loses it."""
    from kring.jobs.worker import run_worker

    run_worker(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]


@main.command()
@with_appcontext
def scheduler() -> None:
    """Run the periodic-job scheduler (production: exactly one replica; a second one enqueues
    every periodic job twice, which the jobs are built to shrug off)."""
    from kring.jobs.worker import run_scheduler

    run_scheduler(current_app._get_current_object())  # type: ignore[attr-defined]


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@with_appcontext
def plugins(as_json: bool) -> None:
    """List the installed methodology plugins."""
    described = current_app.extensions["kring.plugins"].describe()
    if as_json:
        click.echo(json.dumps(described, indent=2, ensure_ascii=False))
        return
    if not described:
        click.echo("No plugins installed.")
    for item in described:
        click.echo(f"{item['key']:<16} {item['name']['en']:<40} {item['version']}")


def _register_commands() -> None:
    """Alembic's ``db`` group, and every area's commands (``kring circles``, ``kring tenants``)."""
    from flask_migrate.cli import db as db_group

    from kring.app import MODULES
    from kring.module import load

    main.add_command(db_group, "db")
    for module in MODULES:
        for path in module.commands:
            main.add_command(load(path))


_register_commands()
