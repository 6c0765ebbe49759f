"""Need-to-know for residents' rights (AVG/GDPR): who hands a person their data and who erases
it. Part of the one policy: ``kring.access.policy`` re-exports every name here.

A rights request reaches the tenant, who is the controller: its tenant admin handles one for
anyone in the tenant, and a project leader for the people they reach fully (the members of the
circles of the organisations they lead, and people in no circle). Nobody erases their own
record: that would end their own login in the middle of the request.

**The tenant admin's exception to need-to-know.** Everywhere else a tenant admin sees residents
only as counts. For a rights request they must find the person who asks, whom they have no
relationship with, so ``rights_people`` lets them list and search everyone in the tenant, by
name and postcode, on the rights pages only (``privacy.people``, ``api_privacy.RightsPeople``).
Nothing else is shown there, and every person listed is written to the access log as read by
them at that endpoint, so each look is accounted for (docs/access.md, "Residents' rights")."""

from __future__ import annotations

from flask import abort
from sqlalchemy import ColumnElement, false, true

from kring.access import log
from kring.access.policy import person_reach, viewer, visible_people
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role
from kring.http.tenancy import get_or_none
from kring.people.models import Person


def handles_rights_of(who: Viewer, person: Person) -> bool:
    """Whether ``who`` answers this person's request to see or erase their data."""
    if who.has(Role.tenant_admin):
        return True
    return who.has(Role.project_leader) and person_reach(who, person) >= Reach.full


def rights_people(who: Viewer) -> ColumnElement[bool]:
    """A condition on ``Person`` for the people whose rights requests ``who`` handles, to
    list them: everyone in the tenant for its tenant admin (the one exception to their
    counts-only reach, see the module's docstring), the people a project leader reaches
    fully, nobody for anyone else. A caller logs every person it lists."""
    if who.has(Role.tenant_admin):
        return true()
    if who.has(Role.project_leader):
        return visible_people(who, Reach.full)
    return false()


def may_erase(who: Viewer, person: Person) -> bool:
    """Whether ``who`` may erase this person: one who handles their rights, never their own
    person."""
    return person.id not in who.person_ids and handles_rights_of(who, person)


def rights_person_or_404(person_id: object) -> Person:
    """The person whose rights request the viewer handles; logged as read. Any other id is
    404, and a refused attempt on a real record is logged as refused."""
    person = get_or_none(Person, person_id)
    if person is None:
        abort(404)
    who = viewer()
    if not handles_rights_of(who, person):
        log.refused(who, [person.id])
        abort(404)
    log.shown(who, [person.id])
    return person
