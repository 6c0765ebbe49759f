from __future__ import annotations

from datetime import timedelta
from typing import Any

from kring.core.db import today
from kring.core.tenancy import Tenant
from kring.exchange import service
from kring.exchange.models import Talent
from kring.extensions import db
from tests.exchange.conftest import Ring


def test_help_round_trip_over_the_api(client: Any, tenant: Tenant, ring: Ring, api: str) -> None:
    service.add_words(Talent, ring.bob, "koken voor anderen", "cooking")
    db.session.flush()
    ring.login(client, tenant, "ann")
    board = f"{api}/circles/{ring.circle.id}/help"
    created = client.send("POST", board, {"what": "Een maaltijd koken", "category": "cooking"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["asked_by"] == {"id": ring.ann.id, "name": "Ann"}
    assert body["suggestions"] == [
        {"person": {"id": ring.bob.id, "name": "Bob"}, "category": "cooking", "words": ["koken"]}
    ]
    own = client.send("POST", f"{board}/{body['id']}/offer")
    assert own.status_code == 409 and own.get_json()["unmet"][0]["rule"] == "help.self"
    bad = client.send("POST", board, {"what": "", "category": "magic"})
    assert bad.status_code == 422
    assert {"what", "category"} <= set(bad.get_json()["errors"]["json"])
    assert [r["what"] for r in client.get(board).get_json()] == ["Een maaltijd koken"]


def test_offer_close_and_thanks_over_the_api(
    client: Any, tenant: Tenant, ring: Ring, api: str
) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "Gras maaien", None, None)
    db.session.flush()
    base = f"{api}/circles/{ring.circle.id}/help/{asked.id}"
    ring.login(client, tenant, "bob")
    assert client.send("POST", f"{base}/offer").get_json()["status"] == "offered"
    closed = client.send("POST", f"{base}/close", {"done": True})
    assert closed.get_json()["status"] == "done"
    assert client.send("POST", f"{base}/thanks", {"thanks": "x"}).status_code == 409
    assert client.send("POST", f"{base}/close", {}).status_code == 422


def test_talents_contacts_and_encounters_over_the_api(
    client: Any, tenant: Tenant, ring: Ring, api: str
) -> None:
    ring.login(client, tenant, "ann")
    talents = f"{api}/people/{ring.ann.id}/talents"
    added = client.send("POST", talents, {"kind": "wish", "words": "Hulp met de tuin"})
    assert added.status_code == 201
    assert [(w["words"], w["category"]) for w in added.get_json()["wishes"]] == [
        ("Hulp met de tuin", None)
    ]
    assert client.get(f"{api}/people/{ring.bob.id}/talents").status_code == 200  # same circle
    others = client.send(
        "POST", f"{api}/people/{ring.bob.id}/talents", {"kind": "talent", "words": "x"}
    )
    assert others.status_code == 404
    contact = client.send(
        "POST", f"{api}/people/{ring.ann.id}/contacts", {"kind": "church", "description": "koor"}
    )
    assert contact.status_code == 201 and contact.get_json()["kind"] == "church"
    assert client.get(f"{api}/people/{ring.bob.id}/contacts").status_code == 404
    met = client.send(
        "POST",
        f"{api}/circles/{ring.circle.id}/encounters",
        {"other_id": ring.cas.id, "met_on": (today() - timedelta(days=3)).isoformat()},
    )
    assert met.status_code == 201, met.get_json()
    net = client.get(f"{api}/circles/{ring.circle.id}/network?months=12").get_json()
    assert net["met_total"] == 1 and net["edges"][0]["kind"] == "met"
    assert {m["name"] for m in net["members"]} == {"Ann", "Bob", "Cas"}
    assert len(net["trend"]) == 12
    assert client.get(f"{api}/circles/{ring.circle.id}/network?months=5").status_code == 422


def test_the_network_api_gives_counts_only_to_a_tenant_admin(
    client: Any, tenant: Tenant, ring: Ring, api: str
) -> None:
    ring.login(client, tenant, "admin")
    net = client.get(f"{api}/circles/{ring.circle.id}/network").get_json()
    assert net["members"] == [] and net["edges"] == [] and len(net["trend"]) == 12
    assert client.get(f"{api}/circles/{ring.circle.id}/help").status_code == 404


def test_wishes_meet_the_talents_that_fit_them(
    client: Any, tenant: Tenant, ring: Ring, api: str
) -> None:
    from kring.exchange.models import Wish

    service.add_words(Wish, ring.ann, "iemand die mijn gras maait", "garden")
    service.add_words(Talent, ring.bob, "grasmaaien", None)
    service.add_words(Talent, ring.cas, "tuinieren", "garden")
    service.add_words(Talent, ring.ann, "koken", "garden")  # her own talent never counts
    db.session.flush()
    ring.login(client, tenant, "bob")
    found = client.get(f"{api}/circles/{ring.circle.id}/matches").get_json()
    assert [
        (m["person"]["name"], m["helper"]["name"], m["category"], m["words"]) for m in found
    ] == [
        ("Ann Aalders", "Cas Cornelis", "garden", []),
        ("Ann Aalders", "Bob Bakker", None, ["gras"]),
    ]
    html = client.get(f"/t/{tenant.slug}/circles/{ring.circle.id}/help").get_data(as_text=True)
    assert "Wishes and talents that fit" in html and "Cas Cornelis could help" in html


def test_own_talents_wishes_and_contacts_are_removed_over_the_api(
    client: Any, tenant: Tenant, ring: Ring, api: str
) -> None:
    from kring.exchange.models import ContactKind, Wish

    talent = service.add_words(Talent, ring.ann, "koken", None)
    wish = service.add_words(Wish, ring.ann, "tuin", None)
    contact = service.add_contact(ring.ann, ContactKind.club, "biljart")
    bobs = service.add_words(Talent, ring.bob, "fietsen", None)
    db.session.flush()
    ring.login(client, tenant, "ann")
    mine = f"{api}/people/{ring.ann.id}"
    assert client.send("DELETE", f"{mine}/talents/{bobs.id}").status_code == 404
    assert client.send("DELETE", f"{api}/people/{ring.bob.id}/talents/{bobs.id}").status_code == 404
    assert client.send("DELETE", f"{mine}/talents/{talent.id}").status_code == 204
    assert client.send("DELETE", f"{mine}/wishes/{wish.id}").status_code == 204
    assert client.send("DELETE", f"{mine}/contacts/{contact.id}").status_code == 204
    assert client.get(f"{mine}/talents").get_json() == {
        "person_id": ring.ann.id,
        "talents": [],
        "wishes": [],
    }
    assert client.get(f"{mine}/contacts").get_json() == []
