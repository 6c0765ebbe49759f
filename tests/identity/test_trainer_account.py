"""A central trainer's account outside any tenant: sign-ins, recovery codes, removal."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from sqlalchemy import select

from kring.core.accounts import TrainerGrant
from kring.extensions import db
from kring.identity import service as factors
from kring.identity.models import SignInSession
from kring.testing import second_factor
from kring.testing.factories import DEFAULT_PASSWORD, UserFactory


def _trainer() -> Any:
    trainer = UserFactory(email="trainer@example.org", name="Tessa Trainer")
    db.session.add(TrainerGrant(user_id=trainer.id, methodology_key="proefkring"))
    db.session.flush()
    return trainer


def test_trainer_sees_and_ends_their_sign_ins(app: Flask, client: Any, database: Any) -> None:
    trainer = _trainer()
    assert client.trainer_login(trainer.email, DEFAULT_PASSWORD).status_code == 302
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = "Laptop van Tessa"
    laptop.trainer_login(trainer.email, DEFAULT_PASSWORD)
    page = client.get("/trainer/account").get_data(as_text=True)
    assert "Laptop van Tessa" in page and "this browser" in page
    assert 'href="/trainer/account"' in client.get("/trainer/").get_data(as_text=True)
    theirs = db.session.execute(
        select(SignInSession).where(SignInSession.user_agent == "Laptop van Tessa")
    ).scalar_one()
    client.form(f"/trainer/account/sessions/{theirs.id}/revoke", {}, page="/trainer/account")
    assert laptop.get("/trainer/").status_code == 302
    assert client.get("/trainer/").status_code == 200


def test_trainer_makes_new_recovery_codes_and_removes_the_factor(
    client: Any, database: Any
) -> None:
    trainer = _trainer()
    client.trainer_login(trainer.email, DEFAULT_PASSWORD)
    wrong = client.form(
        "/trainer/account/second-factor/recovery-codes", {"code": "1"}, page="/trainer/account"
    )
    assert wrong.status_code == 422 and "That code is not right" in wrong.get_data(as_text=True)
    codes = client.form(
        "/trainer/account/second-factor/recovery-codes",
        {"code": second_factor.code_for(trainer)},
        page="/trainer/account",
    ).get_data(as_text=True)
    assert len(re.findall(r"<li><code>", codes)) == 10
    removed = client.form(
        "/trainer/account/second-factor/remove",
        {"code": second_factor.code_for(trainer)},
        page="/trainer/account",
    )
    assert removed.headers["Location"] == "/trainer/login"
    assert not factors.is_enrolled(trainer)
    assert client.get("/trainer/").status_code == 302


def test_someone_elses_sign_in_is_not_found_at_the_trainers_account(
    client: Any, database: Any
) -> None:
    from kring.identity import sessions

    trainer = _trainer()
    other = UserFactory(email="ander@example.org")
    sessions.start(other, kind="staff", has_second_factor=True)
    record = db.session.execute(
        select(SignInSession).where(SignInSession.user_id == other.id)
    ).scalar_one()
    client.trainer_login(trainer.email, DEFAULT_PASSWORD)
    answer = client.form(
        f"/trainer/account/sessions/{record.id}/revoke", {}, page="/trainer/account"
    )
    assert answer.status_code == 404


# --- the API twin (/api/v1/trainer/account) -------------------------------------------------

API = "/api/v1/trainer/account"


def test_trainer_api_lists_and_ends_sign_ins(app: Flask, client: Any, database: Any) -> None:
    trainer = _trainer()
    client.trainer_login(trainer.email, DEFAULT_PASSWORD)
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = "Laptop van Tessa"
    laptop.trainer_login(trainer.email, DEFAULT_PASSWORD)
    listed = client.get(f"{API}/sessions")
    assert listed.status_code == 200
    rows = listed.get_json()
    assert len(rows) == 2 and sum(row["is_current"] for row in rows) == 1
    theirs = next(row for row in rows if row["user_agent"] == "Laptop van Tessa")
    assert client.send("DELETE", f"{API}/sessions/{theirs['id']}").status_code == 204
    assert laptop.get("/trainer/").status_code == 302
    from kring.identity import sessions

    other = UserFactory(email="ander@example.org")
    sessions.start(other, kind="staff", has_second_factor=True)
    record = db.session.execute(
        select(SignInSession).where(SignInSession.user_id == other.id)
    ).scalar_one()
    elsewhere = client.send("DELETE", f"{API}/sessions/{record.id}")
    assert elsewhere.status_code == 404 and "session_id" in elsewhere.get_json()["errors"]["json"]
    assert client.send("DELETE", f"{API}/sessions/{2**70}").status_code == 404


def test_trainer_api_renews_codes_and_removes_the_factor(client: Any, database: Any) -> None:
    trainer = _trainer()
    client.trainer_login(trainer.email, DEFAULT_PASSWORD)
    state = client.get(f"{API}/second-factor").get_json()
    assert state["is_required"] is True and state["is_enrolled"] is True
    assert client.send("POST", f"{API}/second-factor", {}).status_code == 405
    for bad in ({}, {"code": "1"}):
        refused = client.send("POST", f"{API}/second-factor/recovery-codes", bad)
        assert refused.status_code == 422 and "code" in refused.get_json()["errors"]["json"]
    codes = client.send(
        "POST", f"{API}/second-factor/recovery-codes", {"code": second_factor.code_for(trainer)}
    )
    assert codes.status_code == 200 and len(codes.get_json()["recovery_codes"]) == 10
    wrong = client.send("POST", f"{API}/second-factor/remove", {"code": "000000"})
    assert wrong.status_code == 422 and factors.is_enrolled(trainer)
    removed = client.send(
        "POST", f"{API}/second-factor/remove", {"code": codes.get_json()["recovery_codes"][0]}
    )
    assert removed.status_code == 204 and not factors.is_enrolled(trainer)
    assert client.get(f"{API}/sessions").status_code == 401


def test_the_trainer_account_api_is_for_central_trainers_only(
    client: Any, tenant: Any, leader: Any
) -> None:
    assert client.get(f"{API}/sessions").status_code == 401
    client.login(tenant, leader.email, DEFAULT_PASSWORD)
    assert client.get(f"{API}/sessions").status_code == 403
    assert client.get(f"{API}/second-factor").status_code == 403
