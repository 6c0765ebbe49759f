"""Signed, expiring, single-use password reset tokens.

The token carries a fingerprint of the current password hash, so it stops working the moment
the password changes: using it once spends it, without a table of used tokens.
"""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from kring.core.accounts import User
from kring.core.keys import SigningKeys
from kring.extensions import db

RESET_MAX_AGE_SECONDS = 60 * 60
_SALT = "kring.password-reset"


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_reset_token(secret_key: SigningKeys, user: User) -> str:
    """A signed token for one password reset; it expires, and changing the password spends it."""

    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(
        {"u": user.id, "f": _fingerprint(user)}
    )


def user_for_reset_token(secret_key: SigningKeys, token: str) -> User | None:
    """The user the token was made for, or None when it is forged, expired or already used."""
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(
            token, max_age=RESET_MAX_AGE_SECONDS
        )
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.is_active or data.get("f") != _fingerprint(user):
        return None
    return user
