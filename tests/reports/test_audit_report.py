"""The audit report: the circle's coach and project leader take it as PDF and CSV, in their
language, with the coach's remarks; a central trainer's version never holds them; every
download is an export in the access log; nobody else finds it."""

from __future__ import annotations

import csv
import io
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from kring.access.models import AccessLogEntry
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.reports import audit as audit_report
from tests.conftest import World
from tests.reports.conftest import REMARK, Audited, speak


def pdf_text(body: bytes) -> str:
    """The PDF's text with every run of white space one space (table cells wrap lines)."""
    reader = PdfReader(io.BytesIO(body))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def url(tenant: Tenant, audited: Audited, suffix: str = "") -> str:
    return f"/t/{tenant.slug}/audits/{audited.audit.id}/report{suffix}"


def exports() -> list[AccessLogEntry]:
    return list(
        db.session.execute(
            select(AccessLogEntry).where(AccessLogEntry.subject_type == "export")
        ).scalars()
    )


def test_coach_downloads_the_pdf_in_dutch_with_criteria_findings_evidence_and_remark(
    client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    world.login(client, tenant, "coach")
    speak(client, tenant, "nl")
    response = client.get(url(tenant, audited, ".pdf"))
    assert response.status_code == 200
    assert response.content_type == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.data)
    assert "Kwaliteitsaudit van Buurtcirkel Wijk A" in text
    assert "Deelnemers gaven dit jaar een rapportcijfer voor hun tevredenheid" in text
    assert "Gemiddeld rapportcijfer 8,4 uit 9 antwoorden" in text
    assert "Average mark" not in text
    assert "Remco Geheimnaam" in text
    assert "Plan de zomeravonden vooruit" in text and "1 juni 2026" in text
    assert "Pagina 1 van" in text
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_the_report_reads_in_english_for_an_english_reader(
    client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    world.login(client, tenant, "coach")
    speak(client, tenant, "en")
    text = pdf_text(client.get(url(tenant, audited, ".pdf")).data)
    assert "Quality audit of Buurtcirkel Wijk A" in text
    assert "Participants rated their satisfaction" in text
    assert "Average mark 8.4 from 9 answers" in text
    assert "Gemiddeld rapportcijfer" not in text
    assert "Page 1 of" in text


def test_the_trainers_version_holds_no_remark(app: Any, audited: Audited) -> None:
    with app.test_request_context():
        trainer = pdf_text(audit_report.pdf(audited.audit, for_trainer=True, locale="nl"))
        tenant_version = pdf_text(audit_report.pdf(audited.audit, locale="nl"))
    assert "Gemiddeld rapportcijfer 8,4 uit 9 antwoorden" in trainer
    assert "Remco" not in trainer and "Geheimnaam" not in trainer
    assert "Versie voor de centrale trainer" in trainer
    assert "Remco Geheimnaam" in tenant_version


def test_the_csv_has_its_documented_columns_a_row_per_criterion_and_per_action(
    client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    world.login(client, tenant, "leader")
    speak(client, tenant, "nl")
    response = client.get(url(tenant, audited, ".csv"))
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == audit_report.CSV_COLUMNS
    kinds = [r["row"] for r in rows]
    assert kinds.count("criterion") == len(audited.hooks.methodology.audit_criteria)
    assert kinds.count("action") == 2
    weekly = next(r for r in rows if r["criterion"] == "weekly_meetings")
    assert weekly["finding"] == "Niet gehaald" and weekly["trainer_verdict"] == "Gehaald"
    assert weekly["remark"] == REMARK and weekly["fidelity"] == "72"
    action = next(r for r in rows if r["action"] == "Plan de zomeravonden vooruit")
    assert action["due_on"] == "2026-06-01" and action["done_on"] == ""


def test_every_download_writes_one_export_row_with_the_residents_it_touched(
    client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    world.login(client, tenant, "coach")
    client.get(url(tenant, audited, ".pdf"))
    client.get(url(tenant, audited, ".csv"))
    logged = exports()
    assert [(e.export, e.subject_id, e.record_count) for e in logged] == [
        ("audit-report.pdf", audited.audit.id, 2),
        ("audit-report.csv", audited.audit.id, 2),
    ]
    assert {e.user_id for e in logged} == {world.users["coach"].id}


def test_the_report_page_offers_both_downloads(
    client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    world.login(client, tenant, "coach")
    speak(client, tenant, "nl")
    page = client.get(url(tenant, audited)).get_data(as_text=True)
    assert "Download het rapport (PDF)" in page and url(tenant, audited, ".csv") in page
    assert "Gemiddeld rapportcijfer 8,4 uit 9 antwoorden" in page
    assert not exports()


def test_nobody_outside_the_circles_team_finds_the_report(
    client: Any, tenant: Tenant, world: World, audited: Audited
) -> None:
    for who, status in (("volunteer", 403), ("participant", 403), ("admin", 403)):
        world.login(client, tenant, who)
        assert client.get(url(tenant, audited, ".pdf")).status_code == status, who
        client.post(
            f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token(f"/t/{tenant.slug}/")}
        )
    assert not exports()


def test_the_api_serves_the_same_files_and_logs_them(
    client: Any, tenant: Tenant, world: World, audited: Audited, api: str
) -> None:
    world.login(client, tenant, "leader")
    pdf = client.get(
        f"{api}/audits/{audited.audit.id}/report.pdf", headers={"Accept-Language": "nl"}
    )
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert "Gemiddeld rapportcijfer 8,4 uit 9 antwoorden" in pdf_text(pdf.data)
    table = client.get(f"{api}/audits/{audited.audit.id}/report.csv")
    assert table.status_code == 200 and table.content_type == "text/csv; charset=utf-8"
    assert [e.export for e in exports()] == ["audit-report.pdf", "audit-report.csv"]


def test_the_api_answers_404_in_json_for_an_audit_outside_reach(
    client: Any, tenant: Tenant, world: World, audited: Audited, api: str
) -> None:
    from tests.reports.conftest import audit_of

    other = audit_of(world.b)
    world.login(client, tenant, "coach")
    response = client.get(f"{api}/audits/{other.id}/report.pdf")
    assert response.status_code == 404 and response.is_json
    assert not exports()


def test_the_tenant_admin_finds_the_export_on_the_access_log_page_and_in_its_api(
    client: Any, tenant: Tenant, world: World, audited: Audited, api: str
) -> None:
    world.login(client, tenant, "coach")
    client.get(url(tenant, audited, ".pdf"))
    client.post(
        f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token(f"/t/{tenant.slug}/")}
    )
    world.login(client, tenant, "admin")
    speak(client, tenant, "nl")
    page = client.get(f"/t/{tenant.slug}/access-log?exports=1").get_data(as_text=True)
    assert "auditrapport (PDF): gegevens van 2 bewoners" in page
    found = client.get(f"{api}/access-log?exports=true").get_json()
    assert [(r["export"], r["record_count"], r["subject_type"]) for r in found] == [
        ("audit-report.pdf", 2, "export")
    ]
