"""The demo calendar: invented activities of several organisations and the imported visiting
service's calendar, once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kring.activities import service
from kring.activities.demo import demo_calendar
from kring.activities.models import Activity
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.organisations.models import OrganisationKind
from kring.people import service as people
from kring.testing.factories import OrganisationFactory


def test_the_demo_fills_the_calendar_once_with_several_organisations(tenant: Tenant) -> None:
    for kind in (OrganisationKind.welfare, OrganisationKind.church, OrganisationKind.visiting):
        OrganisationFactory(kind=kind)
    people.create_neighbourhood("Centrum", ["1111"], None, None)
    people.create_neighbourhood("Noord", ["2222"], None, None)
    demo_calendar(date(2026, 3, 2))
    count = db.session.execute(select(func.count(Activity.id))).scalar_one()
    organisers = db.session.execute(
        select(func.count(func.distinct(Activity.organisation_id)))
    ).scalar_one()
    imported = db.session.execute(
        select(func.count(Activity.id)).where(Activity.source_uid.is_not(None))
    ).scalar_one()
    assert count >= 10 and organisers == 3 and imported == 4
    assert service.listing(service.Filters(), date(2026, 3, 2), 7).occurrences
    demo_calendar(date(2026, 3, 2))
    assert db.session.execute(select(func.count(Activity.id))).scalar_one() == count
