"""What a tenant file says, once read and checked: plain frozen data, nothing written yet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kring.core.accounts import Role
from kring.core.tenancy import TenantKind, TenantStatus
from kring.organisations.models import OrganisationKind
from kring.plans.models import Domain


class TenantFileError(ValueError):
    """A tenant file is invalid, or a circle in it breaks its methodology's rules; the message
    names the file and the field, or explains the refusal. ``mistakes`` holds each mistake of
    the file on its own (the message is them all, one per line)."""

    def __init__(self, message: str, mistakes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.mistakes = mistakes or (message,)


@dataclass(frozen=True)
class NeighbourhoodSpec:
    """A neighbourhood as its tenant file describes it."""

    name: str
    cbs_code: str | None
    postcodes: tuple[str, ...]


@dataclass(frozen=True)
class PersonSpec:
    """A person as the tenant file describes them, with the trainings they completed."""

    name: str
    postcode: str | None = None
    birth_date: date | None = None
    trainings: tuple[tuple[str, date], ...] = ()
    screenings: tuple[tuple[str, date], ...] = ()
    """(screening key, issued on) pairs: the VOG or DBS checks this person holds."""


@dataclass(frozen=True)
class MemberSpec:
    """Someone joining a circle in a role, with recorded facts, who held their intake and the
    goals of their plan."""

    person: str
    role: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    intake_by: str | None = None
    plan: tuple[tuple[Domain, str], ...] = ()
    """Goals of the member's development plan, (life domain, goal), written before the circle
    moves on (a Buurtcirkel asks every participant for a plan from Realisatie on)."""


@dataclass(frozen=True)
class CircleSpec:
    """A circle to build: its methodology, organisation, neighbourhood, members and phases."""

    methodology: str
    organisation: str
    neighbourhood: str
    name: str | None
    members: tuple[MemberSpec, ...]
    phases: tuple[str, ...]
    started_on: date | None = None
    """The day the circle started, its members joined and it moved through ``phases``; empty
    is the day the file is loaded. A circle started long ago is one whose yearly audit is due."""


@dataclass(frozen=True)
class CirclesSpec:
    """The circles part of a tenant file."""

    neighbourhoods: tuple[NeighbourhoodSpec, ...] = ()
    people: tuple[PersonSpec, ...] = ()
    circles: tuple[CircleSpec, ...] = ()


@dataclass(frozen=True)
class UserSpec:
    """A login with its roles in this tenant (passwords only in demo files)."""

    email: str
    name: str
    roles: tuple[Role, ...]
    organisation: str | None = None
    password: str | None = None
    locale: str | None = None
    person: str | None = None
    """The person (listed under people) this login is: a coach or a volunteer reaches the
    circles their person takes part in."""


@dataclass(frozen=True)
class OrganisationSpec:
    """A partner organisation with the methodologies it is enabled for."""

    name: str
    kind: OrganisationKind
    methodologies: tuple[tuple[str, dict[str, Any]], ...] = ()
    """(methodology key, validated settings) pairs."""


@dataclass(frozen=True)
class TenantSpec:
    """Everything one tenant file says."""

    slug: str
    name: str
    kind: TenantKind
    locale: str
    status: TenantStatus
    organisations: tuple[OrganisationSpec, ...] = ()
    users: tuple[UserSpec, ...] = ()
    circles: CirclesSpec = field(default_factory=CirclesSpec)
    screening_periods: tuple[tuple[str, int], ...] = ()
    """(screening key, months) pairs: how long this tenant keeps a VOG or DBS check valid,
    where it differs from the methodology's period."""
    retention_months: int = 24
    """How long a former participant's data stays after they left their last circle."""
    source: str = ""


@dataclass
class SyncReport:
    """What a sync did, and the logins it made (printed by ``kring demo``)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # tenant, email, password, roles
