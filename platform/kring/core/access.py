"""The words of need-to-know, shared by the policy and the read models that obey it.

``kring.access.policy`` decides, from someone's relationships, how far they ``Reach`` into a
circle or a person's record; read models take that reach and leave out what lies beyond it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass

from kring.core.accounts import Role


class Reach(enum.IntEnum):
    """How much of a resident (or of a circle's members) someone may see, in order."""

    none = 0
    counts = 1
    """How many, never who (a tenant admin on a circle page)."""
    first_names = 2
    """First names only (a participant about the others in their circle)."""
    contact = 3
    """Names and the contact details needed to reach them (a volunteer)."""
    full = 4
    """The whole record: intake, recorded facts, measurements (a coach, a project leader)."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking: their roles in the tenant, the people they are, and the organisations
    their project leader grants cover (``None``: the whole tenant)."""

    user_id: int | None
    roles: frozenset[Role]
    person_ids: frozenset[int]
    organisation_ids: frozenset[int] | None
    team_organisation_ids: frozenset[int] | None = frozenset()
    """Organisations whose team (project leaders and coaches) the viewer belongs to, for the
    signals sent to them; ``None``: every organisation of the tenant."""

    def has(self, role: Role) -> bool:
        return role in self.roles


SYSTEM = Viewer(None, frozenset(), frozenset(), None, None)
"""Kring itself, in a command or a job: logged as such, reaching what the command is for."""


def first_name(name: str) -> str:
    """What a participant sees of another member: the first word of the name."""
    return name.split()[0] if name.split() else name


_acting_for: ContextVar[int | None] = ContextVar("kring_acting_for", default=None)


def acting_for() -> int | None:
    """The participant (a person id) the current actor acts on behalf of, if any: the journal
    and the access log record both the actor and this participant."""
    return _acting_for.get()


def act_for(person_id: int | None) -> Token[int | None]:
    """Start acting on behalf of a participant (a request does, while its session says so);
    returns a token for ``stop_acting``."""
    return _acting_for.set(person_id)


def stop_acting(token: Token[int | None]) -> None:
    """Act for oneself again (the end of the request that acted for a participant)."""
    _acting_for.reset(token)


@contextmanager
def on_behalf_of(person_id: int | None) -> Iterator[None]:
    """Run the block as acting on behalf of a participant (``None`` acts for nobody)."""
    token = act_for(person_id)
    try:
        yield
    finally:
        stop_acting(token)
