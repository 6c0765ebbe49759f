"""The CLI gives the same answers as the pages: rules enforced, refusals explained."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from kring.cli import main
from kring.people import service as people
from kring.testing.builders import hooks_for, start_circle


@pytest.fixture
def run(app: Flask, database: Any) -> Any:
    runner = app.test_cli_runner()

    def invoke(*args: str) -> Any:
        return runner.invoke(main, list(args))

    return invoke


@pytest.fixture
def circle(app: Flask, tenant: Any) -> Any:
    return start_circle(hooks_for(app, "proefkring"), "Kring Slot")


def test_help_lists_the_processes(run: Any) -> None:
    output = run("--help").output
    for command in ("serve", "worker", "scheduler", "db", "tenants", "plugins", "circles", "demo"):
        assert f"  {command} " in output


def test_plugins_json_describes_every_methodology(run: Any) -> None:
    described = {p["key"]: p for p in json.loads(run("plugins", "--json").output)}
    assert {"keyring_uk", "buurtkring_nl", "buurtcirkel_nl", "verbonden_nl"} <= set(described)
    buurtcirkel = described["buurtcirkel_nl"]
    assert buurtcirkel["name"]["nl"] == "Buurtcirkel"
    assert buurtcirkel["phases"] == ["onderzoek", "opstart", "realisatie", "doorontwikkeling"]
    assert buurtcirkel["size_rule"]["maximum"] == 12
    assert "coach" in [r["key"] if isinstance(r, dict) else r for r in buurtcirkel["roles"]]


def test_refused_move_prints_every_reason_and_fails(run: Any, tenant: Any, circle: Any) -> None:
    result = run(
        "circles", "move", "--tenant", tenant.slug, "--lang", "en", str(circle.id), "draaien"
    )
    assert result.exit_code == 1
    assert "Running needs at least 3 participants (now 0)" in result.output
    assert "[role.at_least]" in result.output


def test_unknown_phase_is_explained(run: Any, tenant: Any, circle: Any) -> None:
    result = run("circles", "move", "--tenant", tenant.slug, str(circle.id), "nirvana")
    assert result.exit_code == 1
    assert "nirvana is geen fase van Proefkring" in result.output


def test_join_and_show(run: Any, tenant: Any, circle: Any) -> None:
    person = people.create_person(None, name="Rita Regie")
    joined = run(
        "circles", "join", "--tenant", tenant.slug, str(circle.id), str(person.id), "regisseur"
    )
    assert joined.exit_code == 0, joined.output
    shown = run("circles", "show", "--tenant", tenant.slug, "--lang", "en", str(circle.id))
    assert "Rita Regie" in shown.output and "director" in shown.output


def test_join_refuses_a_bad_attribute_argument(run: Any, tenant: Any, circle: Any) -> None:
    person = people.create_person(None, name="Mo")
    result = run(
        "circles",
        "join",
        "--tenant",
        tenant.slug,
        str(circle.id),
        str(person.id),
        "maatje",
        "--attr",
        "woont_vast",
    )
    assert result.exit_code == 2 and "KEY=VALUE" in result.output


def test_another_tenants_circle_is_not_found(run: Any, circle: Any, other_tenant: Any) -> None:
    result = run("circles", "show", "--tenant", other_tenant.slug, str(circle.id))
    assert result.exit_code == 1 and "no circle" in result.output


def test_unknown_tenant_is_named(run: Any) -> None:
    result = run("circles", "list", "--tenant", "nergens")
    assert result.exit_code == 1 and "no tenant with slug 'nergens'" in result.output


def test_showing_a_circle_from_a_terminal_is_logged_as_a_command(
    run: Any, tenant: Any, circle: Any
) -> None:
    from sqlalchemy import select

    from kring.access.models import AccessLogEntry
    from kring.extensions import db

    person = people.create_person(None, name="Rita Regie")
    run("circles", "join", "--tenant", tenant.slug, str(circle.id), str(person.id), "regisseur")
    run("circles", "show", "--tenant", tenant.slug, str(circle.id))
    rows = db.session.execute(
        select(AccessLogEntry.action, AccessLogEntry.user_id).where(
            AccessLogEntry.subject_id == person.id
        )
    ).all()
    assert ("command", None) in rows
