"""Self-service sign-up: a pending tenant, its first admin, the agreement kept, and the link
that proves the address delivered even though the tenant is not active yet."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role, RoleGrant, find_user_by_email
from kring.core.journal import JournalEntry
from kring.core.tenancy import TenantKind, TenantStatus, tenant_scope
from kring.extensions import db
from kring.onboarding import service
from kring.onboarding.jobs import sweep_before_approval
from kring.onboarding.models import DpiaStatus, TenantSignup
from kring.testing.factories import TenantFactory
from tests.onboarding.conftest import FORM, link_in, messages_of, sign_up, signed_up


def test_signup_makes_a_pending_tenant_with_its_first_admin_when_the_form_is_complete(
    app: Flask, client: Any
) -> None:
    tenant = signed_up(client)
    assert tenant.status is TenantStatus.pending and tenant.kind is TenantKind.municipality
    assert tenant.name == "Gemeente Nieuwdorp" and tenant.locale == "nl"
    signup = db.session.execute(select(TenantSignup)).scalar_one()
    assert signup.dpa_version == service.DPA_VERSION and signup.dpa_accepted_at is not None
    assert signup.dpia_status is DpiaStatus.in_progress
    assert signup.email_verified_at is None and signup.is_approved is None
    user = find_user_by_email("noor@nieuwdorp.example.org")
    assert user is not None and user.check_password(FORM["password"])
    with tenant_scope(tenant):
        grants = db.session.execute(select(RoleGrant)).scalars().all()
        assert [(g.user_id, g.role) for g in grants] == [(user.id, Role.tenant_admin)]
        actions = db.session.execute(select(JournalEntry.action)).scalars().all()
        assert "tenant.signed_up" in actions


def test_the_verification_mail_goes_out_while_the_tenant_is_pending(
    app: Flask, client: Any
) -> None:
    tenant = signed_up(client)
    (message,) = messages_of(tenant)
    assert message.kind == "signup_verification" and message.sent_at is not None
    assert message.recipient == "noor@nieuwdorp.example.org"
    assert "Bevestig" in message.subject  # in the tenant's language, Dutch


def test_the_link_in_the_mail_confirms_the_address(app: Flask, client: Any) -> None:
    tenant = signed_up(client)
    link = link_in(app, "/signup/verify/")
    page = client.get(link)
    assert page.status_code == 200 and tenant.name in page.get_data(as_text=True)
    signup = db.session.execute(select(TenantSignup)).scalar_one()
    db.session.refresh(signup)
    assert signup.email_verified_at is not None
    assert client.get(link).status_code == 200  # a second click says the same, changes nothing


def test_a_forged_or_foreign_verification_token_is_refused(app: Flask, client: Any) -> None:
    assert client.get("/signup/verify/forged").status_code == 400
    signed_up(client)
    signup = db.session.execute(select(TenantSignup)).scalar_one()
    other = service.make_verify_token("another secret", signup)
    assert client.get(f"/signup/verify/{other}").status_code == 400


def test_signup_is_refused_naming_the_field_when_the_slug_is_taken_or_malformed(
    client: Any, database: Any
) -> None:
    TenantFactory(slug="bezet")
    for slug, words in [
        ("bezet", "This web address is taken"),
        ("-fout-", "small letters"),
        ("Hoofd Letters", "small letters"),
        ("admin", "small letters"),
    ]:
        response = sign_up(client, slug=slug)
        assert response.status_code == 422
        assert words in response.get_data(as_text=True)
    assert db.session.execute(select(TenantSignup)).first() is None


def test_signup_is_refused_without_the_agreement_or_with_a_known_address(
    client: Any, database: Any, make_user: Any
) -> None:
    response = sign_up(client, accepts_dpa="")
    assert response.status_code == 422
    assert "Accept the data-processing agreement" in response.get_data(as_text=True)
    make_user(TenantFactory(), email="bekend@example.org")
    response = sign_up(client, admin_email="bekend@example.org")
    assert response.status_code == 422
    assert "already has a Kring account" in response.get_data(as_text=True)
    response = sign_up(client, kind="castle", dpia_status="maybe", password="kort", confirm="kort")
    assert response.status_code == 422
    assert db.session.execute(select(TenantSignup)).first() is None


def test_signup_page_is_public_and_in_dutch(client: Any, database: Any) -> None:
    page = client.get("/signup", headers={"Accept-Language": "nl"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Meld je organisatie aan" in text and "verwerkersovereenkomst" in text


def test_signup_posts_are_rate_limited(client: Any, database: Any) -> None:
    answers = [sign_up(client, slug=f"te-veel-{n}", accepts_dpa="").status_code for n in range(6)]
    assert answers == [422] * 5 + [429]


def test_the_sweep_hands_out_a_sign_up_mail_that_was_not_enqueued(
    app: Flask, client: Any, monkeypatch: Any
) -> None:
    from kring.onboarding import mailing

    monkeypatch.setattr(mailing, "enqueue_before_approval", lambda *_args: None)
    tenant = signed_up(client)
    (message,) = messages_of(tenant)
    assert message.sent_at is None
    assert sweep_before_approval() == 1
    db.session.expire_all()
    (message,) = messages_of(tenant)
    assert message.sent_at is not None


def test_api_signup_answers_201_and_422_naming_the_field(client: Any, database: Any) -> None:
    body = {k: v for k, v in FORM.items() if k != "confirm"}
    body["accepts_dpa"] = True
    answer = client.send("POST", "/api/v1/signup", {**body, "slug": "-"})
    assert answer.status_code == 422 and "slug" in answer.get_json()["errors"]["json"]
    answer = client.send("POST", "/api/v1/signup", {**body, "kind": "castle"})
    assert answer.status_code == 422 and "kind" in answer.get_json()["errors"]["json"]
    answer = client.send("POST", "/api/v1/signup", {**body, "accepts_dpa": False})
    assert answer.status_code == 422 and "accepts_dpa" in answer.get_json()["errors"]["json"]
    answer = client.send("POST", "/api/v1/signup", body)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["status"] == "pending" and not answer.get_json()["email_verified"]
    signup = db.session.execute(select(TenantSignup)).scalar_one()
    token = service.make_verify_token(client.application.config["SECRET_KEY"], signup)
    answer = client.send("POST", "/api/v1/signup/verify", {"token": "forged"})
    assert answer.status_code == 400 and "token" in answer.get_json()["errors"]["json"]
    answer = client.send("POST", "/api/v1/signup/verify", {"token": token})
    assert answer.status_code == 200 and answer.get_json()["email_verified"]
