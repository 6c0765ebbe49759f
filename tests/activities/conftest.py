"""Shared pieces of the calendar's tests: an organisation with activities, built through the
service the pages use."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kring.activities import service
from kring.organisations.models import OrganisationKind
from kring.testing.factories import OrganisationFactory


def an_activity(organisation_id: int | None = None, **details: Any) -> Any:
    """An activity published through the service; a new organisation when none is given."""
    if organisation_id is None:
        organisation_id = OrganisationFactory(kind=OrganisationKind.church).id
    fields: dict[str, Any] = {
        "organisation_id": organisation_id,
        "title": "Wandelen op dinsdag",
        "starts_local": datetime(2026, 3, 3, 14, 0),
        "minutes": 60,
    }
    fields.update(details)
    return service.publish(service.Details(**fields), None)
