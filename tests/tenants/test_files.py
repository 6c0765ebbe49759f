"""Tenants as code: the demo files load through the core's rules, and bad files are refused
with the file and field named, writing nothing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.circles.models import Circle, CircleMember, PhaseTransition
from kring.core.tenancy import Tenant, system_scope, tenant_by_slug, tenant_scope
from kring.extensions import db
from kring.organisations.models import MethodologyEnablement
from kring.tenants import files, sync
from kring.tenants.specs import TenantFileError

TENANTS = Path(__file__).parents[2] / "tenants"
TODAY = date(2026, 3, 2)


@pytest.fixture
def host(app: Flask) -> Any:
    return app.extensions["kring.plugins"]


def _circles(slug: str) -> dict[str, str]:
    tenant = tenant_by_slug(slug)
    assert tenant is not None
    with tenant_scope(tenant):
        return {c.name: c.phase for c in db.session.execute(select(Circle)).scalars()}


def _demo_tenant(host: Any, slug: str) -> Tenant:
    """The demo tenant ``slug``, once every demo file is loaded."""
    sync.apply(files.load_directory(TENANTS, host, True), host, TODAY)
    tenant = tenant_by_slug(slug)
    assert tenant is not None
    return tenant


def test_demo_tenants_run_all_four_methodologies(database: Any, host: Any) -> None:
    specs = files.load_directory(TENANTS, host, allow_passwords=True)
    report = sync.apply(specs, host, TODAY)
    assert sorted(report.created) == ["ashvale", "duurveld", "hoeksedijk", "roerdal", "zeeveld"]
    assert _circles("roerdal") == {"Buurtkring De Kemphaan": "established"}
    assert _circles("hoeksedijk") == {
        "Buurtcirkel Oud-Beierdijk": "realisatie",
        "Buurtcirkel Numansveld": "opstart",
    }
    assert _circles("zeeveld") == {"Buurtcirkel Havenkwartier": "realisatie"}
    assert _circles("duurveld") == {"Buurtteam Duurveld-Centrum": "actief"}
    assert _circles("ashvale") == {
        "Millbrook Network": "established",
        "Fenwick Green Network": "recruiting",
    }
    with system_scope("test: every methodology enabled somewhere"):
        keys = set(db.session.execute(select(MethodologyEnablement.methodology_key)).scalars())
    assert keys == {"buurtkring_nl", "buurtcirkel_nl", "verbonden_nl", "keyring_uk"}


def test_loading_the_demo_twice_changes_nothing(database: Any, host: Any) -> None:
    for _ in range(2):
        sync.apply(files.load_directory(TENANTS, host, True), host, TODAY)
    assert len(_circles("hoeksedijk")) == 2


def test_methodology_settings_are_checked_and_stored(database: Any, host: Any) -> None:
    sync.apply(files.load_directory(TENANTS, host, True), host, TODAY)
    tenant = tenant_by_slug("duurveld")
    assert tenant is not None
    with tenant_scope(tenant):
        enabled = db.session.execute(select(MethodologyEnablement)).scalar_one()
    assert enabled.settings == {"target_min_age": 75}


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "proef.yaml").write_text("slug: proef\nname: Proef\nkind: municipality\n" + body)
    return tmp_path


def test_invalid_settings_name_the_file_and_the_methodology(tmp_path: Path, host: Any) -> None:
    folder = _write(
        tmp_path,
        "organisations:\n  - name: Welzijn\n    methodologies:\n"
        "      - {key: verbonden_nl, settings: {target_min_age: 200}}\n",
    )
    with pytest.raises(TenantFileError, match=r"proef.yaml .*settings of verbonden_nl"):
        files.load_directory(folder, host, True)


def test_unknown_methodology_is_refused(tmp_path: Path, host: Any) -> None:
    folder = _write(tmp_path, "organisations:\n  - name: Zorg\n    methodologies: [onbekend]\n")
    with pytest.raises(TenantFileError, match="'onbekend' is not installed"):
        files.load_directory(folder, host, True)


def test_circle_breaking_its_rules_is_refused_and_nothing_is_written(
    tmp_path: Path, database: Any, host: Any
) -> None:
    folder = _write(
        tmp_path,
        "organisations:\n  - name: Zorg\n    kind: care\n    methodologies: [buurtcirkel_nl]\n"
        "neighbourhoods:\n  - {name: Wijk, postcodes: ['1234']}\n"
        "people:\n  - name: Piet Projectleider\n    trainings:\n"
        "      - {training: projectleider_training, completed_on: 2025-06-01}\n"
        "circles:\n  - methodology: buurtcirkel_nl\n    organisation: Zorg\n"
        "    neighbourhood: Wijk\n"
        "    members: [{person: Piet Projectleider, role: projectleider}]\n"
        "    phases: [opstart, realisatie]\n",
    )
    specs = files.load_directory(folder, host, True)
    with pytest.raises(TenantFileError, match="Realisation needs at least 5 participants"):
        sync.apply(specs, host, TODAY)
    assert db.session.execute(select(Tenant).where(Tenant.slug == "proef")).first() is None


def test_circle_referring_to_an_unlisted_person_is_refused(tmp_path: Path, host: Any) -> None:
    folder = _write(
        tmp_path,
        "organisations:\n  - name: Zorg\n    methodologies: [keyring_uk]\n"
        "neighbourhoods:\n  - {name: Wijk, postcodes: ['1234']}\n"
        "circles:\n  - {methodology: keyring_uk, organisation: Zorg, neighbourhood: Wijk,"
        " members: [{person: Niemand, role: member}]}\n",
    )
    with pytest.raises(TenantFileError, match="'Niemand' is not listed under people"):
        files.load_directory(folder, host, True)


def test_passwords_are_refused_outside_the_demo(tmp_path: Path, host: Any) -> None:
    folder = _write(
        tmp_path,
        "users:\n  - {email: a@example.org, name: A, password: geheim12345,"
        " roles: [tenant_admin]}\n",
    )
    with pytest.raises(TenantFileError, match="for the demo only"):
        files.load_directory(folder, host, False)


def test_a_login_that_names_its_person_reaches_that_persons_circles(
    client: Any, database: Any, host: Any
) -> None:
    sync.apply(files.load_directory(TENANTS, host, True), host, TODAY)
    tenant = tenant_by_slug("roerdal")
    assert tenant is not None
    assert client.login(tenant, "vrijwilliger@roerdal.example.org", "kring-demo-2026").status_code
    overview = client.get("/t/roerdal/circles/").get_data(as_text=True)
    assert "Buurtkring De Kemphaan" in overview


def test_a_login_naming_an_unlisted_person_is_refused(tmp_path: Path, host: Any) -> None:
    folder = _write(
        tmp_path,
        "users:\n  - {email: a@example.org, name: A, roles: [coach], person: Niemand}\n",
    )
    with pytest.raises(TenantFileError, match="'Niemand' is not listed under people"):
        files.load_directory(folder, host, True)


def test_every_demo_tenant_has_a_participant_a_volunteer_and_a_professional_login(
    database: Any, host: Any
) -> None:
    specs = files.load_directory(TENANTS, host, allow_passwords=True)
    for spec in specs:
        roles = {role for user in spec.users if user.person for role in user.roles}
        assert {"participant", "volunteer"} <= roles, spec.slug
        assert roles & {"coach", "project_leader"}, spec.slug


def test_the_demo_prints_a_sign_in_card_for_each_demo_participant(
    app: Flask, database: Any, host: Any
) -> None:
    from kring.tenants.cli import _bring_to_life

    report = sync.apply(files.load_directory(TENANTS, host, True), host, TODAY)
    with app.test_request_context():
        shown = _bring_to_life(report.created)
    links = [line.split()[0] for line in shown if "sign-in card" in line]
    assert len(links) == 5
    client = app.test_client()
    assert all(client.get(link).status_code == 200 for link in links)


def test_a_members_plan_goals_are_written_before_the_circle_moves_on(
    database: Any, host: Any
) -> None:
    from kring.people.models import Person
    from kring.plans import service as plans

    tenant = _demo_tenant(host, "hoeksedijk")
    with tenant_scope(tenant):
        gerrit = db.session.execute(
            select(Person).where(Person.name == "Gerrit de Vos")
        ).scalar_one()
        goals = plans.read(gerrit, TODAY, plans.NoteReader(None, True)).all_goals()
    assert [(g.goal.domain.value, g.goal.title) for g in goals] == [
        ("social", "Vaker met iemand afspreken")
    ]


def test_a_plan_goal_in_an_unknown_life_domain_is_refused(tmp_path: Path, host: Any) -> None:
    folder = _write(
        tmp_path,
        "organisations:\n  - name: Zorg\n    methodologies: [buurtcirkel_nl]\n"
        "neighbourhoods:\n  - {name: Wijk, postcodes: ['1234']}\n"
        "people:\n  - {name: Piet}\n"
        "circles:\n  - methodology: buurtcirkel_nl\n    organisation: Zorg\n"
        "    neighbourhood: Wijk\n    members:\n      - person: Piet\n        role: participant\n"
        "        plan: [{domain: moon, goal: Vliegen}]\n",
    )
    with pytest.raises(TenantFileError, match=r"plan\[0\]: 'domain' must be one of living"):
        files.load_directory(folder, host, True)


def test_a_circle_started_long_ago_dates_its_joins_and_phases_from_that_day(
    database: Any, host: Any
) -> None:
    tenant = _demo_tenant(host, "hoeksedijk")
    with tenant_scope(tenant):
        circle = db.session.execute(
            select(Circle).where(Circle.name == "Buurtcirkel Oud-Beierdijk")
        ).scalar_one()
        moves = db.session.execute(
            select(PhaseTransition.to_phase, PhaseTransition.moved_on).where(
                PhaseTransition.circle_id == circle.id
            )
        ).all()
        joined = set(
            db.session.execute(
                select(CircleMember.joined_on).where(CircleMember.circle_id == circle.id)
            ).scalars()
        )
    assert ("realisatie", date(2025, 10, 20)) in moves
    assert joined == {date(2025, 10, 20)}


def test_a_circle_cannot_start_in_the_future(tmp_path: Path, database: Any, host: Any) -> None:
    folder = _write(
        tmp_path,
        "organisations:\n  - name: Zorg\n    kind: care\n    methodologies: [keyring_uk]\n"
        "neighbourhoods:\n  - {name: Wijk, postcodes: ['1234']}\n"
        "people:\n  - name: Mo Member\n"
        "circles:\n  - methodology: keyring_uk\n    organisation: Zorg\n"
        "    neighbourhood: Wijk\n    started_on: 2027-01-01\n"
        "    members: [{person: Mo Member, role: member}]\n",
    )
    with pytest.raises(TenantFileError, match="cannot start in the future"):
        sync.apply(files.load_directory(folder, host, True), host, TODAY)


def test_a_tenant_sets_its_own_renewal_period_for_a_check(
    tmp_path: Path, database: Any, host: Any
) -> None:
    """Buurtkring renews a VOG every three years; this municipality asks every two."""
    from kring.trainings import service as trainings

    folder = _write(
        tmp_path,
        "organisations:\n  - name: Zorg\n    kind: care\n    methodologies: [buurtkring_nl]\n"
        "screenings: {vog: {renewal_months: 24}}\n",
    )
    sync.apply(files.load_directory(folder, host, True), host, TODAY)
    vog = host.methodology("buurtkring_nl").screening("vog")
    assert vog is not None and vog.renewal_months == 36
    tenant = tenant_by_slug("proef")
    assert tenant is not None
    with tenant_scope(tenant):
        assert trainings.renewal_months(vog) == 24


@pytest.mark.parametrize(
    ("screenings", "problem"),
    [
        ("{vog: {renewal_months: 0}}", "'renewal_months' must be a whole number from 1 to 120"),
        ("{vog: {renewal_months: jaar}}", "'renewal_months' must be a whole number from 1 to 120"),
        ("{dbs: {renewal_months: 12}}", "no methodology this tenant works with asks for 'dbs'"),
        ("[vog]", "expected a mapping of screening keys"),
    ],
)
def test_a_renewal_period_that_cannot_be_right_is_refused(
    tmp_path: Path, host: Any, screenings: str, problem: str
) -> None:
    folder = _write(
        tmp_path,
        "organisations:\n  - name: Zorg\n    kind: care\n    methodologies: [buurtkring_nl]\n"
        f"screenings: {screenings}\n",
    )
    with pytest.raises(TenantFileError, match=re.escape(problem)):
        files.load_directory(folder, host, True)
