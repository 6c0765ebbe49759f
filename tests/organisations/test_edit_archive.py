"""A tenant admin edits and archives partner organisations and stops a methodology for one:
the circles keep their history, and a new circle is refused with a clear reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from kring.circles import phases
from kring.circles.models import Circle
from kring.core.journal import JournalEntry
from kring.core.rules import Refused, explain
from kring.extensions import db
from kring.organisations import service
from kring.organisations.models import Organisation
from kring.people import service as people
from kring.testing.builders import hooks_for, organisation_with, start_circle

TODAY = date(2026, 3, 2)


@pytest.fixture
def methodology_key() -> str:
    return "proefkring"


def _start(app: Any, organisation: Organisation, name: str) -> Circle:
    hooks = hooks_for(app, "proefkring")
    neighbourhood = people.create_neighbourhood(f"Wijk {name}", [], None, None)
    return phases.create_circle(hooks, organisation, neighbourhood, name, None, TODAY)


def test_stopping_a_methodology_keeps_circles_and_refuses_new_ones_in_words(
    app: Any, tenant: Any
) -> None:
    organisation = organisation_with("proefkring", "Zorg Stop")
    kept = start_circle(
        hooks_for(app, "proefkring"), "Blijft", "Wijk B", ["1111"], organisation, TODAY
    )
    service.disable(organisation, "proefkring", None)
    with pytest.raises(Refused) as refused:
        _start(app, organisation, "Nieuw")
    (unmet,) = refused.value.unmet
    assert unmet.rule == "methodology.disabled"
    text = explain(unmet, hooks_for(app, "proefkring").methodology, "en")
    assert "Zorg Stop starts no new" in text and "keep their history" in text
    assert db.session.get(Circle, kept.id) is not None
    assert service.summary(organisation).disabled_keys == ("proefkring",)
    assert all(e.organisation_id != organisation.id for e in service.enablements())
    service.enable(organisation, "proefkring", {"proefkring"}, None)  # enabling again undoes it
    assert _start(app, organisation, "Weer").id


def test_an_archived_organisation_starts_no_circle_until_it_is_back(app: Any, tenant: Any) -> None:
    organisation = organisation_with("proefkring", "Zorg Archief")
    service.archive(organisation, None)
    with pytest.raises(Refused) as refused:
        _start(app, organisation, "Nieuw")
    assert [u.rule for u in refused.value.unmet] == ["methodology.disabled"]
    service.restore(organisation, None)
    assert _start(app, organisation, "Terug").id
    actions = set(db.session.execute(select(JournalEntry.action)).scalars())
    assert {"organisation.archived", "organisation.restored"} <= actions


def test_admin_edits_archives_and_stops_a_methodology_on_the_page(
    signed_in_admin: Any, tenant: Any
) -> None:
    client = signed_in_admin
    organisation = organisation_with("proefkring", "Zorg Pagina")
    organisation_with("proefkring", "Zorg Anders")
    base = f"/t/{tenant.slug}/admin/organisations/{organisation.id}"
    page = client.get(base)
    assert page.status_code == 200 and "defined in files" in page.get_data(as_text=True)
    answer = client.form(base, {"name": "zorg anders", "kind": "care"})
    assert answer.status_code == 422 and "already exists" in answer.get_data(as_text=True)
    assert client.form(base, {"name": "", "kind": "castle"}).status_code == 422
    assert client.form(base, {"name": "Zorg Nieuw", "kind": "welfare"}).status_code == 302
    db.session.refresh(organisation)
    assert organisation.name == "Zorg Nieuw" and organisation.kind.value == "welfare"
    stop = f"{base}/methodologies/disable"
    assert client.form(stop, {"methodology": "nergens"}, page=base).status_code == 422
    assert client.form(stop, {"methodology": "proefkring"}, page=base).status_code == 302
    assert "Stopped" in client.get(base).get_data(as_text=True)
    assert client.form(f"{base}/archive", {}, page=base).status_code == 302
    listed = client.get(f"/t/{tenant.slug}/admin/organisations").get_data(as_text=True)
    assert "archived" in listed
    assert client.form(f"{base}/restore", {}, page=base).status_code == 302


def test_organisation_api_edits_archives_and_stops(
    signed_in_admin: Any, tenant: Any, api: str
) -> None:
    client = signed_in_admin
    organisation = organisation_with("proefkring", "Zorg Api")
    base = f"{api}/organisations/{organisation.id}"
    answer = client.send("PUT", base, {"name": "", "kind": "care"})
    assert answer.status_code == 422 and "name" in answer.get_json()["errors"]["json"]
    answer = client.send("PUT", base, {"name": "Zorg Api Twee", "kind": "housing"})
    assert answer.status_code == 200 and answer.get_json()["name"] == "Zorg Api Twee"
    answer = client.send("POST", f"{base}/methodologies/disable", {"methodology": "nergens"})
    assert answer.status_code == 422 and "methodology" in answer.get_json()["errors"]["json"]
    answer = client.send("POST", f"{base}/methodologies/disable", {"methodology": "proefkring"})
    assert answer.get_json()["stopped_methodologies"] == ["proefkring"]
    assert answer.get_json()["methodologies"] == []
    assert client.send("POST", f"{base}/archive").get_json()["archived"] is True
    assert client.send("DELETE", f"{base}/archive").get_json()["archived"] is False
    assert client.get(f"{api}/organisations/999999").status_code == 404
