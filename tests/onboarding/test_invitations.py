"""A tenant admin invites staff by e-mail; the link names role and organisation, works for a
week, once, and not after it is revoked or sent again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role, RoleGrant, find_user_by_email
from kring.core.db import utcnow
from kring.core.journal import JournalEntry
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.onboarding import invitations
from kring.onboarding.models import Invitation
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory
from tests.onboarding.conftest import link_in


@pytest.fixture
def zorg(tenant: Tenant) -> Any:
    return OrganisationFactory(name="Zorg Samen")


def _invite(client: Any, tenant: Tenant, **data: Any) -> Any:
    path = f"/t/{tenant.slug}/admin/invitations"
    return client.form(path, {"email": "coach@example.org", "role": "coach", **data})


def _link(app: Flask, tenant: Tenant) -> str:
    return link_in(app, f"/t/{tenant.slug}/invitations/")


def test_an_invited_coach_accepts_and_signs_in_with_the_role_for_the_organisation(
    app: Flask, signed_in_admin: Any, tenant: Tenant, zorg: Any
) -> None:
    client = signed_in_admin
    answer = _invite(client, tenant, organisation=str(zorg.id), name="Cas Coach")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    listed = client.get(f"/t/{tenant.slug}/admin/invitations").get_data(as_text=True)
    assert "coach@example.org" in listed and "Zorg Samen" in listed
    link = _link(app, tenant)
    client.form(f"/t/{tenant.slug}/logout", {}, page=f"/t/{tenant.slug}/")
    landing = client.get(link)
    assert landing.status_code == 200
    text = landing.get_data(as_text=True)
    assert "as coach for Zorg Samen" in text and "Cas Coach" in text
    answer = client.form(link, {"name": "Cas Coach", "password": "kort", "confirm": "kort"})
    assert answer.status_code == 422
    secret = "een goed wachtwoord"
    answer = client.form(link, {"name": "Cas Coach", "password": secret, "confirm": secret})
    assert answer.status_code == 302
    user = find_user_by_email("coach@example.org")
    assert user is not None and user.name == "Cas Coach"
    grants = db.session.execute(select(RoleGrant).where(RoleGrant.user_id == user.id)).scalars()
    assert [(g.role, g.organisation_id) for g in grants] == [(Role.coach, zorg.id)]
    assert client.login(tenant, "coach@example.org", secret).status_code == 302
    assert client.get(link).status_code == 400  # spent
    actions = set(db.session.execute(select(JournalEntry.action)).scalars())
    assert {"invitation.sent", "invitation.accepted"} <= actions


def test_an_existing_account_proves_its_password_to_take_the_role(
    app: Flask, signed_in_admin: Any, tenant: Tenant, other_tenant: Tenant, make_user: Any
) -> None:
    make_user(other_tenant, Role.coach, email="elders@example.org")
    client = signed_in_admin
    assert _invite(client, tenant, email="Elders@Example.org", role="volunteer").status_code == 302
    link = _link(app, tenant)
    page = client.get(link).get_data(as_text=True)
    assert "has a Kring account already" in page
    assert client.form(link, {"password": "niet het wachtwoord"}).status_code == 422
    assert client.form(link, {"password": DEFAULT_PASSWORD}).status_code == 302
    with tenant_scope(tenant):
        roles = db.session.execute(select(RoleGrant.role)).scalars().all()
    assert Role.volunteer in roles


def test_invitations_refuse_a_participant_a_held_role_and_a_foreign_organisation(
    signed_in_admin: Any, tenant: Tenant, other_tenant: Tenant, admin: Any
) -> None:
    client = signed_in_admin
    assert _invite(client, tenant, role="participant").status_code == 422
    answer = _invite(client, tenant, email=admin.email, role="tenant_admin")
    assert answer.status_code == 422 and "holds this role" in answer.get_data(as_text=True)
    with tenant_scope(other_tenant):
        elsewhere = OrganisationFactory(name="Elders")
    assert _invite(client, tenant, organisation=str(elsewhere.id)).status_code == 422
    assert _invite(client, tenant, email="geen-adres").status_code == 422
    assert db.session.execute(select(Invitation)).first() is None


def test_revoking_or_sending_again_stops_the_old_link(
    app: Flask, signed_in_admin: Any, tenant: Tenant
) -> None:
    client = signed_in_admin
    assert _invite(client, tenant).status_code == 302
    first = _link(app, tenant)
    invitation = db.session.execute(select(Invitation)).scalar_one()
    base = f"/t/{tenant.slug}/admin/invitations/{invitation.id}"
    page = f"/t/{tenant.slug}/admin/invitations"
    assert client.form(f"{base}/resend", {}, page=page).status_code == 302
    second = _link(app, tenant)
    assert first != second
    assert client.get(first).status_code == 400 and client.get(second).status_code == 200
    assert client.form(f"{base}/revoke", {}, page=page).status_code == 302
    assert client.get(second).status_code == 400
    assert client.form(f"{base}/resend", {}, page=page).status_code == 409
    assert "No invitations are waiting" in client.get(page).get_data(as_text=True)


def test_a_link_past_its_week_or_of_another_tenant_does_not_work(
    app: Flask, client: Any, tenant: Tenant, other_tenant: Tenant
) -> None:
    invitation, secret = invitations.invite("laat@example.org", Role.coach, None, None)
    token = invitations.link_token(app.config["SECRET_KEY"], invitation, secret)
    with pytest.raises(invitations.Unusable):
        invitations.for_token(app.config["SECRET_KEY"], token, utcnow() + timedelta(days=8))
    assert invitations.for_token(app.config["SECRET_KEY"], token) is invitation
    db.session.commit()
    assert client.get(f"/t/{other_tenant.slug}/invitations/{token}").status_code == 400
    assert client.get(f"/t/{tenant.slug}/invitations/{token}").status_code == 200
    assert client.get(f"/t/{tenant.slug}/invitations/forged").status_code == 400


def test_only_the_tenant_admin_invites(client: Any, tenant: Tenant, signed_in: Any) -> None:
    assert client.get(f"/t/{tenant.slug}/admin/invitations").status_code == 403
    assert client.get(f"/t/{tenant.slug}/api/v1/invitations").status_code == 403


def test_invitations_api_invites_lists_resends_revokes_and_accepts(
    app: Flask, signed_in_admin: Any, tenant: Tenant, api: str
) -> None:
    client = signed_in_admin
    answer = client.send("POST", f"{api}/invitations", {"email": "x@example.org", "role": "boss"})
    assert answer.status_code == 422 and "role" in answer.get_json()["errors"]["json"]
    answer = client.send(
        "POST",
        f"{api}/invitations",
        {"email": "x@example.org", "role": "coach", "organisation_id": 99},
    )
    assert answer.status_code == 422 and "organisation_id" in answer.get_json()["errors"]["json"]
    answer = client.send("POST", f"{api}/invitations", {"email": "x@example.org", "role": "coach"})
    assert answer.status_code == 201 and answer.get_json()["status"] == "open"
    number = answer.get_json()["id"]
    assert [i["id"] for i in client.get(f"{api}/invitations").get_json()] == [number]
    assert client.send("POST", f"{api}/invitations/{number}/resend").status_code == 200
    token = _link(app, tenant).rsplit("/", 1)[1]
    answer = client.send("POST", f"{api}/invitations/accept", {"token": "forged", "password": "x"})
    assert answer.status_code == 400 and "token" in answer.get_json()["errors"]["json"]
    answer = client.send(
        "POST",
        f"{api}/invitations/accept",
        {"token": token, "name": "", "password": "lang genoeg!"},
    )
    assert answer.status_code == 422 and "name" in answer.get_json()["errors"]["json"]
    answer = client.send(
        "POST",
        f"{api}/invitations/accept",
        {"token": token, "name": "Xander", "password": "lang genoeg!"},
    )
    assert answer.status_code == 201 and answer.get_json()["role"] == "coach"
    assert client.send("DELETE", f"{api}/invitations/{number}").status_code == 409
    assert client.get(f"{api}/invitations").get_json() == []
