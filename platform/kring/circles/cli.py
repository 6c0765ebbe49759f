"""``kring circles``: look at circles and move them on from a terminal, with the same rules
and the same explanations as the pages and the API."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import current_app
from flask.cli import with_appcontext

from kring.circles import membership, overview, phases, queries
from kring.circles.models import Circle
from kring.core.db import today
from kring.core.rules import Refused, explain
from kring.core.tenancy import Tenant, get_in_tenant, tenant_by_slug, tenant_scope
from kring.extensions import db
from kring.people.models import Person
from kring.plugins import MethodologyHooks

tenant_option = click.option("--tenant", "slug", required=True, help="The tenant's slug.")
lang_option = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    help="Language of the output (default: the tenant's).",
)


@contextmanager
def _in_tenant(slug: str) -> Iterator[Tenant]:
    """The CLI's ``--tenant``: run the command inside that tenant's scope."""
    tenant = tenant_by_slug(slug)
    if tenant is None:
        raise click.ClickException(f"no tenant with slug {slug!r}")
    with tenant_scope(tenant):
        yield tenant


def _circle(circle_id: int) -> tuple[Circle, MethodologyHooks]:
    circle = get_in_tenant(Circle, circle_id)
    if circle is None:
        raise click.ClickException(f"no circle {circle_id} in this tenant")
    hooks: MethodologyHooks = current_app.extensions["kring.plugins"].for_methodology(
        circle.methodology_key
    )
    return circle, hooks


def _refused(refused: Refused, hooks: MethodologyHooks, locale: str) -> None:
    click.echo("Refused:", err=True)
    for unmet in refused.unmet:
        click.echo(f"  - {explain(unmet, hooks.methodology, locale)}  [{unmet.rule}]", err=True)
    db.session.rollback()
    sys.exit(1)


@click.group("circles")
def circles_group() -> None:
    """Circles: list, show, join and move phases."""


@circles_group.command("list")
@tenant_option
@lang_option
@with_appcontext
def list_circles(slug: str, lang: str | None) -> None:
    """Every circle of the tenant, with its phase and active members."""
    host = current_app.extensions["kring.plugins"]
    with _in_tenant(slug) as tenant:
        locale = lang or tenant.locale
        number, more = 1, True
        while more:
            page = queries.summaries(None, number)
            for s in page.items:
                m = host.methodology(s.circle.methodology_key)
                phase = m.terms.term(s.circle.phase, locale)
                line = f"{s.circle.id:>5}  {s.circle.name:<36} {phase:<18} {s.active_members:>3}"
                click.echo(line)
            number, more = number + 1, page.has_next


@circles_group.command("show")
@tenant_option
@lang_option
@click.argument("circle_id", type=int)
@with_appcontext
def show(slug: str, lang: str | None, circle_id: int) -> None:
    """A circle's members and what its methodology still expects."""
    with _in_tenant(slug) as tenant:
        locale = lang or tenant.locale
        circle, hooks = _circle(circle_id)
        view = overview.of(circle, hooks, today())
        m = view.methodology
        click.echo(f"{view.name} — {m.name(locale)}, {m.terms.term(view.phase, locale)}")
        for member in view.current_members:
            role = m.terms.term(member.role, locale)
            click.echo(f"  {member.id:>5}  {member.person_name:<30} {role:<24} {member.status}")
        for step in view.outlook:
            click.echo(f"{m.terms.term(step.phase, locale)}:")
            for check in step.checks:
                mark = "ok " if check.is_met else "-- "
                click.echo(f"  {mark}{explain(check.unmet, m, locale)}")
            for unmet in step.plugin_unmet:
                click.echo(f"  -- {explain(unmet, m, locale)}")
        db.session.commit()  # the access log: the members were shown


@circles_group.command("move")
@tenant_option
@lang_option
@click.argument("circle_id", type=int)
@click.argument("phase")
@click.option("--reason", help="Why the circle moves on now.")
@with_appcontext
def move(slug: str, lang: str | None, circle_id: int, phase: str, reason: str | None) -> None:
    """Move a circle to PHASE, or print every reason why not (exit status 1)."""
    with _in_tenant(slug) as tenant:
        circle, hooks = _circle(circle_id)
        try:
            phases.move_phase(circle, phase, hooks, None, reason, today())
        except Refused as refused:
            _refused(refused, hooks, lang or tenant.locale)
        db.session.commit()
        click.echo(
            f"{circle.name} is now in {hooks.methodology.terms.term(phase, lang or tenant.locale)}."
        )


@circles_group.command("join")
@tenant_option
@lang_option
@click.argument("circle_id", type=int)
@click.argument("person_id", type=int)
@click.argument("role")
@click.option("--attr", "attributes", multiple=True, metavar="KEY=VALUE", help="A recorded fact.")
@with_appcontext
def join(
    slug: str,
    lang: str | None,
    circle_id: int,
    person_id: int,
    role: str,
    attributes: tuple[str, ...],
) -> None:
    """Let a person join a circle in ROLE, or print every reason why not (exit status 1)."""
    values = {}
    for item in attributes:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--attr")
        values[key.strip()] = value.strip()
    with _in_tenant(slug) as tenant:
        circle, hooks = _circle(circle_id)
        person = get_in_tenant(Person, person_id)
        if person is None:
            raise click.ClickException(f"no person {person_id} in this tenant")
        try:
            member = membership.add_member(circle, person, role, hooks, None, today(), values)
        except Refused as refused:
            _refused(refused, hooks, lang or tenant.locale)
        db.session.commit()
        click.echo(f"{person.name} joined {circle.name} ({member.status.value}).")
