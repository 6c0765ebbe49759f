from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role
from kring.core.journal import JournalEntry
from kring.extensions import db
from kring.notify.models import OutboxMessage
from kring.testing import second_factor
from kring.testing.factories import DEFAULT_PASSWORD


def test_login_page_is_served_when_signed_out(client: Any, tenant: Any) -> None:
    response = client.get(f"/t/{tenant.slug}/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/t/{tenant.slug}/login")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert 'name="email"' in page.get_data(as_text=True)


def test_login_signs_in_and_lands_on_the_tenant_home(client: Any, tenant: Any, admin: Any) -> None:
    response = client.login(tenant, admin.email, DEFAULT_PASSWORD)
    assert response.status_code == 302
    home = client.get(response.headers["Location"])
    assert home.status_code == 200
    assert admin.name in home.get_data(as_text=True)
    assert db.session.execute(select(JournalEntry.action)).scalars().all() == ["user.login"]


def test_login_refused_with_a_clear_message_when_password_is_wrong(
    client: Any, tenant: Any, admin: Any
) -> None:
    response = client.login(tenant, admin.email, "not the password")
    assert response.status_code == 422
    assert "password is not right" in response.get_data(as_text=True)


def test_login_names_each_missing_field(client: Any, tenant: Any) -> None:
    response = client.form(f"/t/{tenant.slug}/login", {"email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter your e-mail address." in html and "Enter your password." in html
    assert 'aria-invalid="true"' in html


def test_login_refuses_a_malformed_email_address(client: Any, tenant: Any) -> None:
    response = client.form(f"/t/{tenant.slug}/login", {"email": "not-an-address", "password": "x"})
    assert response.status_code == 422
    assert "Enter a valid e-mail address." in response.get_data(as_text=True)


def test_login_with_another_tenants_account_answers_as_a_wrong_password(
    client: Any, tenant: Any, other_tenant: Any, make_user: Any, admin: Any
) -> None:
    outsider = make_user(other_tenant, Role.tenant_admin)
    elsewhere = client.login(tenant, outsider.email, DEFAULT_PASSWORD)
    wrong = client.login(tenant, admin.email, "not the password")
    assert elsewhere.status_code == wrong.status_code == 422
    without_token = re.compile(r'name="csrf_token"[^>]*')
    assert without_token.sub("", elsewhere.get_data(as_text=True)) == without_token.sub(
        "", wrong.get_data(as_text=True).replace(admin.email, outsider.email)
    )
    assert other_tenant.name not in elsewhere.get_data(as_text=True)


def test_login_goes_on_only_to_a_path_on_this_site(client: Any, tenant: Any, admin: Any) -> None:
    second_factor.enrol(admin)
    token = client.csrf_token(f"/t/{tenant.slug}/login")
    home = f"/t/{tenant.slug}/"
    for number, (target, expected) in enumerate(
        [
            (f"/t/{tenant.slug}/people", f"/t/{tenant.slug}/people"),
            ("//evil.example/", home),
            ("/\\evil.example/", home),
            ("https://evil.example/", home),
            ("/t/x\r\nSet-Cookie: a=b", home),
            ("/t/\x7f", home),
        ]
    ):
        client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": token})
        token = client.csrf_token(f"/t/{tenant.slug}/login")
        address = {"REMOTE_ADDR": f"192.0.2.{number + 1}"}  # past the rate limit
        response = client.post(
            f"/t/{tenant.slug}/login",
            query_string={"next": target},
            environ_overrides=address,
            data={"email": admin.email, "password": DEFAULT_PASSWORD, "csrf_token": token},
        )
        # the admin's code goes on to the same place, the target held while it was asked
        response = client.second_step(response, admin.email, environ_overrides=address)
        assert response.status_code == 302
        assert response.headers["Location"] == expected, target


def test_post_without_csrf_token_is_refused_with_a_friendly_page(
    client: Any, tenant: Any, admin: Any
) -> None:
    response = client.post(
        f"/t/{tenant.slug}/login", data={"email": admin.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert "<h1>" in response.get_data(as_text=True)


def test_login_is_rate_limited_per_address(client: Any, tenant: Any, admin: Any) -> None:
    responses = [client.login(tenant, admin.email, "wrong") for _ in range(6)]
    assert [r.status_code for r in responses] == [422] * 5 + [429]
    assert "Too many attempts" in responses[5].get_data(as_text=True)


def test_logout_ends_the_session(signed_in: Any, tenant: Any) -> None:
    response = signed_in.form(f"/t/{tenant.slug}/logout", {}, page=f"/t/{tenant.slug}/")
    assert response.status_code == 302
    assert signed_in.get(f"/t/{tenant.slug}/").status_code == 302


def _reset_link(app: Flask) -> str:
    mail_dir = Path(app.extensions["kring.config"].instance_path) / "mail"
    newest = max(mail_dir.glob("*.eml"), key=lambda p: p.stat().st_mtime)
    body = email.message_from_bytes(newest.read_bytes(), policy=email.policy.default).get_content()
    match = re.search(r"http://localhost(/t/\S+/password/reset/\S+)", body)
    assert match, body
    return match.group(1)


def test_password_reset_sends_a_link_that_works_once(
    app: Flask, client: Any, tenant: Any, admin: Any
) -> None:
    forgot = f"/t/{tenant.slug}/password/forgot"
    response = client.form(forgot, {"email": admin.email})
    assert response.status_code == 302
    message = db.session.execute(select(OutboxMessage)).scalar_one()
    assert message.recipient == admin.email and message.sent_at is not None
    link = _reset_link(app)

    assert client.form(link, {"password": "short", "confirm": "short"}).status_code == 422
    response = client.form(
        link, {"password": "a brand new secret", "confirm": "a brand new secret"}
    )
    assert response.status_code == 302
    assert client.login(tenant, admin.email, "a brand new secret").status_code == 302
    assert client.get(link).status_code == 400  # spent: the password it was made for has changed


def test_password_reset_answers_the_same_for_unknown_addresses(client: Any, tenant: Any) -> None:
    response = client.form(f"/t/{tenant.slug}/password/forgot", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert db.session.execute(select(OutboxMessage)).first() is None


def test_forged_reset_token_is_refused(client: Any, tenant: Any) -> None:
    assert client.get(f"/t/{tenant.slug}/password/reset/forged-token").status_code == 400
