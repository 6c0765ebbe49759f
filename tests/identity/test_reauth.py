"""Exports ask for the password (and code) again when it was given more than ten minutes ago
in this sign-in; every route that serves a file out of Kring is held to it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role
from kring.extensions import db
from kring.identity.models import SignInSession
from kring.testing import second_factor
from kring.testing.factories import DEFAULT_PASSWORD


def _confirmed_long_ago(user: Any, minutes: int = 11) -> None:
    for record in db.session.execute(
        select(SignInSession).where(SignInSession.user_id == user.id)
    ).scalars():
        record.confirmed_at -= timedelta(minutes=minutes)
    db.session.flush()


def test_export_asks_the_password_again_when_the_sign_in_is_old(
    signed_in: Any, tenant: Any, leader: Any
) -> None:
    export = f"/t/{tenant.slug}/quality/research.csv"
    assert signed_in.get(export).status_code == 200  # just signed in
    _confirmed_long_ago(leader)
    response = signed_in.get(export)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/t/{tenant.slug}/account/confirm?next=")
    confirm = response.headers["Location"]
    page = signed_in.get(confirm).get_data(as_text=True)
    assert "Confirm it is you" in page and 'name="code"' in page
    wrong = signed_in.form(confirm, {"password": "not it", "code": ""})
    assert wrong.status_code == 422
    assert "The password is not right." in wrong.get_data(as_text=True)
    no_code = signed_in.form(confirm, {"password": DEFAULT_PASSWORD, "code": "123"})
    assert no_code.status_code == 422
    assert "That code is not right" in no_code.get_data(as_text=True)
    assert signed_in.get(export).status_code == 302
    done = signed_in.form(
        confirm, {"password": DEFAULT_PASSWORD, "code": second_factor.code_for(leader)}
    )
    assert done.status_code == 302
    assert done.headers["Location"] == export
    answer = signed_in.get(export)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"


def test_api_export_answers_401_until_confirmed(
    signed_in: Any, tenant: Any, leader: Any, api: str
) -> None:
    _confirmed_long_ago(leader)
    refused = signed_in.get(f"{api}/quality/research.csv")
    assert refused.status_code == 401
    assert "account/confirm" in refused.get_json()["message"]
    wrong = signed_in.send("POST", f"{api}/account/confirm", {"password": "nope"})
    assert wrong.status_code == 422 and "password" in wrong.get_json()["errors"]["json"]
    missing = signed_in.send("POST", f"{api}/account/confirm", {})
    assert missing.status_code == 422 and "password" in missing.get_json()["errors"]["json"]
    no_code = signed_in.send("POST", f"{api}/account/confirm", {"password": DEFAULT_PASSWORD})
    assert no_code.status_code == 422 and "code" in no_code.get_json()["errors"]["json"]
    confirmed = signed_in.send(
        "POST",
        f"{api}/account/confirm",
        {"password": DEFAULT_PASSWORD, "code": second_factor.code_for(leader)},
    )
    assert confirmed.status_code == 200
    assert signed_in.get(f"{api}/quality/research.csv").status_code == 200


def test_volunteer_confirms_with_the_password_alone(
    client: Any, tenant: Any, make_user: Any
) -> None:
    volunteer = make_user(tenant, Role.volunteer, email="v@example.org")
    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    _confirmed_long_ago(volunteer)
    confirm = f"/t/{tenant.slug}/account/confirm?next=/t/{tenant.slug}/"
    assert 'name="code"' not in client.get(confirm).get_data(as_text=True)
    done = client.form(confirm, {"password": DEFAULT_PASSWORD})
    assert done.headers["Location"] == f"/t/{tenant.slug}/"
    record = db.session.execute(
        select(SignInSession).where(SignInSession.user_id == volunteer.id)
    ).scalar_one()
    db.session.refresh(record)
    from kring.identity import sessions

    assert sessions.confirmed_within(record, 1)


def test_confirm_goes_on_only_to_a_path_on_this_site(
    signed_in: Any, tenant: Any, leader: Any
) -> None:
    confirm = f"/t/{tenant.slug}/account/confirm?next=https://evil.example/"
    done = signed_in.form(
        confirm, {"password": DEFAULT_PASSWORD, "code": second_factor.code_for(leader)}
    )
    assert done.headers["Location"] == f"/t/{tenant.slug}/account"


def test_every_file_download_asks_for_a_recent_sign_in(app: Flask) -> None:
    """A route that hands out a PDF or a CSV takes personal data out of Kring: it must be
    wrapped in ``requires_recent_sign_in``."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.endswith((".pdf", ".csv")):
            continue
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)
        target = view_class.get if view_class is not None else view
        assert getattr(target, "requires_recent_sign_in", None), rule.rule
        found.append(rule.rule)
    assert len(found) >= 8
