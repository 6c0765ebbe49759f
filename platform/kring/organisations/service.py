"""Partner organisations: adding them, enabling methodologies for them, and listing both."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from kring.core import journal
from kring.extensions import db
from kring.organisations.models import MethodologyEnablement, Organisation, OrganisationKind


class DuplicateOrganisation(ValueError):
    """Another organisation of this tenant already has that name."""


class UnknownMethodology(ValueError):
    """The key names no installed methodology plugin."""


@dataclass(frozen=True)
class OrganisationSummary:
    """An organisation with the keys of the methodologies it works with, for lists."""

    organisation: Organisation
    methodology_keys: tuple[str, ...]


def create(name: str, kind: OrganisationKind, actor_id: int | None) -> Organisation:
    """Add a partner organisation; names are unique in a tenant, whatever their case."""
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


def summary(organisation: Organisation) -> OrganisationSummary:
    """One organisation with its enabled methodologies."""
    keys = db.session.execute(
        select(MethodologyEnablement.methodology_key)
        .where(MethodologyEnablement.organisation_id == organisation.id)
        .order_by(MethodologyEnablement.methodology_key)
    ).scalars()
    return OrganisationSummary(organisation, tuple(keys))


def enable(
    organisation: Organisation,
    key: str,
    installed: Collection[str],
    actor_id: int | None,
    settings: dict[str, Any] | None = None,
) -> MethodologyEnablement:
    """Enable methodology ``key`` for ``organisation``; idempotent, journaled once.

    ``settings`` (already checked against the plugin's schema) replace the stored ones when given.
    """
    if key not in installed:
        raise UnknownMethodology(f"no methodology plugin named {key!r} is installed")
    existing = db.session.execute(
        select(MethodologyEnablement).where(
            MethodologyEnablement.organisation_id == organisation.id,
            MethodologyEnablement.methodology_key == key,
        )
    ).scalar_one_or_none()
    if existing is not None:
        if settings is not None and settings != existing.settings:
            existing.settings = settings
            journal.record("methodology.settings", organisation, actor_id, methodology=key)
        return existing
    enablement = MethodologyEnablement(
        organisation_id=organisation.id,
        methodology_key=key,
        enabled_by_id=actor_id,
        settings=settings or {},
    )
    db.session.add(enablement)
    db.session.flush()
    journal.record("methodology.enabled", organisation, actor_id, methodology=key)
    return enablement


def enablements() -> list[MethodologyEnablement]:
    """Every (organisation, methodology) pair of the tenant with its organisation, by name."""
    return list(
        db.session.execute(
            select(MethodologyEnablement)
            .join(Organisation, Organisation.id == MethodologyEnablement.organisation_id)
            .options(contains_eager(MethodologyEnablement.organisation))
            .order_by(Organisation.name, MethodologyEnablement.methodology_key)
        ).scalars()
    )


def is_enabled(organisation: Organisation, key: str) -> bool:
    """Whether ``organisation`` works with methodology ``key``: only then may it start circles."""

    return (
        db.session.execute(
            select(MethodologyEnablement.id).where(
                MethodologyEnablement.organisation_id == organisation.id,
                MethodologyEnablement.methodology_key == key,
            )
        ).first()
        is not None
    )


def enabled_keys() -> set[str]:
    """Methodology keys enabled anywhere in the current tenant."""
    return set(
        db.session.execute(select(MethodologyEnablement.methodology_key).distinct()).scalars()
    )


def kinds() -> frozenset[str]:
    """The kinds of organisation the tenant has as partners (housing, care ...)."""
    return frozenset(
        str(kind) for kind in db.session.execute(select(Organisation.kind).distinct()).scalars()
    )
