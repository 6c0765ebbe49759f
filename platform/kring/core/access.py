"""The words of need-to-know, shared by the policy and the read models that obey it.

``kring.access.policy`` decides, from someone's relationships, how far they ``Reach`` into a
circle or a person's record; read models take that reach and leave out what lies beyond it.
"""

from __future__ import annotations

import enum
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
