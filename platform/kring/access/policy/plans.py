"""Need-to-know for development plans: who reads a person's plan, and who changes it (and as
whom). Part of the one policy: ``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask import abort
from sqlalchemy import ColumnElement, false, or_, select

from kring.access import log
from kring.access.policy import _in_no_circle, _leads, _members_of, _takes_part, viewer
from kring.access.policy.safetynet import reading_sensitive
from kring.circles.models import ENDED, CircleMember
from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.extensions import db
from kring.http.methodology import sensitive_roles as roles
from kring.http.tenancy import get_or_none
from kring.people.models import Person
from kring.plans.service import Editor, NoteReader


@dataclass(frozen=True)
class PlanAccess:
    """What the viewer may do with one person's plan, and as whom their changes are recorded."""

    person: Person
    is_owner: bool
    may_read: bool
    may_edit: bool
    may_comment: bool
    editor: Editor
    reads_sensitive: bool = False
    """Whether notes marked sensitive are readable in full: by the participant themself, and by
    whoever takes part in one of their circles in a role its methodology names (the writer of a
    note always reads their own)."""

    @property
    def reader(self) -> NoteReader:
        return NoteReader(self.editor.user_id, self.reads_sensitive)


PlanNeed = Literal["read", "edit", "comment"]


def plan_access(who: Viewer, person: Person) -> PlanAccess:
    """The participant reads and changes their own plan; a coach or a volunteer taking part in
    one of their circles changes it with them (recorded as on their behalf) and comments; a
    project leader who leads their circle (or recruits them, in no circle yet) reads it.
    Nobody else reaches a plan, whatever their role (one query, and two more to know whether
    the viewer reads sensitive notes)."""
    if person.id in who.person_ids:
        return PlanAccess(person, True, True, True, False, Editor(who.user_id), True)
    helps = who.has(Role.coach) or who.has(Role.volunteer)
    leads_them = who.has(Role.project_leader)
    helper, leader = db.session.execute(
        select(
            _members_of(_takes_part(who)) if helps else false(),
            or_(_members_of(_leads(who)), _in_no_circle()) if leads_them else false(),
        ).where(Person.id == person.id)
    ).one()
    helper, leader = bool(helper), bool(leader)
    return PlanAccess(
        person,
        is_owner=False,
        may_read=helper or leader,
        may_edit=helper,
        may_comment=helper,
        editor=Editor(who.user_id, person.id),
        reads_sensitive=(helper or leader) and _in_circles(person, reading_sensitive(who, roles())),
    )


def _in_circles(person: Person, circles: set[int]) -> bool:
    if not circles:
        return False
    found = db.session.execute(
        select(CircleMember.id).where(
            CircleMember.person_id == person.id,
            CircleMember.circle_id.in_(circles),
            CircleMember.status.not_in(ENDED),
        )
    ).first()
    return found is not None


def plan_or_404(person_id: object, need: PlanNeed = "read") -> PlanAccess:
    """The plan of the person with this id, when the viewer may ``need`` it; logged as a read
    of that person. Any other id, or a plan beyond the viewer's part in it, is 404."""
    person = get_or_none(Person, person_id)
    if person is None:
        abort(404)
    access = plan_access(viewer(), person)
    allowed = {"read": access.may_read, "edit": access.may_edit, "comment": access.may_comment}
    if not allowed[need]:
        log.refused(viewer(), [person.id])
        abort(404)
    log.shown(viewer(), [person.id])
    return access


def plan_people(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Person`` for the people whose plans ``who`` helps with as a coach or
    volunteer (the "plans due for review" on their home)."""
    if not (who.has(Role.coach) or who.has(Role.volunteer)):
        return false()
    return _members_of(_takes_part(who))
