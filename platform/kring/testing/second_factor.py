"""Second factors for tests: staff in tests sign in the way staff do, with a password and a
code from an authenticator, computed here with pyotp from their enrolled secret.

The rule that coaches, project leaders, admins and trainers must have a second factor stays on
in every test; these helpers give them one.
"""

from __future__ import annotations

import pyotp

from kring.core.accounts import User, find_user_by_email
from kring.core.db import utcnow
from kring.extensions import db
from kring.identity import service as factors


def enrol(user: User) -> str:
    """Give ``user`` a confirmed authenticator (as the enrolment page would); returns its
    secret, from which ``code_for`` makes codes."""
    factor = factors.factor_of(user)
    totp = factors.totp_for(factor) if factor is not None and factor.is_confirmed else None
    if totp is not None:
        return totp.secret
    enrolment = factors.begin_enrolment(user)
    factors.confirm_enrolment(user, pyotp.TOTP(enrolment.secret).now())
    db.session.flush()  # requests read it through sessions of their own
    return enrolment.secret


def code_for(user: User) -> str:
    """The code the person's app shows now. Tests sign the same person in several times within
    half a minute, where a real person would wait for the next code: the helper forgets the
    step spent last, as thirty seconds would."""
    factor = factors.factor_of(user)
    assert factor is not None and factor.is_confirmed, f"{user} has no second factor"
    totp = factors.totp_for(factor)
    assert totp is not None, f"{user}'s authenticator is sealed under another secret key"
    factor.last_step = totp.timecode(utcnow()) - 2
    db.session.flush()
    return totp.now()


def prepare(email: str) -> User | None:
    """Before signing ``email`` in: enrol them when their role needs a second factor."""
    user = find_user_by_email(email)
    if user is not None and factors.must_have_second_factor(user):
        enrol(user)
    return user
