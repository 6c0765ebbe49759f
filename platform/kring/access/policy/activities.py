"""Need-to-know for the activity calendar. The calendar itself is public; what this part
decides is who may publish for which organisation (a contributor for the organisation their
grant names, a project leader for the organisations they lead, a tenant admin for all), and
which member a volunteer or coach may suggest an activity to (a member of a circle they take
part in). Part of the one policy: ``kring.access.policy`` re-exports every name here."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from kring.access.policy import _is_member, circle_or_404, viewer
from kring.activities.models import Activity, ActivityFeed, ActivitySuggestion
from kring.circles.models import Circle
from kring.core.access import Reach, Viewer
from kring.core.accounts import Role, RoleGrant
from kring.extensions import db
from kring.http.tenancy import get_or_none
from kring.organisations.models import Organisation


def publishing_organisations(who: Viewer) -> frozenset[int] | None:
    """The organisations ``who`` publishes activities for; ``None``: every one of the tenant.
    A contributor's grant without an organisation covers none: the role is for one
    organisation's calendar, never the whole tenant's."""
    if who.has(Role.tenant_admin):
        return None
    found: set[int] = set()
    if who.has(Role.project_leader):
        if who.organisation_ids is None:
            return None
        found |= who.organisation_ids
    if who.has(Role.contributor) and who.user_id is not None:
        found |= {
            org
            for org in db.session.execute(
                select(RoleGrant.organisation_id).where(
                    RoleGrant.user_id == who.user_id,
                    RoleGrant.role == Role.contributor,
                    RoleGrant.organisation_id.is_not(None),
                )
            ).scalars()
            if org is not None
        }
    return frozenset(found)


def may_publish_for(organisation_id: int) -> bool:
    """Whether the reader publishes activities for this organisation."""
    covered = publishing_organisations(viewer())
    return covered is None or organisation_id in covered


def publishable_organisations() -> list[Organisation]:
    """The organisations, not archived, the reader may choose to publish an activity for."""
    covered = publishing_organisations(viewer())
    query = select(Organisation).where(Organisation.archived_at.is_(None))
    if covered is not None:
        query = query.where(Organisation.id.in_(sorted(covered)))
    return list(db.session.execute(query.order_by(Organisation.name)).scalars())


def activity_or_404(activity_id: object) -> Activity:
    """An activity the reader may change or remove; any other id is 404, whatever tenant or
    organisation it belongs to."""
    activity = get_or_none(Activity, activity_id)
    if activity is None or not may_publish_for(activity.organisation_id):
        abort(404)
    return activity


def feed_or_404(feed_id: object) -> ActivityFeed:
    """An organisation's iCal feed the reader keeps; any other id is 404."""
    feed = get_or_none(ActivityFeed, feed_id)
    if feed is None or not may_publish_for(feed.organisation_id):
        abort(404)
    return feed


def suggesting_circle_or_404(circle_id: object) -> Circle:
    """A circle the reader takes part in and reaches the members' names of (its volunteer,
    its coach): where they suggest activities to members. Any other id is 404."""
    circle, _reach = circle_or_404(circle_id, Reach.contact)
    who = viewer()
    if not who.person_ids or not _is_member(who, circle):
        abort(404)
    return circle


def suggestion_or_404(suggestion_id: object) -> ActivitySuggestion:
    """A suggestion made in a circle the reader suggests in; any other id is 404."""
    suggestion = get_or_none(ActivitySuggestion, suggestion_id)
    if suggestion is None:
        abort(404)
    suggesting_circle_or_404(suggestion.circle_id)
    return suggestion
