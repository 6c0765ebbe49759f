"""What a token may be used for: per area of Kring, reading or also changing.

Scopes follow the permissions the areas declare ("circle.edit" belongs to the area "circle"),
so a new area's API is covered the day it lands. A scope only narrows: a token never does what
its user may not. Reading is any safe method (GET, HEAD); writing is everything else and
includes reading. The token area itself is no scope: a token cannot make or revoke tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l

READ = "read"
WRITE = "write"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

NOT_A_SCOPE = frozenset({"apiaccess", "identity", "sso"})
"""Areas no token reaches: tokens themselves, a person's second factor and sign-ins, and how
staff sign in: a token cannot change how one signs in."""

AREAS = {
    "accesslog": _l("Access log"),
    "activity": _l("Activity calendar"),
    "audit": _l("Audits"),
    "circle": _l("Circles"),
    "contact": _l("Volunteer contacts"),
    "escalation": _l("Escalations"),
    "invitation": _l("Invitations"),
    "exchange": _l("Help offered and asked"),
    "meeting": _l("Meetings"),
    "message": _l("Messages"),
    "neighbourhood": _l("Choosing neighbourhoods"),
    "methodology": _l("Methodologies"),
    "notify": _l("Notifications"),
    "organisation": _l("Organisations"),
    "outbox": _l("Outgoing messages"),
    "outcomes": _l("Outcome measures"),
    "person": _l("People"),
    "plan": _l("Personal plans"),
    "report": _l("Reports"),
    "signal": _l("Signals"),
    "signin": _l("Sign-in cards"),
    "survey": _l("Questionnaires"),
    "tenant": _l("Your organisation"),
    "training": _l("Trainings"),
}
"""Every area with a permission, in the words a person choosing scopes reads. A test fails when
an area declares permissions and is missing here."""


def all_scopes() -> list[str]:
    """Every scope there is, as OAuth2 spells them ("circle:read"), sorted."""
    return [f"{area}:{level}" for area in sorted(AREAS) for level in (READ, WRITE)]


def unknown(scopes: Iterable[str]) -> list[str]:
    """The scopes in ``scopes`` that Kring does not know, to name them in a refusal."""
    known = set(all_scopes())
    return [s for s in scopes if s not in known]


def allows(scopes: Iterable[str], permission: str, method: str) -> bool:
    """Whether a token with ``scopes`` may use a view that needs ``permission`` by ``method``."""
    area = permission.split(".", 1)[0]
    if area in NOT_A_SCOPE or area not in AREAS:
        return False
    held = set(scopes)
    if f"{area}:{WRITE}" in held:
        return True
    return method.upper() in SAFE_METHODS and f"{area}:{READ}" in held


LEVEL_WORDS = {READ: _l("read"), WRITE: _l("read and change")}


def describe(held: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """The scopes in words ("Buurtcirkels: read"), each area named by ``labels``; unknown
    ones are left out."""
    words = []
    for scope in held:
        area, _sep, level = scope.partition(":")
        if area in labels and level in LEVEL_WORDS:
            words.append(f"{labels[area]}: {LEVEL_WORDS[level]}")
    return words
