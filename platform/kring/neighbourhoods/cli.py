"""``kring neighbourhoods import``: a year of CBS statistics from a terminal (a whole region's
file at once), with a progress bar, by the same rules and words as the upload page."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from kring.core.db import today
from kring.core.tenancy import tenant_by_slug, tenant_scope
from kring.extensions import db
from kring.neighbourhoods import importing, service

tenant_option = click.option("--tenant", "slug", required=True, help="The tenant's slug.")


@click.group("neighbourhoods")
def neighbourhoods_group() -> None:
    """Neighbourhood statistics and choosing neighbourhoods for a new circle."""


@neighbourhoods_group.command("import")
@tenant_option
@click.option("--year", type=int, required=True, help="The year the figures are about.")
@click.option(
    "--lang", type=click.Choice(["nl", "en"]), default="en", help="Language of the problems."
)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(slug: str, year: int, lang: str, path: Path) -> None:
    """Import PATH, a CBS "Kerncijfers wijken en buurten" CSV separated by semicolons; every
    line or none. Each problem is printed with its line, and the command exits with 1."""
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise click.ClickException(f"no tenant with slug {slug!r}")
    with path.open("rb") as stream:
        parsed = importing.read(stream)
    with tenant_scope(tenant):
        with click.progressbar(
            length=len(parsed.lines), label=f"Importing {path.name}", file=sys.stderr
        ) as bar:
            result = service.import_statistics(
                parsed, year, today().year, None, progress=lambda _line: bar.update(1)
            )
        if not result.is_done:
            db.session.rollback()
            for p in result.problems:
                where = f"line {p.line}" if p.line else "file"
                column = f" ({p.column})" if p.column else ""
                click.echo(f"{where}{column}: {p.render(lang)}", err=True)
            click.echo(f"Nothing imported: {len(result.problems)} problems.", err=True)
            sys.exit(1)
        db.session.commit()
    click.echo(
        f"Imported {result.written} neighbourhoods for {year}"
        f" ({len(result.created)} new, {result.skipped} lines of the country or a municipality"
        " skipped)."
    )
