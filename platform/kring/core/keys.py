"""The app's secret key and the earlier ones still accepted: what signs and what seals.

``KRING_SECRET_KEY`` signs sessions and e-mailed links and, through keys derived from it, seals
the few secrets Kring must read back (authenticator secrets, an OpenID provider's client
secret). Changing it must not sign everyone out at once nor lock every staff member out of
their second factor, so the keys it replaces stay in ``KRING_SECRET_KEY_FALLBACKS`` for a
while: they are still accepted when a signature is checked or a secret opened, never used for
anything new. ``kring secrets reseal`` seals what is stored again with the current key, after
which the fallbacks can go (``docs/operations.md``, "Rotating secrets").
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app


def signing_keys() -> list[str]:
    """For itsdangerous: the accepted keys, the current one last (it signs; all verify)."""
    fallbacks = [str(key) for key in current_app.config.get("SECRET_KEY_FALLBACKS") or []]
    return [*fallbacks, str(current_app.config["SECRET_KEY"])]


def sealer(purpose: bytes) -> MultiFernet:
    """Encryption for secrets kept for ``purpose``: sealed with a key derived from the current
    secret key, opened with the current key or any fallback."""
    return MultiFernet([_fernet(purpose, key) for key in reversed(signing_keys())])


def _fernet(purpose: bytes, key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(purpose + key.encode()).digest()))


SigningKeys = str | list[str]
"""What a signing service takes: one key, or ``signing_keys()`` (the current one last)."""
