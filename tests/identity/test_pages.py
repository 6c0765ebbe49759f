"""Signing in with a second factor, the account page, sessions and the admin's reset, through
real requests."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pyotp
from flask import Flask
from sqlalchemy import select

from kring.core.accounts import Role
from kring.core.journal import JournalEntry
from kring.extensions import db
from kring.identity import service as factors
from kring.identity.models import SignInSession
from kring.testing import second_factor
from kring.testing.factories import DEFAULT_PASSWORD

SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


def _password(client: Any, tenant: Any, email: str, **kwargs: Any) -> Any:
    return client.form(
        f"/t/{tenant.slug}/login", {"email": email, "password": DEFAULT_PASSWORD}, **kwargs
    )


def _wrong_code(secret: str) -> str:
    from kring.core.db import utcnow

    totp = pyotp.TOTP(secret)
    near = {totp.at(utcnow() + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222") if c not in near)


def test_coach_is_sent_to_enrol_when_without_second_factor(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    response = _password(client, tenant, coach.email)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/t/{tenant.slug}/login/second-factor"
    # no session yet: nothing else is reachable
    assert client.get(f"/t/{tenant.slug}/").status_code == 302
    assert client.get(f"/t/{tenant.slug}/api/v1/me").status_code == 401
    page = client.get(f"/t/{tenant.slug}/login/second-factor")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<svg" in html and "QR code for your authenticator app" in html
    secret = SECRET.search(html)
    assert secret is not None
    wrong = client.form(
        f"/t/{tenant.slug}/login/second-factor", {"code": _wrong_code(secret.group(1))}
    )
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert client.get(f"/t/{tenant.slug}/").status_code == 302
    done = client.form(
        f"/t/{tenant.slug}/login/second-factor", {"code": pyotp.TOTP(secret.group(1)).now()}
    )
    text = done.get_data(as_text=True)
    assert done.status_code == 200
    assert "Your recovery codes" in text
    assert len(re.findall(r"<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>", text)) == 10
    assert client.get(f"/t/{tenant.slug}/").status_code == 200
    assert factors.is_enrolled(coach)


def test_coach_cannot_reach_a_tenant_page_when_the_code_is_not_given(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    secret = second_factor.enrol(coach)
    response = _password(client, tenant, coach.email)
    assert response.headers["Location"] == f"/t/{tenant.slug}/login/code"
    for path in ("/", "/people", "/account", "/api/v1/me"):
        assert client.get(f"/t/{tenant.slug}{path}").status_code in (302, 401), path
    wrong = client.form(f"/t/{tenant.slug}/login/code", {"code": _wrong_code(secret)})
    assert wrong.status_code == 422
    assert "That code is not right. Enter the 6 digits your app shows now" in wrong.get_data(
        as_text=True
    )
    assert client.get(f"/t/{tenant.slug}/").status_code == 302
    right = client.form(f"/t/{tenant.slug}/login/code", {"code": second_factor.code_for(coach)})
    assert right.status_code == 302
    assert right.headers["Location"] == f"/t/{tenant.slug}/"
    assert client.get(f"/t/{tenant.slug}/").status_code == 200


def test_second_step_starts_over_when_too_many_wrong_codes(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    secret = second_factor.enrol(coach)
    _password(client, tenant, coach.email)
    answers = [
        client.form(f"/t/{tenant.slug}/login/code", {"code": _wrong_code(secret)}).status_code
        for _ in range(4)
    ]
    assert answers == [422] * 4
    last = client.form(f"/t/{tenant.slug}/login/code", {"code": _wrong_code(secret)})
    assert last.status_code == 302
    assert last.headers["Location"] == f"/t/{tenant.slug}/login"
    # even the right code does not finish it now (from another address, past the rate limit)
    again = client.post(
        f"/t/{tenant.slug}/login/code",
        data={"code": second_factor.code_for(coach), "csrf_token": client.csrf_token()},
        environ_overrides={"REMOTE_ADDR": "192.0.2.9"},
    )
    assert again.headers["Location"] == f"/t/{tenant.slug}/login"
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_code_step_is_rate_limited(client: Any, tenant: Any, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    secret = second_factor.enrol(coach)
    token = client.csrf_token(f"/t/{tenant.slug}/login")
    statuses = [
        client.post(
            f"/t/{tenant.slug}/login/code", data={"code": _wrong_code(secret), "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429


def test_recovery_code_signs_in_once(client: Any, tenant: Any, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    second_factor.enrol(coach)
    code = factors.new_recovery_codes(coach)[0]
    db.session.flush()
    _password(client, tenant, coach.email)
    first = client.form(f"/t/{tenant.slug}/login/code", {"code": code})
    assert first.status_code == 302
    assert "You used a recovery code" in client.get(first.headers["Location"]).get_data(
        as_text=True
    )
    client.form(f"/t/{tenant.slug}/logout", {}, page=f"/t/{tenant.slug}/")
    _password(client, tenant, coach.email)
    second = client.form(f"/t/{tenant.slug}/login/code", {"code": code})
    assert second.status_code == 422
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_volunteer_signs_in_without_a_code_and_may_enrol(
    client: Any, tenant: Any, make_user: Any
) -> None:
    volunteer = make_user(tenant, Role.volunteer, email="vrijwilliger@example.org")
    response = _password(client, tenant, volunteer.email)
    assert response.headers["Location"] == f"/t/{tenant.slug}/"
    account = client.get(f"/t/{tenant.slug}/account").get_data(as_text=True)
    assert "Set up a second factor" in account
    page = client.get(f"/t/{tenant.slug}/account/second-factor").get_data(as_text=True)
    secret = SECRET.search(page)
    assert secret is not None
    done = client.form(
        f"/t/{tenant.slug}/account/second-factor", {"code": pyotp.TOTP(secret.group(1)).now()}
    )
    assert "Your recovery codes" in done.get_data(as_text=True)
    assert factors.is_enrolled(volunteer)
    client.form(f"/t/{tenant.slug}/logout", {}, page=f"/t/{tenant.slug}/")
    again = _password(client, tenant, volunteer.email)
    assert again.headers["Location"] == f"/t/{tenant.slug}/login/code"


def test_participant_is_never_asked(client: Any, tenant: Any, make_user: Any) -> None:
    participant = make_user(tenant, Role.participant, email="deelnemer@example.org")
    response = _password(client, tenant, participant.email)
    assert response.headers["Location"] == f"/t/{tenant.slug}/"
    assert "no second factor is needed" in client.get(f"/t/{tenant.slug}/account").get_data(
        as_text=True
    )
    assert client.get(f"/t/{tenant.slug}/account/second-factor").status_code == 404


def test_account_lists_sessions_and_revoking_one_signs_that_browser_out(
    app: Flask, client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    other.environ_base["HTTP_USER_AGENT"] = "Telefoon van Cora"
    assert other.login(tenant, coach.email, DEFAULT_PASSWORD).status_code == 302
    page = client.get(f"/t/{tenant.slug}/account").get_data(as_text=True)
    assert "Telefoon van Cora" in page and "this browser" in page
    phone = db.session.execute(
        select(SignInSession).where(SignInSession.user_agent == "Telefoon van Cora")
    ).scalar_one()
    response = client.form(
        f"/t/{tenant.slug}/account/sessions/{phone.id}/revoke", {}, page=f"/t/{tenant.slug}/account"
    )
    assert response.status_code == 302
    assert other.get(f"/t/{tenant.slug}/").status_code == 302
    assert client.get(f"/t/{tenant.slug}/").status_code == 200
    assert "Telefoon van Cora" not in client.get(f"/t/{tenant.slug}/account").get_data(as_text=True)


def test_revoking_someone_elses_session_answers_404(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    volunteer = make_user(tenant, Role.volunteer, email="vrijwilliger@example.org")
    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    from kring.identity import sessions

    sessions.start(coach, kind="staff", has_second_factor=True)
    theirs = db.session.execute(
        select(SignInSession).where(SignInSession.user_id == coach.id)
    ).scalar_one()
    db.session.flush()
    response = client.form(
        f"/t/{tenant.slug}/account/sessions/{theirs.id}/revoke", {}, page=f"/t/{tenant.slug}/"
    )
    assert response.status_code == 404
    assert theirs.revoked_at is None


def _age(user: Any, **delta: Any) -> None:
    for record in db.session.execute(
        select(SignInSession).where(SignInSession.user_id == user.id)
    ).scalars():
        record.last_seen_at -= timedelta(**delta)
        record.created_at -= timedelta(**delta)
    db.session.flush()


def test_staff_session_ends_when_idle_for_half_an_hour(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    _age(coach, minutes=20)
    assert client.get(f"/t/{tenant.slug}/").status_code == 200  # and that counts as use
    _age(coach, minutes=31)
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_participant_session_lasts_when_idle_for_hours(
    client: Any, tenant: Any, make_user: Any
) -> None:
    participant = make_user(tenant, Role.participant, email="deelnemer@example.org")
    client.login(tenant, participant.email, DEFAULT_PASSWORD)
    _age(participant, hours=5)
    assert client.get(f"/t/{tenant.slug}/").status_code == 200


def test_staff_session_ends_when_older_than_twelve_hours(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    for record in db.session.execute(select(SignInSession)).scalars():
        record.created_at -= timedelta(hours=12, minutes=1)
    db.session.flush()
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_remove_own_second_factor_with_a_code(client: Any, tenant: Any, make_user: Any) -> None:
    volunteer = make_user(tenant, Role.volunteer, email="vrijwilliger@example.org")
    second_factor.enrol(volunteer)
    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    account = f"/t/{tenant.slug}/account"
    wrong = client.form(f"{account}/second-factor/remove", {"code": "abc"}, page=account)
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.get_data(as_text=True)
    done = client.form(
        f"{account}/second-factor/remove", {"code": second_factor.code_for(volunteer)}, page=account
    )
    assert done.status_code == 302
    assert not factors.is_enrolled(volunteer)
    assert client.get(account).status_code == 200


def test_coach_removing_their_factor_is_signed_out_to_set_up_a_new_one(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    account = f"/t/{tenant.slug}/account"
    client.form(
        f"{account}/second-factor/remove", {"code": second_factor.code_for(coach)}, page=account
    )
    assert client.get(account).status_code == 302
    assert (
        _password(client, tenant, coach.email).headers["Location"].endswith("/login/second-factor")
    )


def test_new_recovery_codes_are_shown_once_after_a_code(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    account = f"/t/{tenant.slug}/account"
    page = client.form(
        f"{account}/second-factor/recovery-codes",
        {"code": second_factor.code_for(coach)},
        page=account,
    ).get_data(as_text=True)
    assert len(re.findall(r"<li><code>", page)) == 10


def test_admin_resets_a_coachs_second_factor(
    app: Flask, client: Any, tenant: Any, make_user: Any, admin: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org", name="Cora Coach")
    coach_browser = app.test_client()
    coach_browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    coach_browser.login(tenant, coach.email, DEFAULT_PASSWORD)
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    page = client.get(f"/t/{tenant.slug}/admin/second-factors").get_data(as_text=True)
    assert "Reset second factor of Cora Coach" in page
    response = client.form(
        f"/t/{tenant.slug}/admin/second-factors/{coach.id}/reset",
        {},
        page=f"/t/{tenant.slug}/admin/second-factors",
    )
    assert response.status_code == 302
    assert not factors.is_enrolled(coach)
    assert coach_browser.get(f"/t/{tenant.slug}/").status_code == 302
    entry = db.session.execute(
        select(JournalEntry).where(JournalEntry.action == "user.second_factor_reset")
    ).scalar_one()
    assert entry.subject_id == coach.id and entry.actor_id == admin.id


def test_admin_cannot_reset_someone_of_another_tenant(
    client: Any, tenant: Any, other_tenant: Any, make_user: Any, admin: Any
) -> None:
    elsewhere = make_user(other_tenant, Role.coach, email="elders@example.org")
    second_factor.enrol(elsewhere)
    client.login(tenant, admin.email, DEFAULT_PASSWORD)
    response = client.form(
        f"/t/{tenant.slug}/admin/second-factors/{elsewhere.id}/reset",
        {},
        page=f"/t/{tenant.slug}/admin/second-factors",
    )
    assert response.status_code == 404
    assert factors.is_enrolled(elsewhere)


def test_coach_may_not_open_the_reset_page(client: Any, tenant: Any, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    assert client.get(f"/t/{tenant.slug}/admin/second-factors").status_code == 403


def test_trainer_enrols_at_the_trainers_door(client: Any, database: Any) -> None:
    from kring.core.accounts import TrainerGrant
    from kring.testing.factories import UserFactory

    trainer = UserFactory(email="trainer@example.org")
    db.session.add(TrainerGrant(user_id=trainer.id, methodology_key="proefkring"))
    db.session.flush()
    response = client.form("/trainer/login", {"email": trainer.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/trainer/login/second-factor"
    assert client.get("/trainer/").status_code == 302
    html = client.get("/trainer/login/second-factor").get_data(as_text=True)
    secret = SECRET.search(html)
    assert secret is not None
    client.form("/trainer/login/second-factor", {"code": pyotp.TOTP(secret.group(1)).now()})
    assert client.get("/trainer/").status_code == 200


def test_a_password_given_at_one_door_does_not_finish_at_another(
    client: Any, tenant: Any, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach, email="coach@example.org")
    second_factor.enrol(coach)
    _password(client, tenant, coach.email)
    response = client.form(
        "/trainer/login/code", {"code": second_factor.code_for(coach)}, page="/trainer/login"
    )
    assert response.headers["Location"] == "/trainer/login"
    assert client.get("/trainer/").status_code == 302


def test_volunteer_made_coach_is_signed_out_to_set_up_a_second_factor(
    client: Any, tenant: Any, make_user: Any
) -> None:
    from kring.testing.factories import RoleGrantFactory

    volunteer = make_user(tenant, Role.volunteer, email="vrijwilliger@example.org")
    client.login(tenant, volunteer.email, DEFAULT_PASSWORD)
    RoleGrantFactory(user=volunteer, role=Role.signaler)
    db.session.flush()
    assert client.get(f"/t/{tenant.slug}/").status_code == 200  # no staff role: goes on
    RoleGrantFactory(user=volunteer, role=Role.coach)
    db.session.flush()
    assert client.get(f"/t/{tenant.slug}/").status_code == 302
    assert (
        _password(client, tenant, volunteer.email)
        .headers["Location"]
        .endswith("/login/second-factor")
    )


def test_coach_signed_in_with_a_code_stays_when_given_another_role(
    client: Any, tenant: Any, make_user: Any
) -> None:
    from kring.testing.factories import RoleGrantFactory

    coach = make_user(tenant, Role.coach, email="coach@example.org")
    client.login(tenant, coach.email, DEFAULT_PASSWORD)
    RoleGrantFactory(user=coach, role=Role.project_leader)
    db.session.flush()
    assert client.get(f"/t/{tenant.slug}/").status_code == 200


def test_platform_admin_keeps_their_account_in_a_tenant_without_a_role(
    client: Any, tenant: Any, make_user: Any
) -> None:
    from kring.testing.factories import UserFactory

    platform = UserFactory(email="platform@example.org", is_platform_admin=True)
    assert client.login(tenant, platform.email, DEFAULT_PASSWORD).status_code == 302
    page = client.get(f"/t/{tenant.slug}/account").get_data(as_text=True)
    assert "Where you are signed in" in page and "Make new recovery codes" in page


def test_card_sign_in_is_a_participants_session_without_a_code(
    app: Flask, client: Any, tenant: Any, world: Any
) -> None:
    from tests.signin.test_cards import _print_card, _sign_in_with

    olga = world.people["other"]
    world.login(client, tenant, "coach")
    link = _print_card(client, tenant, olga)
    phone = app.test_client()
    response = _sign_in_with(phone, link)
    assert response.location.endswith(f"/t/{tenant.slug}/")
    db.session.expire_all()
    record = db.session.execute(
        select(SignInSession).where(SignInSession.user_id == olga.user_id)
    ).scalar_one()
    assert record.kind == "participant" and not record.has_second_factor
    assert phone.get(f"/t/{tenant.slug}/account").status_code == 200
