"""Partner organisations: adding them, enabling methodologies for them, and listing both."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from kring.core import journal
from kring.core.db import utcnow
from kring.core.memo import once_per_page
from kring.core.tenancy import current_tenant_id
from kring.extensions import db
from kring.organisations.models import MethodologyEnablement, Organisation, OrganisationKind


class DuplicateOrganisation(ValueError):
    """Another organisation of this tenant already has that name."""


class UnknownMethodology(ValueError):
    """The key names no installed methodology plugin."""


@dataclass(frozen=True)
class OrganisationSummary:
    """An organisation with the keys of the methodologies it works with (and those it stopped
    working with), for lists."""

    organisation: Organisation
    methodology_keys: tuple[str, ...]
    disabled_keys: tuple[str, ...] = ()


def create(name: str, kind: OrganisationKind, actor_id: int | None) -> Organisation:
    """Add a partner organisation; names are unique in a tenant, whatever their case."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("an organisation needs a name")
    if _clash(name):
        raise DuplicateOrganisation(name)
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    journal.record("organisation.created", organisation, actor_id, name=name, kind=kind.value)
    return organisation


def _clash(name: str, other_than: int | None = None) -> bool:
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if other_than is not None:
        query = query.where(Organisation.id != other_than)
    return db.session.execute(query).first() is not None


def update(
    organisation: Organisation, name: str, kind: OrganisationKind, actor_id: int | None
) -> None:
    """Rename an organisation or change its kind; names stay unique in the tenant."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("an organisation needs a name")
    if _clash(name, organisation.id):
        raise DuplicateOrganisation(name)
    changed = {
        field: value
        for field, value in (("name", name), ("kind", kind.value))
        if str(getattr(organisation, field)) != value
    }
    if not changed:
        return
    organisation.name = name
    organisation.kind = kind
    journal.record("organisation.updated", organisation, actor_id, **changed)


def archive(organisation: Organisation, actor_id: int | None) -> None:
    """Stop the organisation working in Kring: no new circles, gone from the forms' choices;
    its circles, people and history stay."""
    if organisation.archived_at is None:
        organisation.archived_at = utcnow()
        journal.record("organisation.archived", organisation, actor_id)


def restore(organisation: Organisation, actor_id: int | None) -> None:
    """Bring an archived organisation back."""
    if organisation.archived_at is not None:
        organisation.archived_at = None
        journal.record("organisation.restored", organisation, actor_id)


def disable(organisation: Organisation, key: str, actor_id: int | None) -> MethodologyEnablement:
    """The organisation stops working with methodology ``key``: its circles keep their
    history, no new one starts. Enabling it again undoes this."""
    found = db.session.execute(
        select(MethodologyEnablement).where(
            MethodologyEnablement.organisation_id == organisation.id,
            MethodologyEnablement.methodology_key == key,
        )
    ).scalar_one_or_none()
    if found is None:
        raise UnknownMethodology(f"{organisation.name} does not work with {key!r}")
    if found.disabled_at is None:
        found.disabled_at = utcnow()
        journal.record("methodology.disabled", organisation, actor_id, methodology=key)
    return found


def status_of(organisation: Organisation, key: str) -> str | None:
    """``enabled``, ``disabled`` or None (never enabled) for this organisation and methodology;
    an archived organisation's methodologies read ``disabled``."""
    found = db.session.execute(
        select(MethodologyEnablement.disabled_at).where(
            MethodologyEnablement.organisation_id == organisation.id,
            MethodologyEnablement.methodology_key == key,
        )
    ).first()
    if found is None:
        return None
    if found.disabled_at is not None or organisation.archived_at is not None:
        return "disabled"
    return "enabled"


def summaries() -> list[OrganisationSummary]:
    """Every organisation of the tenant with its enabled methodologies, in two queries."""
    organisations = (
        db.session.execute(select(Organisation).order_by(Organisation.name)).scalars().all()
    )
    keys: dict[tuple[int, bool], list[str]] = {}
    for organisation_id, key, is_disabled in _enablements():
        keys.setdefault((organisation_id, is_disabled), []).append(key)
    return [
        OrganisationSummary(
            o, tuple(keys.get((o.id, False), ())), tuple(keys.get((o.id, True), ()))
        )
        for o in organisations
    ]


def summary(organisation: Organisation) -> OrganisationSummary:
    """One organisation with its enabled methodologies."""
    rows = db.session.execute(
        select(MethodologyEnablement.methodology_key, MethodologyEnablement.disabled_at)
        .where(MethodologyEnablement.organisation_id == organisation.id)
        .order_by(MethodologyEnablement.methodology_key)
    ).all()
    return OrganisationSummary(
        organisation,
        tuple(k for k, off in rows if off is None),
        tuple(k for k, off in rows if off is not None),
    )


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
        if existing.disabled_at is not None:
            existing.disabled_at = None
            journal.record("methodology.enabled", organisation, actor_id, methodology=key)
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
    """Every (organisation, methodology) pair of the tenant that may start circles, with its
    organisation, by name (not archived organisations, not disabled methodologies)."""
    return list(
        db.session.execute(
            select(MethodologyEnablement)
            .join(Organisation, Organisation.id == MethodologyEnablement.organisation_id)
            .where(MethodologyEnablement.disabled_at.is_(None), Organisation.archived_at.is_(None))
            .options(contains_eager(MethodologyEnablement.organisation))
            .order_by(Organisation.name, MethodologyEnablement.methodology_key)
        ).scalars()
    )


def is_enabled(organisation: Organisation, key: str) -> bool:
    """Whether ``organisation`` works with methodology ``key``: only then may it start circles."""

    return status_of(organisation, key) == "enabled"


def enabled_keys() -> set[str]:
    """Methodology keys enabled anywhere in the current tenant."""
    return {key for _organisation_id, key, _is_disabled in _enablements()}


def _enablements() -> tuple[tuple[int, str, bool], ...]:
    """Every organisation's methodologies (organisation, key, whether disabled since) by key,
    read once a page: the menu, the plugins' tiles and the home's partner list all ask."""

    def read() -> tuple[tuple[int, str, bool], ...]:
        rows = db.session.execute(
            select(
                MethodologyEnablement.organisation_id,
                MethodologyEnablement.methodology_key,
                MethodologyEnablement.disabled_at.is_not(None),
            ).order_by(MethodologyEnablement.methodology_key)
        ).all()
        return tuple((o, key, bool(off)) for o, key, off in rows)

    return once_per_page(("organisations.enablements", current_tenant_id()), read)


def kinds() -> frozenset[str]:
    """The kinds of organisation the tenant has as partners (housing, care ...)."""
    return frozenset(
        str(kind) for kind in db.session.execute(select(Organisation.kind).distinct()).scalars()
    )
