"""Retention: former participants are erased once they left their last circle longer ago than
their tenant keeps data; nobody else is."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from kring.circles.models import MemberStatus
from kring.cli import main
from kring.core.db import today
from kring.core.methodology.quality import add_months
from kring.core.tenancy import Tenant, TenantStatus, tenant_scope
from kring.extensions import db
from kring.privacy import jobs, retention
from kring.tenants.files import TenantFileError
from tests.conftest import World


def _left(world: World, who: str, months_ago: int) -> None:
    member = world.members[who]
    member.status = MemberStatus.left
    member.left_on = add_months(today(), -months_ago)
    db.session.flush()


def test_a_participant_who_left_longer_ago_than_kept_is_erased(
    tenant: Tenant, world: World
) -> None:
    _left(world, "other", 25)
    done = retention.run(tenant, today())
    assert done.due == [world.people["other"].id] and done.erased == 1
    person = world.people["other"]
    db.session.refresh(person)
    assert person.erased_at is not None and person.name == f"#{person.id}"


def test_nobody_else_is_due(tenant: Tenant, world: World) -> None:
    _left(world, "other", 23)  # not long enough ago
    assert retention.run(tenant, today(), dry_run=True).due == []
    # still in a circle, never in one (Uma), or staff who once took part (the coach)
    _left(world, "coach", 30)
    assert retention.due(retention.cutoff_for(tenant, today())) == []


def test_each_tenant_keeps_data_as_long_as_it_says(tenant: Tenant, world: World) -> None:
    _left(world, "other", 7)
    assert retention.run(tenant, today(), dry_run=True).due == []
    tenant.retention_months = 6
    assert retention.run(tenant, today(), dry_run=True).due == [world.people["other"].id]


def test_a_dry_run_erases_nobody(tenant: Tenant, world: World) -> None:
    _left(world, "other", 25)
    done = retention.run(tenant, today(), dry_run=True)
    assert done.due and done.erased == 0
    assert world.people["other"].erased_at is None


def test_the_daily_job_runs_in_every_active_tenant(
    tenant: Tenant, other_tenant: Tenant, world: World
) -> None:
    _left(world, "other", 25)
    other_tenant.status = TenantStatus.suspended
    db.session.flush()
    assert jobs.retention_everywhere() == 1
    with tenant_scope(tenant):
        assert retention.due(retention.cutoff_for(tenant, today())) == []
    person = world.people["other"]
    db.session.refresh(person)
    assert person.erased_at is not None
    for fn in (jobs.retention_everywhere, jobs.retention_tenant):
        assert fn.spec.timeout > 0 and fn.spec.retry.max >= 1 and fn.spec.single


def test_the_command_reports_and_erases_with_a_dry_run_first(
    app: Flask, tenant: Tenant, world: World
) -> None:
    _left(world, "other", 25)
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(main, ["people", "retention", "--tenant", tenant.slug, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 former participant(s) due in 1 tenant(s)." in dry.output
    done = runner.invoke(main, ["people", "retention", "--tenant", tenant.slug])
    assert "1 former participant(s) erased in 1 tenant(s)." in done.output
    again = runner.invoke(main, ["people", "retention", "--tenant", tenant.slug])
    assert "0 former participant(s) erased" in again.output
    wrong = runner.invoke(main, ["people", "retention", "--tenant", "nergens"])
    assert wrong.exit_code != 0 and "no tenant with slug 'nergens'" in wrong.output


@pytest.mark.parametrize("value", ["0", "121", "twee jaar", "true", "1.5"])
def test_a_tenant_file_keeps_retention_in_whole_months_from_1_to_120(
    app: Flask, tmp_path: Any, value: str
) -> None:
    from kring.tenants.files import parse

    path = tmp_path / "bewaar.yaml"
    head = "slug: bewaar\nname: Bewaar\nkind: municipality\n"
    path.write_text(f"{head}retention_months: {value}\n", encoding="utf-8")
    with pytest.raises(TenantFileError, match="retention_months"):
        parse(path, app.extensions["kring.plugins"], allow_passwords=False)
    path.write_text(f"{head}retention_months: 36\n", encoding="utf-8")
    assert parse(path, app.extensions["kring.plugins"], False).retention_months == 36
