"""Secrets Kring hands out once (sign-in cards, API tokens, client secrets) and keeps only as a
digest, so a copy of the database signs nobody in.

They are long random strings, so a plain SHA-256 is enough to store them: a slow password hash
protects guessable words, and nobody guesses 256 random bits.
"""

from __future__ import annotations

import hashlib
import secrets


def new_secret(prefix: str = "") -> str:
    """A fresh secret; ``prefix`` ("kr_pat_") lets people and secret scanners tell its kind."""
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored of a secret, and what a secret presented later is looked up by."""
    return hashlib.sha256(secret.encode()).hexdigest()
