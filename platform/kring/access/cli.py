"""``kring access-log rotate``: the access log's monthly partitions, from a terminal."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from kring.access.jobs import rotate_partitions


@click.group("access-log")
def access_log() -> None:
    """The access log of reads of residents' records."""


@access_log.command("rotate")
@with_appcontext
def rotate() -> None:
    """Make the coming months' partitions and drop those past the retention (PostgreSQL)."""
    created, dropped = rotate_partitions()
    click.echo(f"Created {len(created)} partition(s), dropped {len(dropped)}.")
    for name in created:
        click.echo(f"  + {name}")
    for name in dropped:
        click.echo(f"  - {name}")
