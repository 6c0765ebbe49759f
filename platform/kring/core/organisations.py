"""Partner organisations of a tenant: adding them, and listing them with their methodologies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from kring.core import journal
from kring.core.enablement import MethodologyEnablement
from kring.core.tenancy import Organisation, OrganisationKind
from kring.extensions import db


class DuplicateOrganisation(ValueError):
    """Another organisation of this tenant already has that name."""


@dataclass(frozen=True)
class OrganisationSummary:
    organisation: Organisation
    methodology_keys: tuple[str, ...]


def create(name: str, kind: OrganisationKind, actor_id: int | None) -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise ValueError("an organisation needs a name")
    clash = db.session.execute(
        select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    ).first()
    if clash is not None:
        raise DuplicateOrganisation(name)
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    journal.record("organisation.created", organisation, actor_id, name=name, kind=kind.value)
    return organisation


def summaries() -> list[OrganisationSummary]:
    """Every organisation of the tenant with its enabled methodologies, in two queries."""
    organisations = (
        db.session.execute(select(Organisation).order_by(Organisation.name)).scalars().all()
    )
    keys: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(
            MethodologyEnablement.organisation_id, MethodologyEnablement.methodology_key
        ).order_by(MethodologyEnablement.methodology_key)
    )
    for organisation_id, key in rows:
        keys.setdefault(organisation_id, []).append(key)
    return [OrganisationSummary(o, tuple(keys.get(o.id, ()))) for o in organisations]
