"""Making the database match tenant files, idempotently and in one transaction.

Circles are built through the same services as on the pages, member by member and phase by
phase, so a tenant file can never hold a circle that breaks its methodology's rules: the sync
stops with the refusal, explained. Circles are created once (matched by name) and left alone
afterwards, because after that they belong to the people who work with them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from kring.circles import membership, phases, queries
from kring.circles.models import CircleMember
from kring.core.accounts import RoleGrant, User, find_user_by_email
from kring.core.rules import Refused, explain
from kring.core.tenancy import Tenant, tenant_scope
from kring.core.tenant_rows import outgrew_statistics, refresh_statistics
from kring.extensions import db
from kring.organisations import service as organisations
from kring.organisations.models import Organisation
from kring.people import service as people
from kring.people.models import Neighbourhood, Person
from kring.plans import service as plans
from kring.tenants.specs import CircleSpec, CirclesSpec, SyncReport, TenantFileError, TenantSpec
from kring.trainings import service as trainings

if TYPE_CHECKING:
    from kring.plugins import MethodologyHooks, PluginHost


def apply(
    specs: list[TenantSpec],
    host: PluginHost,
    today: date,
    progress: Callable[[str], None] = lambda _: None,
) -> SyncReport:
    """Create or update every tenant with its organisations, users, people and circles; commit
    once at the end, or roll everything back when a circle breaks its methodology's rules."""
    report = SyncReport()
    for spec in specs:
        progress(spec.slug)
        tenant = db.session.execute(
            select(Tenant).where(Tenant.slug == spec.slug)
        ).scalar_one_or_none()
        if tenant is None:
            tenant = Tenant(slug=spec.slug)
            db.session.add(tenant)
            report.created.append(spec.slug)
        else:
            report.updated.append(spec.slug)
        tenant.name, tenant.kind, tenant.locale, tenant.status = (
            spec.name,
            spec.kind,
            spec.locale,
            spec.status,
        )
        tenant.retention_months = spec.retention_months
        db.session.flush()
        with tenant_scope(tenant):
            by_name = _apply_tenant(spec, host, report)
            checks = trainings.offered_screenings(host.methodologies())
            for key, months in spec.screening_periods:  # before any check is recorded
                trainings.set_renewal_period(checks[key], months)
            try:
                apply_circles(spec.circles, host, by_name, today)
            except TenantFileError as exc:
                db.session.rollback()
                raise TenantFileError(f"{spec.source} {exc}") from None
            _link_people(spec)
    db.session.commit()
    return report


def _link_people(spec: TenantSpec) -> None:
    """Each login that names its person becomes that person: their circles are theirs to see."""
    named = {u.person: u.email for u in spec.users if u.person is not None}
    if not named:
        return
    for person in db.session.execute(select(Person).where(Person.name.in_(named))).scalars():
        user = find_user_by_email(named[person.name])
        person.user_id = user.id if user is not None else person.user_id


def _apply_tenant(
    spec: TenantSpec, host: PluginHost, report: SyncReport
) -> dict[str, Organisation]:
    """The tenant's organisations with their methodologies, and its users with their roles;
    returns the organisations by name."""
    existing = {o.name: o for o in db.session.execute(select(Organisation)).scalars()}
    for org_spec in spec.organisations:
        organisation = existing.get(org_spec.name)
        if organisation is None:
            organisation = Organisation(name=org_spec.name, kind=org_spec.kind)
            db.session.add(organisation)
            db.session.flush()
            existing[org_spec.name] = organisation
        organisation.kind = org_spec.kind
        for key, settings in org_spec.methodologies:
            organisations.enable(organisation, key, host.methodologies(), None, settings)
    for user_spec in spec.users:
        user = find_user_by_email(user_spec.email)
        if user is None:
            user = User(email=user_spec.email, name=user_spec.name, locale=user_spec.locale)
            db.session.add(user)
        user.name = user_spec.name
        if user_spec.password and not user.check_password(user_spec.password):
            user.set_password(user_spec.password)
        db.session.flush()
        organisation_id = existing[user_spec.organisation].id if user_spec.organisation else None
        held = {
            (g.role, g.organisation_id)
            for g in db.session.execute(
                select(RoleGrant).where(RoleGrant.user_id == user.id)
            ).scalars()
        }
        for role in user_spec.roles:
            if (role, organisation_id) not in held:
                db.session.add(
                    RoleGrant(user_id=user.id, role=role, organisation_id=organisation_id)
                )
        report.logins.append(
            (
                spec.slug,
                user_spec.email,
                user_spec.password or "",
                ", ".join(r.value for r in user_spec.roles),
            )
        )
    return existing


def apply_circles(
    spec: CirclesSpec, host: PluginHost, organisations: Mapping[str, Organisation], today: date
) -> None:
    """Make the tenant in scope match ``spec`` (neighbourhoods and people updated, circles new)."""
    nbhs = {n.name: n for n in db.session.execute(select(Neighbourhood)).scalars()}
    for n in spec.neighbourhoods:
        if n.name not in nbhs:
            nbhs[n.name] = people.create_neighbourhood(n.name, list(n.postcodes), n.cbs_code, None)
    persons = {p.name: p for p in db.session.execute(select(Person)).scalars()}
    courses = trainings.offered(host.methodologies())
    checks = trainings.offered_screenings(host.methodologies())
    before = len(persons)
    for p in spec.people:
        person = persons.get(p.name)
        if person is None:
            person = people.create_person(
                None, name=p.name, postcode=p.postcode, birth_date=p.birth_date
            )
            persons[p.name] = person
        for key, completed_on in p.trainings:
            trainings.record_training(person, courses[key], completed_on, None, today)
        for key, issued_on in p.screenings:
            trainings.record_screening(person, checks[key], issued_on, None, today)
    if outgrew_statistics(before, len(persons) - before):
        # The circles below read their members back, joined with these people, a query a join.
        refresh_statistics(Person, CircleMember)
    existing = queries.names()
    for i, c in enumerate(spec.circles):
        hooks = host.for_methodology(c.methodology)
        m = hooks.methodology
        name = (
            m.circle_name.render("nl", {"neighbourhood": c.neighbourhood})
            if m.circle_name
            else c.name
        )
        if name in existing:
            continue
        try:
            _build(c, hooks, organisations[c.organisation], nbhs[c.neighbourhood], persons, today)
        except Refused as refused:
            reasons = "; ".join(explain(u, m, "en") for u in refused.unmet)
            raise TenantFileError(f"circles[{i}]: {reasons}") from None


def _build(
    c: CircleSpec,
    hooks: MethodologyHooks,
    organisation: Organisation,
    neighbourhood: Neighbourhood,
    persons: Mapping[str, Person],
    today: date,
) -> None:
    if c.started_on is not None and c.started_on > today:
        raise TenantFileError(f"a circle cannot start in the future ({c.started_on})")
    on = c.started_on or today
    circle = phases.create_circle(hooks, organisation, neighbourhood, c.name, None, on)
    joined: dict[str, CircleMember] = {}
    for member in c.members:
        joined[member.person] = membership.add_member(
            circle, persons[member.person], member.role, hooks, None, on, member.attributes
        )
        if member.intake_by is not None:
            interviewer = joined.get(member.intake_by)
            if interviewer is None:
                raise TenantFileError(f"{member.intake_by} must join before holding an intake")
            membership.complete_intake(
                joined[member.person], interviewer, True, None, hooks, None, on
            )
        person = persons[member.person]
        if member.plan and person.id not in plans.people_with_plans(frozenset({person.id})):
            for domain, goal in member.plan:
                plans.add_goal(person, domain, goal, plans.Editor(None))
    for phase in c.phases:
        phases.move_phase(circle, phase, hooks, None, None, on)
