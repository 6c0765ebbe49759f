"""The second factor: who must have one, enrolling an authenticator app, checking a code or a
recovery code, and taking it away again.

Kept free of requests, so the sign-in door, the account pages, the API and a later OIDC callback
ask the same rules. Central trainers, coaches, project leaders, tenant admins and platform admins
hold other people's data across circles or tenants, so a stolen password alone must not open
it: they must have a second factor. Volunteers and care workers may; participants sign in with a
card and are never asked.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.fernet import InvalidToken
from sqlalchemy import delete, func, select

from kring.core import keys
from kring.core.accounts import Role, RoleGrant, User, is_trainer
from kring.core.db import utcnow
from kring.core.tenancy import current_tenant_id, system_scope
from kring.extensions import db
from kring.identity.models import STAFF_ROLE_VALUES, RecoveryCode, SecondFactor

log = logging.getLogger(__name__)

STAFF_ROLES = STAFF_ROLE_VALUES
"""Roles that must have a second factor (with platform admins and central trainers)."""

RECOVERY_CODES = 10
ISSUER = "Kring"
PROVIDER_MFA_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "sc", "fpt", "face", "iris"})
"""``amr`` values (RFC 8176) that show the identity provider asked more than a password."""

# Recovery codes are long random strings, not guessable words; a lighter argon2 than the
# password's keeps ten checks quick while a stolen table still gives nothing away.
_recovery_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class CodeRefused(ValueError):
    """A code that is not right (or already used); the message says so in the reader's words."""


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the secret as text and as an ``otpauth://`` link (the QR
    code)."""

    secret: str
    uri: str


@dataclass(frozen=True)
class FactorState:
    """Where a login stands: shown on the account page and in ``/api/v1/account/second-factor``."""

    is_required: bool
    may_enrol: bool
    is_enrolled: bool
    confirmed_at: datetime | None
    recovery_codes_left: int


def _roles_everywhere(user: User) -> set[Role]:
    with system_scope("a login's roles in every tenant decide its second factor and time-outs"):
        return set(
            db.session.execute(select(RoleGrant.role).where(RoleGrant.user_id == user.id)).scalars()
        )


def must_have_second_factor(user: User) -> bool:
    """Whether ``user`` must pass a second factor to sign in: a platform admin, a central
    trainer, or a tenant admin, project leader or coach in any tenant (a login is shared by
    tenants, so a coach elsewhere is a coach here too)."""
    if user.is_platform_admin or is_trainer(user):
        return True
    return bool(_roles_everywhere(user) & STAFF_ROLES)


def may_enrol(user: User) -> bool:
    """Whether ``user`` may have a second factor at all: everyone with a password, except a
    participant (who signs in with a card and is never asked)."""
    if must_have_second_factor(user):
        return True
    roles = _roles_everywhere(user)
    return bool(user.password_hash) and bool(roles - {Role.participant})


def session_kind(user: User) -> str:
    """Which time-outs a sign-in of ``user`` gets: ``staff`` (the second factor's people),
    ``participant`` (only participant roles) or ``member`` (volunteers, care workers)."""
    if must_have_second_factor(user):
        return "staff"
    roles = _roles_everywhere(user)
    return "participant" if roles and roles <= {Role.participant} else "member"


def provider_did_mfa(
    claims: Mapping[str, object], accepted_acr: frozenset[str] = frozenset()
) -> bool:
    """Whether an OIDC identity provider's ID token shows it asked a second factor itself, so
    Kring's own step may be skipped: an ``amr`` naming such a method (RFC 8176), or an ``acr``
    the tenant trusts (``accepted_acr``)."""
    amr = claims.get("amr")
    if isinstance(amr, list) and any(str(m).lower() in PROVIDER_MFA_METHODS for m in amr):
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in accepted_acr


SEALED_FOR = b"kring second factor\0"
"""What the authenticator secrets' key is derived for (``kring.core.keys.sealer``)."""


def _seal(secret: str) -> str:
    return keys.sealer(SEALED_FOR).encrypt(secret.encode()).decode()


def _open(sealed: str) -> str:
    try:
        return keys.sealer(SEALED_FOR).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""  # a secret sealed under another key makes no code; re-enrolment fixes it


def reseal_second_factors() -> tuple[int, int]:
    """Seal every authenticator secret again with the current secret key, after a rotation;
    returns (resealed, unreadable). An unreadable one was sealed under a key that is no longer
    given at all: its owner enrols again (a tenant admin resets it)."""
    sealer = keys.sealer(SEALED_FOR)
    done = lost = 0
    for factor in db.session.execute(select(SecondFactor)).scalars():
        try:
            factor.secret = sealer.rotate(factor.secret.encode()).decode()
            done += 1
        except InvalidToken:
            lost += 1
    db.session.flush()
    return done, lost


def factor_of(user: User) -> SecondFactor | None:
    """The login's second factor, confirmed or being enrolled, or None."""
    return db.session.execute(
        select(SecondFactor).where(SecondFactor.user_id == user.id)
    ).scalar_one_or_none()


def is_enrolled(user: User) -> bool:
    """Whether ``user`` has a confirmed second factor that sign-in asks for."""
    factor = factor_of(user)
    return factor is not None and factor.is_confirmed


def totp_for(factor: SecondFactor) -> pyotp.TOTP | None:
    """The authenticator this factor's secret makes codes with; None when the secret was sealed
    under a secret key Kring is no longer given (no code is right then: the person enrols
    again)."""
    secret = _open(factor.secret)
    return pyotp.TOTP(secret) if secret else None


def state(user: User) -> FactorState:
    """The login's second factor as the account page and the API show it."""
    factor = factor_of(user)
    enrolled = factor is not None and factor.is_confirmed
    left = (
        db.session.execute(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).scalar_one()
        if enrolled
        else 0
    )
    required = must_have_second_factor(user)
    return FactorState(
        is_required=required,
        may_enrol=required or may_enrol(user),
        is_enrolled=enrolled,
        confirmed_at=factor.confirmed_at if factor is not None else None,
        recovery_codes_left=left,
    )


def begin_enrolment(user: User) -> Enrolment:
    """A secret for a new authenticator, shown until a first code confirms it. Asking again
    shows the same secret, so reloading the page does not invalidate what was scanned."""
    factor = factor_of(user)
    if factor is not None and factor.is_confirmed:
        raise CodeRefused("already enrolled")
    if factor is None:
        factor = SecondFactor(user_id=user.id, secret=_seal(pyotp.random_base32()))
        db.session.add(factor)
        db.session.flush()
    secret = _open(factor.secret)
    if not secret:
        secret = pyotp.random_base32()
        factor.secret = _seal(secret)
    name = user.email or user.name
    return Enrolment(secret, pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=ISSUER))


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _spend_totp(factor: SecondFactor, code: str, now: datetime) -> bool:
    """Accept a code of this half minute or the one either side (clocks drift), each once."""
    digits = _normalise(code)
    if len(digits) != 6 or not digits.isdigit():
        return False
    totp = totp_for(factor)
    if totp is None:
        return False
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if factor.last_step is not None and step <= factor.last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), digits):
            factor.last_step = step
            return True
    return False


def confirm_enrolment(user: User, code: str, now: datetime | None = None) -> list[str]:
    """Confirm the authenticator with its first code; returns the ten recovery codes, shown
    this once. A wrong code raises ``CodeRefused``."""
    factor = factor_of(user)
    if factor is None or factor.is_confirmed:
        raise CodeRefused("nothing to confirm")
    if not _spend_totp(factor, code, now or utcnow()):
        raise CodeRefused("wrong code")
    factor.confirmed_at = now or utcnow()
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh single-use recovery codes; earlier ones stop working. Only hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_recovery_hasher.hash(_normalise(code)))
        for code in codes
    )
    db.session.flush()
    return codes


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread on paper
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _spend_recovery(user: User, code: str, now: datetime) -> bool:
    given = _normalise(code)
    if len(given) != 10:
        return False
    unused = db.session.execute(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalars()
    for row in unused:
        try:
            _recovery_hasher.verify(row.code_hash, given)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            continue
        row.used_at = now
        return True
    return False


def verify(user: User, code: str, now: datetime | None = None) -> str:
    """Check a code from the authenticator or a recovery code; returns ``"code"`` or
    ``"recovery"`` for what was spent, or raises ``CodeRefused``. Either is spent once."""
    factor = factor_of(user)
    if factor is None or not factor.is_confirmed:
        raise CodeRefused("not enrolled")
    moment = now or utcnow()
    if _spend_totp(factor, code, moment):
        return "code"
    if _spend_recovery(user, code, moment):
        return "recovery"
    raise CodeRefused("wrong code")


def remove(user: User) -> bool:
    """Take the second factor and its recovery codes away (the person themselves, after a
    code, or a tenant admin resetting it); returns whether there was one."""
    factor = factor_of(user)
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if factor is None:
        return False
    db.session.delete(factor)
    db.session.flush()
    return True


def noted(action: str, user: User) -> None:
    """A change a person made to their own account: journaled in the tenant in scope (an
    account page at a tenant), logged outside any tenant (a central trainer's or platform
    admin's account, which is global and has no tenant journal to be written in)."""
    from kring.core import journal

    if current_tenant_id() is not None:
        journal.record(action, user, user.id)
    else:
        log.info("%s: user %s, outside any tenant", action, user.id)


def renew_recovery_codes(user: User, code: str) -> list[str]:
    """Ten new recovery codes for a person who gives a code from their factor (raises
    ``CodeRefused`` otherwise); the old ones stop working. Noted (``noted``)."""
    verify(user, code)
    codes = new_recovery_codes(user)
    noted("user.recovery_codes_renewed", user)
    return codes


def remove_own(user: User, code: str) -> bool:
    """A person removes their own second factor after a code from it (raises
    ``CodeRefused`` otherwise). Someone who must have one is signed out everywhere, to set up
    a new one at their next sign-in (a new phone); returns whether that happened."""
    from kring.identity import sessions

    verify(user, code)
    remove(user)
    noted("user.second_factor_removed", user)
    if not must_have_second_factor(user):
        return False
    sessions.revoke_all(user)
    user.end_sessions()
    return True


@dataclass(frozen=True)
class StaffFactor:
    """One person working in the tenant, as the admin's second-factor page lists them."""

    user_id: int
    name: str
    email: str | None
    roles: tuple[Role, ...]
    is_required: bool
    is_enrolled: bool


def staff_in_tenant() -> list[StaffFactor]:
    """Everyone holding a role other than participant in the tenant in scope, with whether
    their second factor is set up; two queries whatever the number of people."""
    from kring.core.accounts import TrainerGrant

    rows = db.session.execute(
        select(User, RoleGrant.role, SecondFactor.confirmed_at)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(SecondFactor, SecondFactor.user_id == User.id)
        .where(RoleGrant.role != Role.participant)
        .order_by(User.name, User.id)
    ).all()
    trainers = set(
        db.session.execute(
            select(TrainerGrant.user_id).where(TrainerGrant.user_id.in_({r[0].id for r in rows}))
        ).scalars()
    )
    people: dict[int, tuple[User, set[Role], bool]] = {}
    for user, role, confirmed_at in rows:
        entry = people.setdefault(user.id, (user, set(), confirmed_at is not None))
        entry[1].add(role)
    return [
        StaffFactor(
            user_id=user.id,
            name=user.name,
            email=user.email,
            roles=tuple(sorted(roles)),
            is_required=bool(roles & STAFF_ROLES) or user.is_platform_admin or user.id in trainers,
            is_enrolled=enrolled,
        )
        for user, roles, enrolled in people.values()
    ]


def staff_member(user_id: int) -> User | None:
    """A login holding a role in the tenant in scope (an admin may reset only theirs)."""
    from kring.identity.sessions import MAX_ID

    if not 0 < user_id <= MAX_ID:
        return None  # a number no id can be
    return db.session.execute(
        select(User)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(User.id == user_id, RoleGrant.role != Role.participant)
        .limit(1)
    ).scalar_one_or_none()


def reset(user: User, actor_id: int) -> bool:
    """A tenant admin resets a staff member's second factor (a lost phone): the factor and its
    recovery codes go, every session of theirs ends, and they set up a new one at their next
    sign-in. Journaled in the tenant in scope."""
    from kring.core import journal
    from kring.identity import sessions

    had = remove(user)
    sessions.revoke_all(user)
    user.end_sessions()
    journal.record("user.second_factor_reset", user, actor_id, had_second_factor=had)
    return had
