"""``kring tenants sync DIR`` and ``kring demo``: tenants as code from a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from kring.core.db import today
from kring.core.tenancy import tenant_by_slug, tenant_scope
from kring.core.tenant_rows import tenant_tables
from kring.extensions import db
from kring.migrations import upgrade_to_head
from kring.module import Module, load
from kring.tenants import benchseed, files, sync
from kring.tenants.specs import SyncReport, TenantFileError


@click.group()
def tenants() -> None:
    """Tenants as code."""


def _sync(directory: Path, allow_passwords: bool) -> SyncReport:
    host = current_app.extensions["kring.plugins"]
    try:
        specs = files.load_directory(directory, host, allow_passwords)
    except TenantFileError as exc:
        raise click.ClickException(str(exc)) from None
    with click.progressbar(length=len(specs), label="Syncing tenants", file=sys.stderr) as bar:

        def step(_slug: str) -> None:
            bar.update(1)

        try:
            report = sync.apply(specs, host, today(), progress=step)
        except TenantFileError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Created {len(report.created)}, updated {len(report.updated)} tenant(s).")
    return report


@tenants.command("sync")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def tenants_sync(directory: Path) -> None:
    """Create or update the tenants described by DIRECTORY/*.yaml."""
    config = current_app.extensions["kring.config"]
    _sync(directory, allow_passwords=not config.is_production)


@click.command()
@click.option(
    "--dir",
    "directory",
    default="tenants",
    show_default=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@with_appcontext
def demo(directory: Path) -> None:
    """Migrate and load the demo tenants (invented people), then print their logins."""
    config = current_app.extensions["kring.config"]
    if config.is_production:
        raise click.ClickException("the demo tenants are not for production")
    upgrade_to_head()
    report = _sync(directory, allow_passwords=True)
    shown = _bring_to_life([*report.created, *report.updated])
    modules: list[Module] = current_app.extensions["kring.modules"]
    for step in [load(path) for module in modules for path in module.platform_demo]:
        shown += step(today()) or []
    db.session.commit()
    click.echo("\nDemo logins (invented people):")
    for slug, email, password, roles in report.logins:
        if password:
            click.echo(f"  /t/{slug}/  {email}  {password}  ({roles})")
    click.echo(
        "Staff (tenant admins, project leaders, coaches, central trainers) set up a second "
        "factor at their first sign-in: scan the QR code with an authenticator app (FreeOTP, "
        "Google or Microsoft Authenticator) and keep the recovery codes. Volunteers may set "
        "one up on their account page; participants sign in with their card."
    )
    for line in shown:
        click.echo(line)


def _bring_to_life(slugs: list[str]) -> list[str]:
    """Give each demo tenant the areas' invented life (``Module.demo``), one commit a tenant;
    returns what the steps ask to show."""
    modules: list[Module] = current_app.extensions["kring.modules"]
    steps = [load(path) for module in modules for path in module.demo]
    shown: list[str] = []
    if not steps:
        return shown
    with click.progressbar(slugs, label="Demo life", file=sys.stderr) as bar:
        for slug in bar:
            tenant = tenant_by_slug(slug)
            if tenant is None:
                continue
            with tenant_scope(tenant):
                for step in steps:
                    shown += step(today()) or []
            db.session.commit()
    return shown


@tenants.command("purge")
@with_appcontext
def tenants_purge() -> None:
    """Delete the tenants whose days of grace after being marked for deletion have passed."""
    from kring.onboarding.admin import purge_due

    gone = purge_due()
    db.session.commit()
    click.echo(f"Deleted {len(gone)} tenant(s){': ' + ', '.join(gone) if gone else ''}.")


@tenants.command("validate")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def tenants_validate(directory: Path) -> None:
    """Check DIRECTORY/*.yaml without writing anything: every mistake of each file, with the
    line it is on."""
    from kring.tenants.validate import check_directory

    verdicts = check_directory(directory, current_app.extensions["kring.plugins"])
    if not verdicts:
        raise click.ClickException(f"no tenant files (*.yaml) in {directory}")
    for verdict in verdicts:
        click.echo(verdict.render())
    bad = [v for v in verdicts if not v.is_ok]
    if bad:
        mistakes = sum(len(v.mistakes) for v in bad)
        raise click.ClickException(
            f"{mistakes} mistake(s) in {len(bad)} of {len(verdicts)} file(s) need a change"
        )
    click.echo(f"All {len(verdicts)} file(s) are ready to sync.")


@tenants.command("backup")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def tenants_backup(slug: str, file: Path) -> None:
    """Write one tenant, every row of it, to FILE (gzip'd JSON lines; PostgreSQL only)."""
    from kring.tenants.backup import BackupError, backup

    with click.progressbar(
        length=len(tenant_tables()) + 3, label="Backing up", file=sys.stderr
    ) as bar:
        try:
            manifest = backup(slug, file, progress=lambda _table: bar.update(1))
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
    db.session.rollback()
    click.echo(f"Wrote {sum(manifest.rows.values())} rows of {slug} to {file}.")


@tenants.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Put the backup in place of the tenant that is here.")
@with_appcontext
def tenants_restore(file: Path, replace: bool) -> None:
    """Put the tenant of a backup made by ``kring tenants backup`` back, all of it in one
    transaction or nothing."""
    from kring.tenants.backup import BackupError, read_manifest, restore

    try:
        tables = len([count for count in read_manifest(file).rows.values() if count])
        with click.progressbar(length=tables, label="Restoring", file=sys.stderr) as bar:
            manifest = restore(file, replace=replace, progress=lambda _table: bar.update(1))
    except BackupError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Restored {manifest.slug}: {sum(manifest.rows.values())} rows.")


@click.group()
def bench() -> None:
    """Benchmark data: invented tenants in bulk (PostgreSQL)."""


@bench.command("seed")
@click.option(
    "--scale",
    type=click.Choice(list(benchseed.SCALES)),
    default="small",
    show_default=True,
    help="national: 1,000 tenants, 50,000 circles, 600,000 members, 10,000,000 outbox rows; "
    "small: 10 tenants, a quick run; tiny: what the tests seed",
)
@with_appcontext
def bench_seed(scale: str) -> None:
    """Fill a fresh PostgreSQL database with invented tenants in bulk, as the schema owner
    (``kring.tenants.benchseed``), then write the trainer's facts with the trainer's own
    refresh, in one process a core; prints the rows per table and the seconds."""
    from sqlalchemy import create_engine, make_url, pool

    config = current_app.extensions["kring.config"]
    url = config.owner_sqlalchemy_url
    if not url.startswith("postgresql"):
        raise click.ClickException(
            "kring bench seed needs PostgreSQL (it writes with COPY): set KRING_DATABASE_URL "
            "and KRING_MIGRATION_DATABASE_URL to PostgreSQL, not SQLite"
        )
    app_role = make_url(config.sqlalchemy_url).username
    size = benchseed.SCALES[scale]
    _SECONDS.clear()
    started = time.perf_counter()
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.begin() as connection:
            counts = benchseed.seed(
                connection,
                current_app.extensions["kring.plugins"],
                size,
                today(),
                progress=_bar,
                app_role=app_role if app_role != make_url(url).username else None,
            )
            counts["outbox_message"] = benchseed.seed_outbox(
                connection, size, today(), progress=_bar
            )
        _analyze(engine, list(counts))
        loaded = time.perf_counter() - started
        counts["trainer_circle_fact"] = _trainer_facts()
    except benchseed.SeedError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        engine.dispose()
    total = time.perf_counter() - started
    width = max(len(name) for name in counts)
    click.echo(f"\n{'table':<{width}}  {'rows':>12}  {'seconds':>8}")
    for name, rows in counts.items():
        click.echo(f"{name:<{width}}  {rows:>12,}  {_SECONDS.get(name, 0.0):>8.1f}")
    for step in ("indexes and keys", "outbox keys", "analyze"):
        click.echo(f"{step:<{width}}  {'':>12}  {_SECONDS.get(step, 0.0):>8.1f}")
    click.echo(
        f"\nSeeded {scale}: the tables in {loaded:.1f} s, then the trainer's facts in "
        f"{total - loaded:.1f} s; {total:.1f} s in all."
    )


def _analyze(engine: Any, tables: list[str]) -> None:
    """Fresh statistics, so the refresh and the pages plan with the rows that are there."""
    started = time.perf_counter()
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"ANALYZE {', '.join(tables)}"
        )
    _SECONDS["analyze"] = _SECONDS.get("analyze", 0.0) + time.perf_counter() - started


def _trainer_facts() -> int:
    """The trainer's own refresh of every seeded tenant, one commit a tenant, in one process a
    core (``kring.tenants.benchseed.facts``)."""
    from kring.tenants.benchseed import facts as trainer_facts
    from kring.trainer import service as trainer

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    started = time.perf_counter()
    ids = [t.id for t in trainer.active_tenants() if t.slug.startswith(benchseed.SLUG_PREFIX)]
    db.session.rollback()
    with click.progressbar(length=len(ids), label=f"{'trainer facts':<22}", file=sys.stderr) as bar:
        facts = trainer_facts.refresh(app, ids, today(), bar.update)
    _SECONDS["trainer_circle_fact"] = time.perf_counter() - started
    return facts


_SECONDS: dict[str, float] = {}
"""Seconds per step of the seed, for its summary."""


@contextmanager
def _bar(label: str, length: int) -> Iterator[Callable[[int], None]]:
    started = time.perf_counter()
    with click.progressbar(length=length, label=f"{label:<22}", file=sys.stderr) as bar:
        yield bar.update
    _SECONDS[label] = _SECONDS.get(label, 0.0) + time.perf_counter() - started
