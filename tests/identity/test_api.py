"""The account's second factor and sessions, and the admin's reset, through /api/v1."""

from __future__ import annotations

from typing import Any

import pyotp
from flask import Flask

from kring.core.accounts import Role
from kring.identity import service as factors
from kring.testing import second_factor
from kring.testing.factories import DEFAULT_PASSWORD


def _signed_in(client: Any, tenant: Any, make_user: Any, role: Role, email: str) -> Any:
    user = make_user(tenant, role, email=email)
    assert client.login(tenant, user.email, DEFAULT_PASSWORD).status_code == 302
    return user


def test_volunteer_enrols_confirms_and_removes_through_the_api(
    client: Any, tenant: Any, api: str, make_user: Any
) -> None:
    volunteer = _signed_in(client, tenant, make_user, Role.volunteer, "v@example.org")
    state = client.get(f"{api}/account/second-factor").get_json()
    assert state == {
        "is_required": False,
        "may_enrol": True,
        "is_enrolled": False,
        "confirmed_at": None,
        "recovery_codes_left": 0,
    }
    begun = client.send("POST", f"{api}/account/second-factor")
    assert begun.status_code == 201
    secret = begun.get_json()["secret"]
    assert begun.get_json()["uri"].startswith("otpauth://totp/")
    wrong = client.send("POST", f"{api}/account/second-factor/confirm", {"code": "12"})
    assert wrong.status_code == 422
    assert "code" in wrong.get_json()["errors"]["json"]
    missing = client.send("POST", f"{api}/account/second-factor/confirm", {})
    assert missing.status_code == 422 and "code" in missing.get_json()["errors"]["json"]
    done = client.send(
        "POST", f"{api}/account/second-factor/confirm", {"code": pyotp.TOTP(secret).now()}
    )
    assert done.status_code == 200
    assert len(done.get_json()["recovery_codes"]) == 10
    assert client.get(f"{api}/account/second-factor").get_json()["recovery_codes_left"] == 10
    again = client.send("POST", f"{api}/account/second-factor")
    assert again.status_code == 409
    fresh = client.send(
        "POST",
        f"{api}/account/second-factor/recovery-codes",
        {"code": second_factor.code_for(volunteer)},
    )
    assert len(fresh.get_json()["recovery_codes"]) == 10
    removed = client.send(
        "POST",
        f"{api}/account/second-factor/remove",
        {"code": fresh.get_json()["recovery_codes"][0]},
    )
    assert removed.status_code == 204
    assert not factors.is_enrolled(volunteer)


def test_participant_cannot_enrol_through_the_api(
    client: Any, tenant: Any, api: str, make_user: Any
) -> None:
    _signed_in(client, tenant, make_user, Role.participant, "p@example.org")
    assert client.send("POST", f"{api}/account/second-factor").status_code == 403


def test_sessions_are_listed_and_revoked_through_the_api(
    app: Flask, client: Any, tenant: Any, api: str, make_user: Any
) -> None:
    coach = _signed_in(client, tenant, make_user, Role.coach, "c@example.org")
    other = app.test_client()
    other.login(tenant, coach.email, DEFAULT_PASSWORD)
    listed = client.get(f"{api}/account/sessions").get_json()
    assert len(listed) == 2
    assert [s["is_current"] for s in listed].count(True) == 1
    assert all(s["has_second_factor"] for s in listed)
    theirs = next(s for s in listed if not s["is_current"])
    assert client.send("DELETE", f"{api}/account/sessions/{theirs['id']}").status_code == 204
    assert other.get(f"{api}/me").status_code == 401
    assert len(client.get(f"{api}/account/sessions").get_json()) == 1
    assert client.send("DELETE", f"{api}/account/sessions/999999").status_code == 404


def test_admin_lists_and_resets_second_factors_through_the_api(
    client: Any, tenant: Any, api: str, make_user: Any, admin: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="c@example.org", name="Cora Coach")
    second_factor.enrol(coach)
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    staff = {p["name"]: p for p in client.get(f"{api}/admin/second-factors").get_json()}
    assert staff["Cora Coach"]["is_enrolled"] and staff["Cora Coach"]["is_required"]
    assert client.send("DELETE", f"{api}/admin/second-factors/{coach.id}").status_code == 204
    assert not factors.is_enrolled(coach)


def test_only_a_tenant_admin_resets_through_the_api(
    client: Any, tenant: Any, api: str, make_user: Any
) -> None:
    _signed_in(client, tenant, make_user, Role.coach, "c@example.org")
    assert client.get(f"{api}/admin/second-factors").status_code == 403


def test_a_token_reaches_no_second_factor_or_sign_in(
    app: Flask, tenant: Any, api: str, make_user: Any
) -> None:
    from kring.apiaccess import service as apiaccess
    from kring.apiaccess.scopes import all_scopes
    from kring.extensions import db

    admin = make_user(tenant, Role.tenant_admin, email="a@example.org")
    secret = apiaccess.create_personal(admin, "script", all_scopes(), 7).secret
    db.session.flush()
    machine = app.test_client()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert machine.get(f"{api}/me", headers=bearer).status_code == 200
    for method, path in [
        ("GET", "/account/sessions"),
        ("GET", "/account/second-factor"),
        ("POST", "/account/second-factor"),
        ("GET", "/admin/second-factors"),
        ("DELETE", f"/admin/second-factors/{admin.id}"),
    ]:
        answer = machine.open(f"{api}{path}", method=method, headers=bearer, json={})
        assert answer.status_code == 403, (method, path)


def test_a_number_no_id_can_be_answers_404(
    client: Any, tenant: Any, api: str, make_user: Any, admin: Any
) -> None:
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    huge = 4091742686495260316531614781607510016
    assert client.send("DELETE", f"{api}/account/sessions/{huge}").status_code == 404
    assert client.send("DELETE", f"{api}/admin/second-factors/{huge}").status_code == 404
    assert client.send("DELETE", f"{api}/account/sessions/0").status_code == 404
