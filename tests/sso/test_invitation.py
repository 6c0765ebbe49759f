"""An invited staff member accepts with the tenant's provider instead of a password: the new
login has the invited role (from Kring, not the provider), is keyed on the provider account's
(issuer, subject) and has no password; the invitation is spent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kring.core.accounts import Role, RoleGrant, User
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.onboarding import invitations
from kring.sso import service
from tests.sso.conftest import connect, link, to_provider_and_back


def _invitation(app: Any, email: str = "nieuw@zorg.example.org") -> tuple[Any, str]:
    invitation, secret = invitations.invite(email, Role.coach, None, None, name="Nina Nieuw")
    db.session.commit()
    return invitation, invitations.link_token(app.config["SECRET_KEY"], invitation, secret)


def _accept_with_provider(client: Any, tenant: Tenant, token: str) -> Any:
    page = f"/t/{tenant.slug}/invitations/{token}"
    start = client.form(f"{page}/provider", {}, page=page)
    return client.get(to_provider_and_back(client, start))


def test_an_invited_coach_accepts_with_the_provider_and_gets_the_invited_role(
    app: Any, client: Any, tenant: Tenant, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    invitation, token = _invitation(app)
    page = client.get(f"/t/{tenant.slug}/invitations/{token}").get_data(as_text=True)
    assert "Inloggen met Gemeente-account" in page
    oidc_provider.next.subject = "nina-42"
    answer = _accept_with_provider(client, tenant, token)
    assert answer.status_code == 302  # provider's amr shows otp and the tenant trusts it
    user = db.session.execute(select(User).where(User.email == invitation.email)).scalar_one()
    assert user.password_hash is None and user.name == "Mia Medewerker"
    assert service.user_for(oidc_provider.issuer, "nina-42") == user
    roles = db.session.execute(select(RoleGrant.role).where(RoleGrant.user_id == user.id))
    assert list(roles.scalars()) == [Role.coach]
    db.session.refresh(invitation)
    assert invitation.used_at is not None
    me = client.get(f"/t/{tenant.slug}/api/v1/me").get_json()
    assert me["id"] == user.id and me["roles"] == ["coach"]


def test_a_spent_invitation_cannot_be_accepted_again_with_the_provider(
    app: Any, client: Any, tenant: Tenant, oidc_provider: Any
) -> None:
    connect(app, tenant, oidc_provider)
    _spent, token = _invitation(app)
    assert _accept_with_provider(client, tenant, token).status_code == 302
    client.post(f"/t/{tenant.slug}/logout", headers={"X-CSRFToken": client.csrf_token()})
    page = f"/t/{tenant.slug}/invitations/{token}"
    assert client.form(f"{page}/provider", {}, page=f"/t/{tenant.slug}/login").status_code == 400


def test_a_provider_account_linked_to_someone_else_does_not_accept_an_invitation(
    app: Any, client: Any, tenant: Tenant, oidc_provider: Any, make_user: Any
) -> None:
    connect(app, tenant, oidc_provider)
    link(make_user(tenant, Role.coach, email="al@zorg.example.org"), oidc_provider, "bezet")
    invitation, token = _invitation(app)
    oidc_provider.next.subject = "bezet"
    answer = _accept_with_provider(client, tenant, token)
    assert answer.status_code == 401
    assert "already linked" in answer.get_data(as_text=True)
    assert invitation.used_at is None
    assert db.session.execute(select(User).where(User.email == invitation.email)).first() is None


def test_an_address_with_an_account_proves_it_with_its_password_not_the_provider(
    app: Any, client: Any, tenant: Tenant, oidc_provider: Any, make_user: Any
) -> None:
    connect(app, tenant, oidc_provider)
    make_user(tenant, Role.volunteer, email="bekend@zorg.example.org")
    invitation, token = _invitation(app, "bekend@zorg.example.org")
    page = f"/t/{tenant.slug}/invitations/{token}"
    assert "Inloggen met Gemeente-account" not in client.get(page).get_data(as_text=True)
    answer = client.form(f"{page}/provider", {}, page=page)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(page)
    assert invitation.used_at is None


def test_without_a_provider_there_is_no_provider_acceptance(
    app: Any, client: Any, tenant: Tenant
) -> None:
    _spent, token = _invitation(app)
    page = f"/t/{tenant.slug}/invitations/{token}"
    assert client.form(f"{page}/provider", {}, page=page).status_code == 404
