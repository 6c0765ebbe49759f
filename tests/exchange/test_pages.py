from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from kring.core.tenancy import Tenant
from kring.exchange import service
from kring.exchange.models import HelpRequest, HelpStatus, OutsideContact, Talent
from kring.extensions import db
from tests.exchange.conftest import Ring


def _board(tenant: Tenant, ring: Ring) -> str:
    return f"/t/{tenant.slug}/circles/{ring.circle.id}/help"


def test_a_participant_asks_on_the_board_and_sees_first_names(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    ring.login(client, tenant, "ann")
    page = _board(tenant, ring)
    response = client.form(page, {"ask-what": "Wie maait mijn gras?", "ask-category": "garden"})
    assert response.status_code == 303
    asked = db.session.execute(select(HelpRequest)).scalar_one()
    assert (asked.asked_by_id, asked.category) == (ring.ann.id, "garden")
    html = client.get(page).get_data(as_text=True)
    assert "Wie maait mijn gras?" in html and "Asked by Ann " in html
    assert "Aalders" not in html  # a participant sees first names
    assert "I will help" not in html  # not on her own request


def test_a_blank_request_names_the_field(client: Any, tenant: Tenant, ring: Ring) -> None:
    ring.login(client, tenant, "ann")
    response = client.form(_board(tenant, ring), {"ask-what": " ", "ask-category": "nonsense"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Say what you would like help with." in html
    assert db.session.execute(select(HelpRequest)).first() is None


def test_a_volunteer_offers_closes_and_the_asker_thanks(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "Boodschappen doen", None, None)
    db.session.flush()
    ring.login(client, tenant, "bob")
    base = f"{_board(tenant, ring)}/{asked.id}"
    assert client.form(f"{base}/offer", {}).status_code == 303
    assert client.form(f"{base}/close", {"close-outcome": "done"}).status_code == 303
    db.session.refresh(asked)
    assert asked.status is HelpStatus.done
    refused = client.form(f"{base}/thanks", {"thanks-thanks": "Dank"})
    assert refused.status_code == 409
    assert "Only the one who asked says thank you" in refused.get_data(as_text=True)
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    ring.login(client, tenant, "ann")
    assert client.form(f"{base}/thanks", {"thanks-thanks": "Top, dank je!"}).status_code == 303
    html = client.get(_board(tenant, ring)).get_data(as_text=True)
    assert "Top, dank je!" in html and "Bob helps" in html


def test_the_project_leader_reads_the_board_but_does_not_ask(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    service.ask(ring.circle, ring.ann.id, "Een lamp ophangen", None, None)
    db.session.flush()
    ring.login(client, tenant, "leader")
    html = client.get(_board(tenant, ring)).get_data(as_text=True)
    assert "Een lamp ophangen" in html and "Ann Aalders" in html
    assert "Put it on the board" not in html and "I will help" not in html
    assert client.form(_board(tenant, ring), {"ask-what": "x"}).status_code == 403


def test_the_network_page_draws_the_picture_with_a_text_alternative_and_tables(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "koken", None, None)
    service.offer(asked, ring.circle, ring.bob.id, None)
    service.close(asked, ring.bob.id, True, None)
    db.session.flush()
    ring.login(client, tenant, "ann")
    circle_page = client.get(f"/t/{tenant.slug}/circles/{ring.circle.id}").get_data(as_text=True)
    assert f"/circles/{ring.circle.id}/network" in circle_page
    html = client.get(f"/t/{tenant.slug}/circles/{ring.circle.id}/network?months=3")
    text = html.get_data(as_text=True)
    assert html.status_code == 200
    svg = re.search(r'<svg role="img"[^>]*class="network-picture".*?</svg>', text, re.S)
    assert svg is not None
    assert "<title" in svg.group(0) and "Bob helped Ann once." in svg.group(0)
    assert svg.group(0).count("<circle") == 3
    assert "<caption>Who helped whom and who met whom</caption>" in text
    assert re.search(r"<th scope=\"row\"[^>]*>Bob</th>\s*<td[^>]*>helped</td>", text)
    assert "Help done per month" in text and "Aalders" not in text


def test_a_tenant_admin_sees_the_network_as_counts_only(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    ring.login(client, tenant, "admin")
    response = client.get(f"/t/{tenant.slug}/circles/{ring.circle.id}/network")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Help done per month" in html
    shown = re.sub(r'value="[^"]*"', "", html)  # the CSRF token is random text that may hold "Ann"
    assert "Ann" not in shown and "network-picture" not in html
    assert client.get(_board(tenant, ring)).status_code == 404


def test_my_talents_wishes_and_contacts(client: Any, tenant: Tenant, ring: Ring) -> None:
    ring.login(client, tenant, "ann")
    mine = f"/t/{tenant.slug}/exchange/mine"
    assert client.get(mine).status_code == 200
    added = client.form(
        f"{mine}/talents", {"talent-words": "Soep koken", "talent-category": "cooking"}, page=mine
    )
    assert added.status_code == 303
    client.form(f"{mine}/wishes", {"wish-words": "Gras maaien", "wish-category": ""}, page=mine)
    client.form(
        f"{mine}/contacts", {"contact-kind": "family", "contact-description": "zus Els"}, page=mine
    )
    html = client.get(mine).get_data(as_text=True)
    assert "Soep koken" in html and "Gras maaien" in html and "zus Els" in html
    talent = db.session.execute(select(Talent)).scalar_one()
    assert client.form(f"{mine}/talents/{talent.id}/delete", {}, page=mine).status_code == 303
    assert db.session.execute(select(Talent)).first() is None
    bad = client.form(f"{mine}/contacts", {"contact-kind": "pope", "contact-description": ""})
    assert bad.status_code == 422
    assert len(db.session.execute(select(OutsideContact)).all()) == 1


def test_someone_elses_talent_cannot_be_removed(client: Any, tenant: Tenant, ring: Ring) -> None:
    bobs = service.add_words(Talent, ring.bob, "fietsen maken", None)
    db.session.flush()
    ring.login(client, tenant, "ann")
    response = client.form(f"/t/{tenant.slug}/exchange/mine/talents/{bobs.id}/delete", {})
    assert response.status_code == 404


def test_home_shows_open_requests_of_others_in_my_circle(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    service.ask(ring.circle, ring.cas.id, "Een lift naar de huisarts", None, None)
    db.session.flush()
    ring.login(client, tenant, "bob")
    html = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Help in my group" in html and "Een lift naar de huisarts — Cas" in html


def test_acting_on_behalf_a_volunteer_asks_as_the_participant(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    ring.login(client, tenant, "bob")
    assert client.form(f"/t/{tenant.slug}/people/{ring.ann.id}/on-behalf", {}).status_code == 302
    client.form(_board(tenant, ring), {"ask-what": "Boodschappen voor Ann", "ask-category": ""})
    asked = db.session.execute(select(HelpRequest)).scalar_one()
    assert asked.asked_by_id == ring.ann.id
    html = client.get(_board(tenant, ring)).get_data(as_text=True)
    assert "Take the request back" in html and "I will help" not in html


def test_my_own_running_requests_show_on_my_home_and_closed_ones_apart(
    client: Any, tenant: Tenant, ring: Ring
) -> None:
    helped = service.ask(ring.circle, ring.ann.id, "Gras maaien", None, None)
    service.offer(helped, ring.circle, ring.bob.id, None)
    closed = service.ask(ring.circle, ring.ann.id, "Lamp ophangen", None, None)
    service.close(closed, ring.ann.id, False, None)
    db.session.flush()
    ring.login(client, tenant, "ann")
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert "Gras maaien — Bob helps" in home and "Lamp ophangen" not in home
    board = client.get(_board(tenant, ring)).get_data(as_text=True)
    running, _, recent = board.partition("Recently closed")
    assert "Gras maaien" in running and "Lamp ophangen" in recent
    assert "How did it go?" in running


def test_board_and_network_query_counts_do_not_grow_with_requests(
    client: Any, tenant: Tenant, ring: Ring, count_queries: Any
) -> None:
    def some_help(n: int) -> None:
        for i in range(n):
            r = service.ask(ring.circle, ring.ann.id, f"Hulp {i}", "garden", None)
            service.offer(r, ring.circle, ring.bob.id, None)
            service.close(r, ring.bob.id, True, None)
        service.add_words(Talent, ring.cas, "tuin", "garden")
        service.ask(ring.circle, ring.bob.id, "Tuin", "garden", None)
        db.session.flush()

    ring.login(client, tenant, "ann")
    pages = [_board(tenant, ring), f"/t/{tenant.slug}/circles/{ring.circle.id}/network"]
    some_help(1)
    with count_queries() as few:
        assert all(client.get(p).status_code == 200 for p in pages)
    some_help(6)
    with count_queries() as many:
        assert all(client.get(p).status_code == 200 for p in pages)
    assert many.count == few.count <= 40


def test_the_printed_week_shows_the_help_agreed(client: Any, tenant: Tenant, ring: Ring) -> None:
    asked = service.ask(ring.circle, ring.cas.id, "Boodschappen op dinsdag", None, None)
    service.offer(asked, ring.circle, ring.bob.id, None)
    db.session.flush()
    ring.login(client, tenant, "bob")
    html = client.get(f"/t/{tenant.slug}/week").get_data(as_text=True)
    assert "I help with:" in html and "Boodschappen op dinsdag — Cas" in html
    assert "To the help board of" not in html  # no links on paper


def test_a_meeting_outside_is_recorded_and_taken_back_by_its_recorder_only(
    client: Any, tenant: Tenant, ring: Ring, api: str
) -> None:
    from kring.core.db import today
    from kring.exchange.models import Encounter

    ring.login(client, tenant, "ann")
    page = _board(tenant, ring)
    met_on = today().isoformat()
    recorded = client.form(
        f"/t/{tenant.slug}/circles/{ring.circle.id}/met",
        {"met-other": str(ring.cas.id), "met-met_on": met_on},
        page=page,
    )
    assert recorded.status_code == 303
    encounter = db.session.execute(select(Encounter)).scalar_one()
    assert "Meetings you recorded" in client.get(page).get_data(as_text=True)
    theirs = service.record_encounter(ring.circle, ring.bob.id, ring.cas.id, today(), today())
    db.session.flush()
    other = f"{api}/circles/{ring.circle.id}/encounters/{theirs.id}"
    assert client.send("DELETE", other).status_code == 404
    removed = client.form(
        f"/t/{tenant.slug}/circles/{ring.circle.id}/met/{encounter.id}/delete", {}, page=page
    )
    assert removed.status_code == 303
    assert [e.id for e in db.session.execute(select(Encounter)).scalars()] == [theirs.id]


def test_the_circle_page_draws_its_network_picture(client: Any, tenant: Tenant, ring: Ring) -> None:
    ring.login(client, tenant, "ann")
    html = client.get(f"/t/{tenant.slug}/circles/{ring.circle.id}").get_data(as_text=True)
    assert 'class="network-picture"' in html and "<desc" in html  # with its text alternative
    assert "Who helped whom and who met whom" in html
