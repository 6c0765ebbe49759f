"""The safety net's pages: the volunteer logs a contact and raises an escalation from the
contact log, the coach finds it on the home page and answers, passes up and resolves it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.safetynet.models import Contact, Escalation
from tests.conftest import World


def _raise_as_volunteer(client: Any, tenant: Tenant, world: World, **fields: Any) -> Any:
    base = f"/t/{tenant.slug}/circles/{world.a.id}/escalations"
    data = {
        "person": world.people["participant"].id,
        "severity": "spoed",
        "question": "Eet slecht sinds vorige week",
        **fields,
    }
    return client.form(base, data, page=f"{base}/new")


def test_volunteer_logs_a_contact_and_sees_it_in_the_log(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    log_page = f"/t/{tenant.slug}/circles/{world.a.id}/contacts"
    form = client.get(f"{log_page}/new").get_data(as_text=True)
    assert "<legend>How</legend>" in form and "Piet Deelnemer (participant)" in form
    response = client.form(
        log_page,
        {
            "person": world.people["participant"].id,
            "contact_on": "2026-03-01",
            "kind": "call",
            "note": "Boodschappen geregeld",
        },
        page=f"{log_page}/new",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    html = client.get(log_page).get_data(as_text=True)
    assert "Boodschappen geregeld" in html and "phone call" in html


def test_bad_contact_input_names_each_field_and_a_stranger_is_refused(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    log_page = f"/t/{tenant.slug}/circles/{world.a.id}/contacts"
    response = client.form(
        log_page, {"person": "", "contact_on": "", "kind": "fax"}, page=f"{log_page}/new"
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose who you were in touch with." in html and "Enter the date." in html
    stranger = client.form(
        log_page,
        {"person": world.people["b"].id, "contact_on": "2026-03-01", "kind": "visit"},
        page=f"{log_page}/new",
    )
    assert stranger.status_code == 422
    assert db.session.execute(select(Contact)).first() is None


def test_coach_answers_passes_up_and_resolves_what_the_volunteer_raised(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    raised = _raise_as_volunteer(client, tenant, world, is_sensitive="y")
    assert raised.status_code == 302, raised.get_data(as_text=True)
    escalation = db.session.execute(select(Escalation)).scalar_one()
    page = f"/t/{tenant.slug}/escalations/{escalation.id}"
    assert "Eet slecht" in client.get(page).get_data(as_text=True)
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token(page)})

    world.login(client, tenant, "coach")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert 'aria-labelledby="panel-open-escalations"' in home and "Piet Deelnemer" in home
    assert "Eet slecht" in client.get(page).get_data(as_text=True)  # a begeleider reads it
    assert (
        client.form(f"{page}/answer", {"text": "Ik bel haar morgen"}, page=page).status_code == 302
    )
    passed = client.form(f"{page}/pass-up", {}, page=page)
    assert passed.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Ik bel haar morgen" in html and 'aria-current="step"' in html
    assert "care services" in html and "Pass it on" not in html  # the top of the ladder
    assert client.form(f"{page}/pass-up", {}, page=page).status_code == 409
    empty = client.form(f"{page}/resolve", {"resolution": ""}, page=page)
    assert empty.status_code == 422
    assert "Write down how it was resolved." in empty.get_data(as_text=True)
    assert client.form(f"{page}/resolve", {"resolution": "Huisarts"}, page=page).status_code == 302
    db.session.refresh(escalation)
    assert escalation.resolved_at is not None and escalation.step == 2


def test_the_leader_handles_it_but_does_not_read_a_sensitive_question(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    _raise_as_volunteer(client, tenant, world, is_sensitive="y")
    escalation = db.session.execute(select(Escalation)).scalar_one()
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "leader")
    html = client.get(f"/t/{tenant.slug}/escalations/{escalation.id}").get_data(as_text=True)
    assert "Piet Deelnemer" in html and "Eet slecht" not in html
    assert "A sensitive question" in html and "Save the answer" in html


def test_volunteer_sees_contacts_due_and_may_not_handle_escalations(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert 'aria-labelledby="panel-contacts-due"' in home and "Piet Deelnemer" in home
    assert "panel-open-escalations" not in home
    _raise_as_volunteer(client, tenant, world)
    escalation = db.session.execute(select(Escalation)).scalar_one()
    page = f"/t/{tenant.slug}/escalations/{escalation.id}"
    assert "Save the answer" not in client.get(page).get_data(as_text=True)
    assert client.form(f"{page}/answer", {"text": "Zelf"}, page=page).status_code == 403


def test_participants_and_admins_have_no_contact_log(
    client: Any, tenant: Tenant, world: World
) -> None:
    for who in ("participant", "admin"):
        world.login(client, tenant, who)
        assert client.get(f"/t/{tenant.slug}/circles/{world.a.id}/contacts").status_code == 403
        client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})


def test_the_pages_speak_the_methodologys_words_in_dutch(
    client: Any, tenant: Tenant, world: World
) -> None:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    world.login(client, tenant, "volunteer")
    html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}/escalations/new").get_data(
        as_text=True
    )
    assert "begeleider" in html and "spoed" in html


def _many(world: World, count: int) -> None:
    """``count`` more contacts and escalations in circle A, about its two members."""
    from datetime import date, timedelta

    from kring.core.db import utcnow
    from kring.safetynet.models import ContactKind

    for i in range(count):
        person = world.people["participant" if i % 2 else "other"].id
        db.session.add(
            Contact(
                circle_id=world.a.id,
                person_id=person,
                contact_on=date(2026, 1, 1) + timedelta(days=i),
                kind=ContactKind.visit,
                note=f"Notitie {i}",
                logged_by_id=world.users["volunteer"].id,
            )
        )
        db.session.add(
            Escalation(
                circle_id=world.a.id,
                person_id=person,
                severity="routine",
                question=f"Vraag {i}",
                is_sensitive=bool(i % 2),
                raised_by_id=world.users["volunteer"].id,
                due_by=utcnow() + timedelta(hours=i - 2),
            )
        )
    db.session.commit()


def test_safety_net_pages_keep_their_query_budget_as_the_log_grows(
    client: Any, tenant: Tenant, world: World, count_queries: Any
) -> None:
    world.login(client, tenant, "coach")
    pages = [
        f"/t/{tenant.slug}/circles/{world.a.id}/contacts",
        f"/t/{tenant.slug}/escalations/",
        f"/t/{tenant.slug}/",
    ]
    _many(world, 1)
    few = []
    for path in pages:
        with count_queries() as log:
            assert client.get(path).status_code == 200
        few.append(log.count)
    _many(world, 6)
    for path, budget in zip(pages, few, strict=True):
        with count_queries() as log:
            assert client.get(path).status_code == 200
        assert log.count == budget <= 25, path


def test_the_circle_page_leads_to_its_contact_log(
    client: Any, tenant: Tenant, world: World
) -> None:
    log_page = f"/t/{tenant.slug}/circles/{world.a.id}/contacts"
    for who, shown in (("volunteer", True), ("participant", False)):
        world.login(client, tenant, who)
        html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
        assert (f'href="{log_page}"' in html) is shown, who
        client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
