"""The Quality page: the tenant's circles against the methodology everywhere (no other
tenant named), the yearly quality report on screen, as PDF and JSON, and the pseudonymised
research export with its documented columns; nothing of a resident leaves, small counts are
not given, and every file is an export in the access log."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from kring.access.models import AccessLogEntry
from kring.core.accounts import Role
from kring.core.db import today
from kring.core.methodology import Phrase, Survey
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.reports import research
from kring.reports.yearly import Month
from tests.reports.test_audit_report import pdf_text
from tests.reports.test_documented_columns import documented_columns
from tests.trainer.conftest import MARKER, Quality
from tests.trainer.conftest import quality as quality  # the trainer's two marked tenants


@pytest.fixture
def staff(tenant: Tenant, make_user: Any) -> dict[str, Any]:
    return {
        "admin": make_user(tenant, Role.tenant_admin, email="beheer@example.org"),
        "leader": make_user(tenant, Role.project_leader, email="leider@example.org"),
        "coach": make_user(tenant, Role.coach, email="coach@example.org"),
    }


def _login(client: Any, tenant: Tenant, user: Any) -> Any:
    from kring.testing.factories import DEFAULT_PASSWORD

    assert client.login(tenant, user.email, DEFAULT_PASSWORD).status_code == 302
    return client


def _rows(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body)))


def _exports(kind: str) -> list[AccessLogEntry]:
    return list(
        db.session.execute(
            select(AccessLogEntry).where(
                AccessLogEntry.subject_type == "export", AccessLogEntry.export == kind
            )
        ).scalars()
    )


def test_the_research_export_is_pseudonymised_documented_and_logged(
    client: Any, tenant: Tenant, other_tenant: Tenant, quality: Quality, staff: dict[str, Any]
) -> None:
    _login(client, tenant, staff["admin"])
    year = today().year
    answer = client.get(f"/t/{tenant.slug}/quality/research.csv?year={year}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    body = answer.get_data(as_text=True)
    assert MARKER not in body and other_tenant.name not in body and tenant.name not in body
    header = next(csv.reader(io.StringIO(body)))
    fixed = documented_columns("The research export")
    assert tuple(header[: len(fixed)]) == fixed == research.COLUMNS
    assert header[len(fixed) :] == [  # the test methodology's two instruments
        "cijfer_average",
        "cijfer_answers",
        "self_reliance_5_average",
        "self_reliance_5_answers",
    ]
    rows = _rows(body)
    assert len(rows) == 2 * today().month  # two circles, each month of the year so far
    circle_ids = {str(a.circle_id) for a in quality.audits.values()}
    assert not {r["circle"] for r in rows} & circle_ids
    this_month = [r for r in rows if r["month"] == today().strftime("%Y-%m")]
    assert sorted(r["participants"] for r in this_month) == ["", "6"]
    satisfied = next(r for r in this_month if r["participants"] == "6")
    assert satisfied["fidelity"] == "80"
    again = _rows(client.get(f"/t/{tenant.slug}/quality/research.csv").get_data(as_text=True))
    assert {r["circle"] for r in again}.isdisjoint({r["circle"] for r in rows})
    logged = _exports("research.csv")
    assert len(logged) == 2 and logged[0].record_count == 8


def test_the_quality_page_sets_the_tenant_beside_everywhere_naming_no_other_tenant(
    client: Any, tenant: Tenant, other_tenant: Tenant, quality: Quality, staff: dict[str, Any]
) -> None:
    for who in ("admin", "leader"):
        _login(client, tenant, staff[who])
        page = client.get(f"/t/{tenant.slug}/quality")
        assert page.status_code == 200, who
        text = page.get_data(as_text=True)
        assert other_tenant.name not in text and MARKER not in text
        assert "Everywhere" in text and "Ahoek" in text
        benchmark = client.get(f"/t/{tenant.slug}/api/v1/quality/benchmark").get_json()
        assert benchmark[0]["own_circles"] == 2 and benchmark[0]["wide_circles"] == 4
        assert other_tenant.name not in str(benchmark)
        client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token("/")})


def test_the_yearly_report_on_screen_as_json_and_pdf_gives_no_small_count(
    client: Any, tenant: Tenant, quality: Quality, staff: dict[str, Any]
) -> None:
    _login(client, tenant, staff["leader"])
    year = today().year
    page = client.get(f"/t/{tenant.slug}/quality/{year}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"Quality report {year}" in text and "<svg" in text
    body = client.get(f"/t/{tenant.slug}/api/v1/quality/{year}").get_json()
    (m,) = body["methodologies"]
    assert m["circles"] == 2 and m["participants"] == 8
    assert {c["participants"] for c in m["named"]} == {6, None}
    assert m["audits"]["opened"] == 2
    pdf = client.get(f"/t/{tenant.slug}/quality/{year}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert f"Quality report {year}" in pdf_text(pdf.data)
    assert _exports("quality-report.pdf")[0].record_count == 8


def test_only_project_leaders_and_tenant_admins_take_them_and_years_are_checked(
    client: Any, tenant: Tenant, quality: Quality, staff: dict[str, Any]
) -> None:
    _login(client, tenant, staff["coach"])
    assert client.get(f"/t/{tenant.slug}/quality").status_code == 403
    assert client.get(f"/t/{tenant.slug}/quality/research.csv").status_code == 403
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token("/")})
    _login(client, tenant, staff["admin"])
    assert client.get(f"/t/{tenant.slug}/quality/{today().year + 1}").status_code == 404
    assert client.get(f"/t/{tenant.slug}/quality/research.csv?year=abc").status_code == 404
    wrong = client.get(f"/t/{tenant.slug}/api/v1/quality/research.csv?year=abc")
    assert wrong.status_code == 422 and "year" in wrong.get_json()["errors"]["query"]


def test_an_instruments_average_leaves_only_over_five_answers(methodology: Any) -> None:
    survey = Survey(
        key="tevredenheid",
        title=Phrase(en="Satisfaction", nl="Tevredenheid"),
        for_roles=("deelnemer",),
    )
    measured = replace(methodology, surveys=(survey,))

    def month(circle_id: int, people: int, answers: tuple[float, ...]) -> Month:
        return Month(
            circle_id=circle_id,
            methodology_key=measured.key,
            organisation_kind="care",
            month=date(2026, 3, 1),
            phase="draaien",
            participants=frozenset(range(circle_id * 100, circle_id * 100 + people)),
            meetings_held=4,
            present=18,
            attendance_taken=24,
            help_done=2,
            fidelity=70,
            outcomes={"tevredenheid": answers},
        )

    made = research.export(
        [month(1, 6, (8, 9, 7, 8, 8)), month(2, 3, (9, 9, 9))], {measured.key: measured}
    )
    assert made.header[-2:] == ("tevredenheid_average", "tevredenheid_answers")
    big, small = made.rows
    assert big[5:8] == (6, 4, 75) and big[-2:] == (8.0, 5)
    assert small[5:8] == (None, 4, None) and small[-2:] == (None, None)
    assert made.residents == 9
