"""The rules of the second factor and of sign-in sessions, without requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
import pytest

from kring.config import Config
from kring.core.accounts import Role, TrainerGrant
from kring.core.db import utcnow
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.identity import service as factors
from kring.identity import sessions
from kring.identity.models import RecoveryCode
from kring.testing.factories import UserFactory


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.tenant_admin, True),
        (Role.project_leader, True),
        (Role.coach, True),
        (Role.volunteer, False),
        (Role.signaler, False),
        (Role.participant, False),
    ],
)
def test_second_factor_is_required_when_the_role_holds_others_data(
    tenant: Tenant, make_user: Any, role: Role, required: bool
) -> None:
    assert factors.must_have_second_factor(make_user(tenant, role)) is required


def test_second_factor_is_required_when_a_coach_elsewhere(
    tenant: Tenant, other_tenant: Tenant, make_user: Any
) -> None:
    volunteer_here = make_user(tenant, Role.volunteer)
    make_user_roles = make_user(other_tenant, Role.coach, email="twee@example.org")
    assert not factors.must_have_second_factor(volunteer_here)
    assert factors.must_have_second_factor(make_user_roles)


def test_second_factor_is_required_when_platform_admin_or_trainer(database: Any) -> None:
    admin = UserFactory(is_platform_admin=True)
    trainer = UserFactory()
    db.session.add(TrainerGrant(user_id=trainer.id, methodology_key="proefkring"))
    db.session.flush()
    assert factors.must_have_second_factor(admin)
    assert factors.must_have_second_factor(trainer)
    assert factors.session_kind(trainer) == "staff"


def test_participant_may_not_enrol_when_only_a_participant(tenant: Tenant, make_user: Any) -> None:
    participant = make_user(tenant, Role.participant)
    volunteer = make_user(tenant, Role.volunteer)
    assert not factors.may_enrol(participant)
    assert factors.session_kind(participant) == "participant"
    assert factors.may_enrol(volunteer)
    assert factors.session_kind(volunteer) == "member"


def _wrong(totp: pyotp.TOTP) -> str:
    """A code no step around now makes."""
    near = {totp.at(utcnow() + timedelta(seconds=s)) for s in (-30, 0, 30)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


def _enrolled(user: Any) -> tuple[pyotp.TOTP, list[str]]:
    enrolment = factors.begin_enrolment(user)
    totp = pyotp.TOTP(enrolment.secret)
    codes = factors.confirm_enrolment(user, totp.now())
    return totp, codes


def test_enrolment_is_confirmed_only_by_a_right_code(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    enrolment = factors.begin_enrolment(coach)
    assert enrolment.uri.startswith("otpauth://totp/Kring:")
    assert factors.begin_enrolment(coach).secret == enrolment.secret  # a reload shows the same
    with pytest.raises(factors.CodeRefused):
        factors.confirm_enrolment(coach, _wrong(pyotp.TOTP(enrolment.secret)))
    assert not factors.is_enrolled(coach)
    codes = factors.confirm_enrolment(coach, pyotp.TOTP(enrolment.secret).now())
    assert factors.is_enrolled(coach)
    assert len(codes) == len(set(codes)) == 10


def test_secret_is_stored_encrypted(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    enrolment = factors.begin_enrolment(coach)
    factor = factors.factor_of(coach)
    assert factor is not None and enrolment.secret not in factor.secret


def test_a_code_is_spent_once_when_used_again(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    totp, _codes = _enrolled(coach)
    # the confirming code itself was spent: the same code again is refused
    with pytest.raises(factors.CodeRefused):
        factors.verify(coach, totp.now())
    later = utcnow() + timedelta(seconds=60)
    assert factors.verify(coach, totp.at(later), later) == "code"
    with pytest.raises(factors.CodeRefused):
        factors.verify(coach, totp.at(later), later)


def test_an_old_code_is_refused_when_minutes_have_passed(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    totp, _codes = _enrolled(coach)
    old = totp.at(utcnow() - timedelta(minutes=3))
    with pytest.raises(factors.CodeRefused):
        factors.verify(coach, old, utcnow() + timedelta(seconds=60))


def test_recovery_code_works_once_when_spent(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    _totp, codes = _enrolled(coach)
    assert factors.verify(coach, codes[3].upper().replace("-", " ")) == "recovery"
    with pytest.raises(factors.CodeRefused):
        factors.verify(coach, codes[3])
    assert factors.state(coach).recovery_codes_left == 9
    stored = db.session.query(RecoveryCode).filter_by(user_id=coach.id).all()
    assert all(code not in row.code_hash for row in stored for code in codes)


def test_new_recovery_codes_replace_the_old_ones(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    _totp, codes = _enrolled(coach)
    fresh = factors.new_recovery_codes(coach)
    with pytest.raises(factors.CodeRefused):
        factors.verify(coach, codes[0])
    assert factors.verify(coach, fresh[0]) == "recovery"


def test_removing_leaves_nothing_to_ask(tenant: Tenant, make_user: Any) -> None:
    coach = make_user(tenant, Role.coach)
    _enrolled(coach)
    assert factors.remove(coach)
    assert not factors.is_enrolled(coach)
    assert factors.state(coach).recovery_codes_left == 0
    assert not factors.remove(coach)


def test_provider_mfa_is_read_from_amr_or_a_trusted_acr() -> None:
    assert factors.provider_did_mfa({"amr": ["pwd", "otp"]})
    assert factors.provider_did_mfa({"amr": ["mfa"]})
    assert not factors.provider_did_mfa({"amr": ["pwd"]})
    assert not factors.provider_did_mfa({})
    assert factors.provider_did_mfa(
        {"acr": "urn:eherkenning:loa3"}, frozenset({"urn:eherkenning:loa3"})
    )
    assert not factors.provider_did_mfa({"acr": "low"}, frozenset({"urn:eherkenning:loa3"}))


def test_session_time_outs_follow_the_kind_of_sign_in(tenant: Tenant, make_user: Any) -> None:
    config = Config()
    user = make_user(tenant, Role.coach)
    now = utcnow()
    sessions.start(user, kind="staff", has_second_factor=True, now=now)
    staff = sessions.of_user(user, config, now)[0]
    assert sessions.is_alive(staff, config, now + timedelta(minutes=29))
    assert not sessions.is_alive(staff, config, now + timedelta(minutes=31))  # idle
    staff.last_seen_at = now + timedelta(hours=11, minutes=50)
    assert not sessions.is_alive(staff, config, now + timedelta(hours=12, minutes=1))  # absolute
    participant = staff
    participant.kind = "participant"
    participant.last_seen_at = now
    assert sessions.is_alive(participant, config, now + timedelta(days=3))
    assert not sessions.is_alive(participant, config, now + timedelta(days=31))


def test_session_time_outs_come_from_the_settings() -> None:
    config = Config(session_idle_minutes_staff=5, session_absolute_hours_member=2)
    assert sessions.limits(config, "staff").idle == timedelta(minutes=5)
    assert sessions.limits(config, "member").absolute == timedelta(hours=2)


def test_ending_sessions_ends_their_records(tenant: Tenant, make_user: Any) -> None:
    config = Config()
    user = make_user(tenant, Role.volunteer)
    sessions.start(user, kind="member", has_second_factor=False)
    assert len(sessions.of_user(user, config)) == 1
    user.end_sessions()  # a password reset
    assert sessions.of_user(user, config) == []


def test_the_users_command_resets_a_trainers_second_factor(app: Any, database: Any) -> None:
    from kring.cli import main
    from kring.testing import second_factor

    trainer = UserFactory(email="trainer@example.org")
    db.session.add(TrainerGrant(user_id=trainer.id, methodology_key="proefkring"))
    second_factor.enrol(trainer)
    sessions.start(trainer, kind="staff", has_second_factor=True)
    db.session.flush()
    result = app.test_cli_runner().invoke(
        main, ["users", "reset-second-factor", "TRAINER@example.org"]
    )
    assert result.exit_code == 0, result.output
    assert "sets up a new second factor" in result.output
    db.session.expire_all()
    assert not factors.is_enrolled(trainer)
    assert sessions.of_user(trainer, Config()) == []


def _journaled(action: str) -> int:
    from sqlalchemy import func, select

    from kring.core.journal import JournalEntry

    return db.session.execute(
        select(func.count()).select_from(JournalEntry).where(JournalEntry.action == action)
    ).scalar_one()


def test_own_account_changes_are_journaled_in_a_tenant_and_logged_outside(
    tenant: Tenant, make_user: Any, caplog: Any
) -> None:
    from kring.core.tenancy import reset_request_tenant, set_request_tenant, tenant_scope
    from kring.testing import second_factor

    volunteer = make_user(tenant, Role.volunteer)
    second_factor.enrol(volunteer)
    with pytest.raises(factors.CodeRefused):
        factors.renew_recovery_codes(volunteer, "000000")
    assert len(factors.renew_recovery_codes(volunteer, second_factor.code_for(volunteer))) == 10
    assert _journaled("user.recovery_codes_renewed") == 1
    # a volunteer need not have one: removing it signs nobody out
    version = volunteer.session_version
    assert factors.remove_own(volunteer, second_factor.code_for(volunteer)) is False
    assert volunteer.session_version == version and _journaled("user.second_factor_removed") == 1

    trainer = UserFactory(email="tessa@example.org")
    db.session.add(TrainerGrant(user_id=trainer.id, methodology_key="proefkring"))
    second_factor.enrol(trainer)
    outside = set_request_tenant(None)  # a central trainer's account page
    try:
        with caplog.at_level("INFO", logger="kring.identity.service"):
            assert factors.remove_own(trainer, second_factor.code_for(trainer)) is True
    finally:
        reset_request_tenant(outside)
    assert "user.second_factor_removed: user" in caplog.text
    with tenant_scope(tenant):  # back in the tenant, as PostgreSQL's row security sees it too
        assert _journaled("user.second_factor_removed") == 1
    assert not factors.is_enrolled(trainer)
