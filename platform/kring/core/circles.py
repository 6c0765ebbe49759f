"""Circles, their members and their phases: the core runs the rules a methodology describes.

Every change here happens in the caller's transaction and either completes or raises
``Refused`` before anything is written, with every unmet condition listed, so a person is
told everything that stands in the way at once, and nothing is ever half-written.
"""

from __future__ import annotations

import calendar
import enum
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from kring.core import journal
from kring.core.db import Model, utcnow
from kring.core.enablement import MethodologyEnablement
from kring.core.methodology import Methodology, Unmet
from kring.core.people import Neighbourhood, Person, TrainingRecord
from kring.core.rules import Check, CircleFacts, MemberFact, checklist, counted, refusal
from kring.core.tenancy import Organisation, TenantScoped, relationship
from kring.extensions import db

if TYPE_CHECKING:
    from kring.plugins import MethodologyHooks


class MemberStatus(enum.StrEnum):
    candidate = "candidate"  # waiting for an intake
    active = "active"
    alumni = "alumni"  # support no longer needed, stays connected
    left = "left"


ENDED = (MemberStatus.alumni, MemberStatus.left)


class Circle(TenantScoped, Model):
    """One small network (a Buurtcirkel, a KeyRing network) run by one methodology."""

    __tablename__ = "circle"

    name: Mapped[str] = mapped_column(String(200))
    methodology_key: Mapped[str] = mapped_column(String(40), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="RESTRICT"), index=True
    )
    phase: Mapped[str] = mapped_column(String(40))
    phase_since: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation = relationship(Organisation)
    neighbourhood = relationship(Neighbourhood)


class CircleMember(TenantScoped, Model):
    """A person's part in a circle in one role. Never deleted: ending it keeps the history."""

    __tablename__ = "circle_member"

    circle_id: Mapped[int] = mapped_column(ForeignKey("circle.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    status: Mapped[MemberStatus] = mapped_column(Enum(MemberStatus, native_enum=False, length=20))
    joined_on: Mapped[date]
    left_on: Mapped[date | None]
    leave_reason: Mapped[str | None] = mapped_column(String(60))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    intake_on: Mapped[date | None]
    intake_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    intake_note: Mapped[str | None] = mapped_column(Text)

    person = relationship(Person, foreign_keys=[person_id])


class MemberStatusChange(TenantScoped, Model):
    """Every status a membership had, when and why: the current status is never all we know."""

    __tablename__ = "member_status_change"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("circle_member.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MemberStatus] = mapped_column(Enum(MemberStatus, native_enum=False, length=20))
    reason: Mapped[str | None] = mapped_column(String(60))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class PhaseTransition(TenantScoped, Model):
    """A circle moved from one phase to the next: who, when and why."""

    __tablename__ = "phase_transition"

    circle_id: Mapped[int] = mapped_column(ForeignKey("circle.id", ondelete="CASCADE"), index=True)
    from_phase: Mapped[str | None] = mapped_column(String(40))
    to_phase: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    moved_on: Mapped[date]
    """The day the circle counts as being in the new phase (audits are scheduled from it)."""
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class Refused(Exception):
    """The rules do not allow this; ``unmet`` says every reason."""

    def __init__(self, unmet: list[Unmet]) -> None:
        super().__init__("; ".join(u.rule for u in unmet))
        self.unmet = unmet


# --- reading -------------------------------------------------------------------------------


def members_of(circle: Circle, include_ended: bool = False) -> list[CircleMember]:
    """Memberships of a circle with their people, in one query."""
    from sqlalchemy.orm import joinedload

    query = (
        select(CircleMember)
        .where(CircleMember.circle_id == circle.id)
        .options(joinedload(CircleMember.person))
        .order_by(CircleMember.role, CircleMember.joined_on, CircleMember.id)
    )
    if not include_ended:
        query = query.where(CircleMember.status.not_in(ENDED))
    return list(db.session.execute(query).scalars())


def member_of(circle: Circle, member_id: int) -> CircleMember | None:
    """One membership of this circle with its person; None for any other id."""
    from sqlalchemy.orm import joinedload

    return db.session.execute(
        select(CircleMember)
        .where(CircleMember.id == member_id, CircleMember.circle_id == circle.id)
        .options(joinedload(CircleMember.person))
    ).scalar_one_or_none()


def memberships_of_person(person: Person) -> list[tuple[CircleMember, Circle]]:
    """Every membership a person had, newest first, with its circle, in one query."""
    rows = db.session.execute(
        select(CircleMember, Circle)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(CircleMember.person_id == person.id)
        .order_by(CircleMember.joined_on.desc(), CircleMember.id.desc())
    ).all()
    return [(member, circle) for member, circle in rows]


@dataclass(frozen=True)
class CircleSummary:
    circle: Circle
    organisation: str
    neighbourhood: str
    active_members: int


def summaries() -> list[CircleSummary]:
    """Every circle of the tenant for the overview, in two queries whatever their number."""
    rows = db.session.execute(
        select(Circle, Organisation.name, Neighbourhood.name)
        .join(Organisation, Organisation.id == Circle.organisation_id)
        .join(Neighbourhood, Neighbourhood.id == Circle.neighbourhood_id)
        .order_by(Circle.name)
    ).all()
    counts = dict(
        db.session.execute(
            select(CircleMember.circle_id, func.count())
            .where(CircleMember.status == MemberStatus.active)
            .group_by(CircleMember.circle_id)
        ).all()
    )
    return [
        CircleSummary(circle, organisation, neighbourhood, counts.get(circle.id, 0))
        for circle, organisation, neighbourhood in rows
    ]


def facts(circle: Circle, today: date) -> CircleFacts:
    """The snapshot the rules judge: active members, their attributes and trainings."""
    members = [m for m in members_of(circle) if m.status is MemberStatus.active]
    person_ids = [m.person_id for m in members]
    trained: dict[int, set[str]] = defaultdict(set)
    if person_ids:
        rows = db.session.execute(
            select(TrainingRecord.person_id, TrainingRecord.training_key).where(
                TrainingRecord.person_id.in_(person_ids)
            )
        )
        for person_id, key in rows:
            trained[person_id].add(key)
    return CircleFacts(
        phase=circle.phase,
        today=today,
        members=tuple(
            MemberFact(
                person_id=m.person_id,
                name=m.person.name,
                role=m.role,
                postcode=m.person.postcode,
                attributes=dict(m.attributes),
                trainings=frozenset(trained[m.person_id]),
            )
            for m in members
        ),
    )


def next_phases(circle: Circle, m: Methodology) -> list[str]:
    return [move.target for move in m.moves if move.source == circle.phase]


@dataclass(frozen=True)
class PhaseOutlook:
    """What moving to one of the next phases would take (the circle page's checklist)."""

    phase: str
    checks: list[Check]
    plugin_unmet: list[Unmet]

    @property
    def is_ready(self) -> bool:
        return all(c.is_met for c in self.checks) and not self.plugin_unmet


def outlook(circle: Circle, hooks: MethodologyHooks, today: date) -> list[PhaseOutlook]:
    """What each next phase takes, after what the current phase still takes (people who joined
    later, a check that expired): the circle page's checklist."""
    snapshot = facts(circle, today)
    m = hooks.methodology
    now = PhaseOutlook(circle.phase, checklist(m, circle.phase, snapshot), [])
    ahead = [
        PhaseOutlook(target, checklist(m, target, snapshot), hooks.phase_guard(circle, target))
        for target in next_phases(circle, m)
    ]
    return ([now] if now.checks else []) + ahead


def checklist_for(circle: Circle, hooks: MethodologyHooks, target: str, today: date) -> list[Check]:
    """The core's checks for entering ``target`` (the plugin's own guard is asked separately)."""
    return checklist(hooks.methodology, target, facts(circle, today))


def history(circle: Circle) -> list[PhaseTransition]:
    return list(
        db.session.execute(
            select(PhaseTransition)
            .where(PhaseTransition.circle_id == circle.id)
            .order_by(PhaseTransition.moved_on, PhaseTransition.id)
        ).scalars()
    )


def status_history(member_ids: list[int]) -> dict[int, list[MemberStatusChange]]:
    found: dict[int, list[MemberStatusChange]] = defaultdict(list)
    if member_ids:
        for change in db.session.execute(
            select(MemberStatusChange)
            .where(MemberStatusChange.member_id.in_(member_ids))
            .order_by(MemberStatusChange.changed_at, MemberStatusChange.id)
        ).scalars():
            found[change.member_id].append(change)
    return found


# --- creating a circle ---------------------------------------------------------------------


def create_circle(
    hooks: MethodologyHooks,
    organisation: Organisation,
    neighbourhood: Neighbourhood,
    name: str | None,
    actor_id: int | None,
    today: date,
) -> Circle:
    """Start a circle in the methodology's first phase, for an organisation that has it enabled."""
    m = hooks.methodology
    enabled = db.session.execute(
        select(MethodologyEnablement.id).where(
            MethodologyEnablement.organisation_id == organisation.id,
            MethodologyEnablement.methodology_key == m.key,
        )
    ).first()
    unmet = []
    if enabled is None:
        unmet.append(
            refusal(
                "methodology.not_enabled",
                "{organisation} does not work with {methodology_term}",
                "{organisation} werkt niet met {methodology_term}",
                organisation=organisation.name,
                methodology_term="methodology",
            )
        )
    if m.circle_name is not None:
        name = m.circle_name.render("nl", {"neighbourhood": neighbourhood.name})
    name = " ".join((name or "").split())
    if not name:
        unmet.append(
            refusal("circle.name", "A circle needs a name", "Een kring heeft een naam nodig")
        )
    if unmet:
        raise Refused(unmet)
    circle = Circle(
        name=name,
        methodology_key=m.key,
        organisation_id=organisation.id,
        neighbourhood_id=neighbourhood.id,
        phase=m.initial_phase,
        phase_since=today,
    )
    db.session.add(circle)
    db.session.flush()
    db.session.add(
        PhaseTransition(
            circle_id=circle.id, to_phase=m.initial_phase, moved_on=today, actor_id=actor_id
        )
    )
    journal.record("circle.created", circle, actor_id, methodology=m.key)
    return circle


# --- moving phases -------------------------------------------------------------------------


def move_phase(
    circle: Circle,
    target: str,
    hooks: MethodologyHooks,
    actor_id: int | None,
    reason: str | None,
    today: date,
) -> PhaseTransition:
    """Move ``circle`` to ``target`` when the methodology allows it; else ``Refused``."""
    m = hooks.methodology
    _lock(circle)
    if m.phase_index(target) < 0:
        raise Refused(
            [
                refusal(
                    "phase.unknown",
                    "{target} is not a phase of {methodology_term}",
                    "{target} is geen fase van {methodology_term}",
                    target=target,
                    methodology_term="methodology",
                )
            ]
        )
    allowed = next_phases(circle, m)
    if target not in allowed:
        raise Refused([_not_allowed(circle.phase, target, allowed)])
    unmet = [c.unmet for c in checklist(m, target, facts(circle, today)) if not c.is_met]
    unmet += hooks.phase_guard(circle, target)
    if unmet:
        raise Refused(unmet)
    transition = PhaseTransition(
        circle_id=circle.id,
        from_phase=circle.phase,
        to_phase=target,
        reason=reason,
        moved_on=today,
        actor_id=actor_id,
    )
    circle.phase, circle.phase_since = target, today
    db.session.add(transition)
    journal.record("circle.phase_moved", circle, actor_id, to=target)
    return transition


def _not_allowed(source: str, target: str, allowed: list[str]) -> Unmet:
    if not allowed:
        return refusal(
            "phase.not_allowed",
            "{from_term} is the last phase; a circle does not move on from it",
            "{from_term} is de laatste fase; een kring gaat daarna niet verder",
            from_term=source,
        )
    return refusal(
        "phase.not_allowed",
        "From {from_term} a circle cannot move to {to_term}; the next step is {next_term}",
        "Vanuit {from_term} kan een kring niet naar {to_term}; de volgende stap is {next_term}",
        from_term=source,
        to_term=target,
        next_term=allowed[0],
    )


def _lock(circle: Circle) -> None:
    """Serialise changes to one circle, so two people cannot both take its last place."""
    db.session.execute(select(Circle.id).where(Circle.id == circle.id).with_for_update())


# --- members -------------------------------------------------------------------------------


def _validate_attributes(
    m: Methodology, role: str, given: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Unmet]]:
    clean: dict[str, Any] = {}
    unmet: list[Unmet] = []
    specs = {a.key: a for a in m.attributes if a.role == role}
    for key in given:
        if key not in specs:
            unmet.append(
                refusal(
                    "attribute.unknown",
                    "{attribute} is not recorded for a {role_term}",
                    "{attribute} wordt niet vastgelegd voor een {role_term}",
                    attribute=key,
                    role_term=role,
                )
            )
    for key, spec in specs.items():
        value = given.get(key)
        if value in (None, ""):
            if spec.is_required:
                unmet.append(
                    refusal(
                        "attribute.required",
                        "A {role_term} needs {attribute_term}",
                        "Een {role_term} heeft {attribute_term} nodig",
                        role_term=role,
                        attribute_term=key,
                    )
                )
            continue
        parsed = _parse(spec.kind, value)
        if parsed is None:
            unmet.append(
                refusal(
                    "attribute.invalid",
                    "{attribute_term} must be a {kind}",
                    "{attribute_term} moet een {kind} zijn",
                    attribute_term=key,
                    kind=spec.kind,
                )
            )
        else:
            clean[key] = parsed
    return clean, unmet


_YES_NO = {
    **dict.fromkeys(("true", "on", "yes", "ja", "1"), True),
    **dict.fromkeys(("false", "off", "no", "nee", "0"), False),
}


_YES_NO = {
    **dict.fromkeys(("true", "on", "yes", "ja", "1"), True),
    **dict.fromkeys(("false", "off", "no", "nee", "0"), False),
}


def _parse(kind: str, value: Any) -> Any:
    if kind == "bool":
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        return _YES_NO.get(lowered)
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            return None
    return str(value).strip() or None


def add_member(
    circle: Circle,
    person: Person,
    role: str,
    hooks: MethodologyHooks,
    actor_id: int | None,
    today: date,
    attributes: Mapping[str, Any] | None = None,
) -> CircleMember:
    """Let ``person`` join ``circle`` in ``role``, or refuse with every reason.

    Roles with an intake start as candidates and count towards nothing until the intake.
    """
    m = hooks.methodology
    _lock(circle)
    spec = m.role(role)
    if spec is None:
        raise Refused(
            [
                refusal(
                    "role.unknown",
                    "{role} is not a role in {methodology_term}",
                    "{role} is geen rol in {methodology_term}",
                    role=role,
                    methodology_term="methodology",
                )
            ]
        )
    current = members_of(circle)
    unmet: list[Unmet] = []
    if any(member.person_id == person.id for member in current):
        unmet.append(
            refusal(
                "member.already",
                "{person} already takes part in {circle}",
                "{person} doet al mee in {circle}",
                person=person.name,
                circle=circle.name,
            )
        )
    in_role = [x for x in current if x.role == role]
    if spec.maximum is not None and len(in_role) >= spec.maximum:
        unmet.append(
            refusal(
                "role.maximum",
                "At most {maximum} {role_plural_term} per {circle_term} (now {count})",
                "Hoogstens {maximum} {role_plural_term} per {circle_term} (nu {count})",
                circle_term="circle",
                maximum=spec.maximum,
                role_plural_term=counted(role, spec.maximum),
                count=len(in_role),
            )
        )
    size = m.size_rule
    if role == size.role and len(in_role) >= size.maximum:
        unmet.append(
            refusal(
                "size.maximum",
                "Full: at most {maximum} {role_plural_term} per {circle_term} (now {count})",
                "Vol: hoogstens {maximum} {role_plural_term} per {circle_term} (nu {count})",
                circle_term="circle",
                maximum=size.maximum,
                role_plural_term=counted(role, size.maximum),
                count=len(in_role),
            )
        )
    if spec.lives_in_neighbourhood:
        neighbourhood = db.session.get(Neighbourhood, circle.neighbourhood_id)
        if neighbourhood is None or not neighbourhood.contains(person.postcode):
            unmet.append(
                refusal(
                    "role.lives_in_neighbourhood",
                    "A {role_term} lives in {neighbourhood}; postcode {postcode} lies outside",
                    "Een {role_term} woont in {neighbourhood}; postcode {postcode} ligt erbuiten",
                    role_term=role,
                    neighbourhood=neighbourhood.name if neighbourhood else "",
                    postcode=person.postcode or "",
                )
            )
    clean, problems = _validate_attributes(m, role, attributes or {})
    unmet += problems
    if unmet:
        raise Refused(unmet)
    status = MemberStatus.candidate if spec.needs_intake else MemberStatus.active
    member = CircleMember(
        circle_id=circle.id,
        person_id=person.id,
        role=role,
        status=status,
        joined_on=today,
        attributes=clean,
    )
    db.session.add(member)
    db.session.flush()
    db.session.add(MemberStatusChange(member_id=member.id, status=status, actor_id=actor_id))
    journal.record("member.joined", circle, actor_id, member=member.id, role=role)
    return member


def complete_intake(
    member: CircleMember,
    interviewer: CircleMember,
    fits: bool,
    note: str | None,
    hooks: MethodologyHooks,
    actor_id: int | None,
    today: date,
) -> CircleMember:
    """Record the intake of a candidate: a fit joins the circle, no fit ends the candidacy."""
    m = hooks.methodology
    unmet = []
    if member.status is not MemberStatus.candidate:
        unmet.append(
            refusal(
                "intake.not_candidate",
                "{person} is not waiting for an intake",
                "{person} wacht niet op een intakegesprek",
                person=member.person.name,
            )
        )
    if (
        interviewer.circle_id != member.circle_id
        or interviewer.role != m.intake_role
        or interviewer.status is not MemberStatus.active
    ):
        unmet.append(
            refusal(
                "intake.interviewer",
                "The intake is held by an active {role_term} of this circle",
                "Het intakegesprek wordt gehouden door een actieve {role_term} van deze kring",
                role_term=m.intake_role or "",
            )
        )
    if unmet:
        raise Refused(unmet)
    member.intake_on, member.intake_by_id, member.intake_note = today, interviewer.person_id, note
    status = MemberStatus.active if fits else MemberStatus.left
    _set_status(member, status, None if fits else "no_fit", actor_id, today)
    return member


def end_membership(
    member: CircleMember, reason: str, hooks: MethodologyHooks, actor_id: int | None, today: date
) -> CircleMember:
    """End a membership; members whose support need ended may stay on as alumni."""
    m = hooks.methodology
    leave = m.leave_reason(reason)
    unmet = []
    if leave is None:
        unmet.append(
            refusal(
                "leave.unknown_reason",
                "{reason} is not a reason to leave; choose one of {allowed}",
                "{reason} is geen reden om te stoppen; kies uit {allowed}",
                reason=reason,
                allowed=", ".join(r.key for r in m.leave_reasons),
            )
        )
    if member.status in ENDED:
        unmet.append(
            refusal(
                "leave.already_ended",
                "{person} no longer takes part",
                "{person} doet al niet meer mee",
                person=member.person.name,
            )
        )
    if unmet:
        raise Refused(unmet)
    assert leave is not None
    spec = m.role(member.role)
    stays = leave.ends_support and spec is not None and spec.may_stay_as_alumni
    member.left_on, member.leave_reason = today, reason
    _set_status(
        member, MemberStatus.alumni if stays else MemberStatus.left, reason, actor_id, today
    )
    return member


def set_attributes(
    member: CircleMember,
    values: Mapping[str, Any],
    hooks: MethodologyHooks,
    actor_id: int | None,
) -> CircleMember:
    """Record facts about a member after joining (a development plan drawn up after the intake,
    a renewed check). Given values replace recorded ones; an empty value clears one."""
    merged = {**member.attributes, **values}
    clean, unmet = _validate_attributes(hooks.methodology, member.role, merged)
    if unmet:
        raise Refused(unmet)
    member.attributes = clean
    journal.record("member.attributes", member, actor_id, keys=sorted(values))
    return member


def _set_status(
    member: CircleMember,
    status: MemberStatus,
    reason: str | None,
    actor_id: int | None,
    today: date,
) -> None:
    member.status = status
    db.session.add(
        MemberStatusChange(member_id=member.id, status=status, reason=reason, actor_id=actor_id)
    )
    journal.record("member.status", member, actor_id, status=status.value, reason=reason)


# --- warnings ------------------------------------------------------------------------------


def workload_warnings(circle: Circle, m: Methodology) -> list[Unmet]:
    """People in a role with a workload limit who serve more circles than it (a warning only)."""
    limited = {r.key: r.warn_above_circles for r in m.roles if r.warn_above_circles}
    if not limited:
        return []
    here = [x for x in members_of(circle) if x.role in limited and x.status is MemberStatus.active]
    if not here:
        return []
    counts = dict(
        db.session.execute(
            select(CircleMember.person_id, func.count(func.distinct(CircleMember.circle_id)))
            .join(Circle, Circle.id == CircleMember.circle_id)
            .where(
                CircleMember.person_id.in_([x.person_id for x in here]),
                CircleMember.status == MemberStatus.active,
                Circle.methodology_key == m.key,
            )
            .group_by(CircleMember.person_id)
        ).all()
    )
    warnings = []
    for member in here:
        limit = limited[member.role]
        assert limit is not None
        if counts.get(member.person_id, 0) > limit:
            warnings.append(
                refusal(
                    "role.workload",
                    "{person} is {role_term} of {count} {circle_plural_term}; "
                    "about {limit} is usual",
                    "{person} is {role_term} van {count} {circle_plural_term}; "
                    "ongeveer {limit} is gebruikelijk",
                    person=member.person.name,
                    role_term=member.role,
                    count=counts[member.person_id],
                    circle_plural_term="circle_plural",
                    limit=limit,
                )
            )
    return warnings


def first_audit_due(circle: Circle, m: Methodology) -> date | None:
    """When the first quality audit falls due, once the circle reached the schedule's phase."""
    schedule = m.first_audit
    if schedule is None:
        return None
    start = db.session.execute(
        select(func.min(PhaseTransition.moved_on)).where(
            PhaseTransition.circle_id == circle.id, PhaseTransition.to_phase == schedule.phase
        )
    ).scalar_one_or_none()
    if start is None:
        return None
    months = start.month - 1 + schedule.months
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
