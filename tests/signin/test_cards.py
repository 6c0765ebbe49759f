"""Sign-in cards: a coach prints one, the participant signs in with its link, a new card or a
revocation stops the old one, and nobody with a staff role can be signed in by a card."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role, RoleGrant, User
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.signin.models import SignInLink
from tests.conftest import World

_LINK = re.compile(r'<p class="sign-in-card-link"><a href="([^"]+)"')


def _card_page(client: Any, tenant: Tenant, person: Any) -> str:
    page = f"/t/{tenant.slug}/people/{person.id}/sign-in-card"
    response = client.form(page, {})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def _print_card(client: Any, tenant: Tenant, person: Any) -> str:
    """Print a card for ``person`` and return the path of its link."""
    html = _card_page(client, tenant, person)
    match = _LINK.search(html)
    assert match, html
    return match.group(1).removeprefix("http://localhost")


def _sign_in_with(client: Any, link: str) -> Any:
    return client.form(link, {})


def test_a_coach_prints_a_card_and_the_participant_signs_in_with_its_link(
    app: Flask, client: Any, tenant: Tenant, world: World
) -> None:
    olga = world.people["other"]  # a member of the coach's circle, without a login
    world.login(client, tenant, "coach")
    html = _card_page(client, tenant, olga)
    assert "<svg" in html and "qr-code" in html and "Olga Anders" in html
    link = _LINK.search(html).group(1).removeprefix("http://localhost")  # type: ignore[union-attr]

    participant = app.test_client()
    participant.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    welcome = participant.get(link)
    assert welcome.status_code == 200 and "Sign in" in welcome.get_data(as_text=True)
    # Opening the link alone signs nobody in (link previews fetch it too).
    assert participant.get(f"/t/{tenant.slug}/").status_code == 302
    response = _sign_in_with(participant, link)
    assert response.status_code == 302 and response.location.endswith(f"/t/{tenant.slug}/")
    assert participant.get(f"/t/{tenant.slug}/people/{olga.id}").status_code == 200

    db.session.expire_all()  # the requests changed Olga in sessions of their own
    user = db.session.get(User, olga.user_id)
    assert user is not None and user.email is None and user.password_hash is None
    roles = db.session.execute(select(RoleGrant.role).where(RoleGrant.user_id == user.id))
    assert list(roles.scalars()) == [Role.participant]


def test_only_a_hash_of_the_link_is_kept(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "coach")
    link = _print_card(client, tenant, world.people["other"])
    token = link.rsplit("/", 1)[1]
    stored = db.session.execute(select(SignInLink.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64


def test_a_new_card_stops_the_old_one(
    app: Flask, client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    first = _print_card(client, tenant, world.people["other"])
    second = _print_card(client, tenant, world.people["other"])
    assert first != second
    assert client.get(first).status_code == 404
    assert app.test_client().post(first, data={}).status_code in (400, 404)
    assert client.get(second).status_code == 200


def test_stopping_a_card_signs_the_participant_out_everywhere(
    app: Flask, client: Any, tenant: Tenant, world: World
) -> None:
    olga = world.people["other"]
    world.login(client, tenant, "coach")
    link = _print_card(client, tenant, olga)
    participant = app.test_client()
    assert _sign_in_with(participant, link).status_code == 302
    assert participant.get(f"/t/{tenant.slug}/").status_code == 200

    page = f"/t/{tenant.slug}/people/{olga.id}/sign-in-card"
    assert client.form(f"{page}/revoke", {}, page=page).status_code == 302
    assert "no sign-in card that works" in client.get(page).get_data(as_text=True)
    assert participant.get(f"/t/{tenant.slug}/").status_code == 302  # signed out
    assert participant.get(link).status_code == 404


def test_a_participant_with_a_login_keeps_it(client: Any, tenant: Tenant, world: World) -> None:
    piet = world.people["participant"]
    world.login(client, tenant, "coach")
    _print_card(client, tenant, piet)
    db.session.expire_all()
    assert piet.user_id == world.users["participant"].id
    assert db.session.execute(select(User.id).where(User.email.is_(None))).first() is None


def test_no_card_for_a_login_with_a_staff_role(client: Any, tenant: Tenant, world: World) -> None:
    world.login(client, tenant, "coach")
    page = f"/t/{tenant.slug}/people/{world.people['volunteer'].id}/sign-in-card"
    response = client.form(page, {})
    assert response.status_code == 409
    assert "only for participants" in response.get_data(as_text=True)
    assert db.session.execute(select(SignInLink.id)).first() is None


def test_no_card_for_someone_who_is_no_circles_participant(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "leader")
    page = f"/t/{tenant.slug}/people/{world.people['uma'].id}/sign-in-card"
    response = client.form(page, {})
    assert response.status_code == 409
    assert "takes part in none as a participant" in response.get_data(as_text=True)


def test_only_those_who_reach_the_person_fully_print_cards(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    outside = f"/t/{tenant.slug}/people/{world.people['b'].id}/sign-in-card"
    assert client.get(outside).status_code == 404
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    world.login(client, tenant, "volunteer")
    inside = f"/t/{tenant.slug}/people/{world.people['other'].id}/sign-in-card"
    assert client.get(inside).status_code == 403


def test_a_link_works_only_in_its_own_tenant(
    client: Any, tenant: Tenant, other_tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    link = _print_card(client, tenant, world.people["other"])
    assert client.get(link.replace(tenant.slug, other_tenant.slug, 1)).status_code == 404
    assert client.get(f"/t/{tenant.slug}/in/not-a-card").status_code == 404


def test_the_card_api(client: Any, tenant: Tenant, world: World, api: str) -> None:
    world.login(client, tenant, "coach")
    path = f"{api}/people/{world.people['other'].id}/sign-in-card"
    assert client.get(path).get_json()["active"] is False
    issued = client.send("POST", path)
    assert issued.status_code == 201
    body = issued.get_json()
    assert body["active"] is True and f"/t/{tenant.slug}/in/" in body["url"]
    assert "url" not in client.get(path).get_json()
    assert client.send("DELETE", path).status_code == 204
    assert client.get(path).get_json()["active"] is False
    staff = client.send("POST", f"{api}/people/{world.people['volunteer'].id}/sign-in-card")
    assert staff.status_code == 409
    assert "signin.staff" in {u["rule"] for u in staff.get_json()["unmet"]}


def test_a_coach_prints_cards_for_the_circles_participants_on_one_sheet(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    world.login(client, tenant, "coach")
    circle_page = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert f"/circles/{world.a.id}/sign-in-cards" in circle_page
    page = f"/t/{tenant.slug}/circles/{world.a.id}/sign-in-cards"
    listing = client.get(page).get_data(as_text=True)
    assert "Olga Anders" in listing and "Piet Deelnemer" in listing
    assert "Vera Vrijwilliger" not in listing  # the volunteer is no participant
    olga, piet = world.people["other"].id, world.people["participant"].id
    sheet = client.form(page, {"person_id": [str(olga), str(piet)]})
    assert sheet.status_code == 200
    assert len(_LINK.findall(sheet.get_data(as_text=True))) == 2
    assert "has a card since" in client.get(page).get_data(as_text=True)
    assert client.form(page, {}).status_code == 422  # nobody chosen

    listed = client.get(f"{api}/circles/{world.a.id}/sign-in-cards").get_json()
    assert {r["person_id"]: r["active"] for r in listed} == {olga: True, piet: True}
    again = client.send("POST", f"{api}/circles/{world.a.id}/sign-in-cards", {"person_ids": [olga]})
    assert again.status_code == 201 and again.get_json()[0]["url"]
    stranger = world.people["b"].id
    wrong = client.send(
        "POST", f"{api}/circles/{world.a.id}/sign-in-cards", {"person_ids": [stranger]}
    )
    assert wrong.status_code == 422 and "person_ids" in wrong.get_json()["errors"]["json"]
    outside = f"/t/{tenant.slug}/circles/{world.b.id}/sign-in-cards"
    assert client.get(outside).status_code == 404


def test_a_participant_who_leaves_their_last_circle_loses_their_card(
    app: Flask, client: Any, tenant: Tenant, world: World
) -> None:
    from kring.circles import membership
    from kring.core.db import today
    from kring.signin import service
    from kring.testing.builders import hooks_for

    world.login(client, tenant, "coach")
    _print_card(client, tenant, world.people["other"])
    db.session.expire_all()
    olga = world.people["other"]
    assert service.status(olga).card is not None
    membership.end_membership(
        world.members["other"], "moved_away", hooks_for(app, "proefkring"), None, today()
    )
    assert service.status(olga).card is None
