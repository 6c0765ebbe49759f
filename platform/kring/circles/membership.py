"""Who takes part in a circle: joining, the intake, recorded facts, and leaving.

Every command happens in the caller's transaction and either completes or raises ``Refused``
before anything is written, with every unmet condition listed. Roles with an intake start as
candidates and count towards nothing until the intake says they fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kring.circles import phases, queries
from kring.circles.models import ENDED, Circle, CircleMember, MemberStatus, MemberStatusChange
from kring.core import events, journal
from kring.core.facade import CircleView
from kring.core.methodology import Methodology, Unmet
from kring.core.rules import Refused, counted, refusal
from kring.extensions import db
from kring.people.models import Neighbourhood, Person
from kring.plugins import MethodologyHooks
from kring.trainings import service as trainings


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
                    is_input=True,
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
                        is_input=True,
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
                    is_input=True,
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

    Roles with an intake start as candidates and count towards nothing until the intake. A
    role that needs courses (``RoleSpec.needs_training``) is given only to someone who holds
    each of them today: a valid completion, or an exception a project leader recorded.
    """
    m = hooks.methodology
    phases.lock(circle)
    spec = m.role(role)
    if spec is None:
        raise Refused(
            [
                refusal(
                    "role.unknown",
                    "{role} is not a role in {methodology_term}",
                    "{role} is geen rol in {methodology_term}",
                    is_input=True,
                    role=role,
                    methodology_term="methodology",
                )
            ]
        )
    current = queries.members_of(circle)
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
    unmet += trainings.unmet_for_role(person, role, m, today)
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
    events.member_joined.send(
        member, actor_id=actor_id, circle_id=circle.id, role=role, status=status.value
    )
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
                "The intake is held by an active {role_term} of this {circle_term}",
                "Het intakegesprek wordt gehouden door een actieve {role_term} van deze"
                " {circle_term}",
                role_term=m.intake_role or "",
                circle_term="circle",
            )
        )
    if unmet:
        raise Refused(unmet)
    member.intake_on, member.intake_by_id, member.intake_note = today, interviewer.person_id, note
    status = MemberStatus.active if fits else MemberStatus.left
    _set_status(member, status, None if fits else "no_fit", actor_id)
    return member


def end_membership(
    member: CircleMember, reason: str, hooks: MethodologyHooks, actor_id: int | None, today: date
) -> CircleMember:
    """End a membership; members whose support need ended may stay on as alumni."""
    m = hooks.methodology
    offered = m.leave_reasons_for(member.role)
    leave = next((r for r in offered if r.key == reason), None)
    person = db.session.get(Person, member.person_id)
    name = person.name if person is not None else ""
    unmet = []
    if leave is None:
        unmet.append(
            refusal(
                "leave.unknown_reason",
                "Choose why {person} stops, one of: {allowed_terms}",
                "Kies waarom {person} stopt, een van: {allowed_terms}",
                is_input=True,
                person=name,
                allowed_terms=",".join(r.key for r in offered),
            )
        )
    if member.status in ENDED:
        unmet.append(
            refusal(
                "leave.already_ended",
                "{person} no longer takes part",
                "{person} doet al niet meer mee",
                person=name,
            )
        )
    if unmet:
        raise Refused(unmet)
    assert leave is not None
    spec = m.role(member.role)
    stays = leave.ends_support and spec is not None and spec.may_stay_as_alumni
    member.left_on, member.leave_reason = today, reason
    _set_status(member, MemberStatus.alumni if stays else MemberStatus.left, reason, actor_id)
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
    member: CircleMember, status: MemberStatus, reason: str | None, actor_id: int | None
) -> None:
    """Change a membership's status, keep the change, and announce it: an intake that fits
    admits the member, any ending (left or alumni) means the member left."""
    member.status = status
    db.session.add(
        MemberStatusChange(member_id=member.id, status=status, reason=reason, actor_id=actor_id)
    )
    db.session.flush()
    event = events.member_admitted if status is MemberStatus.active else events.member_left
    event.send(
        member, actor_id=actor_id, circle_id=member.circle_id, status=status.value, reason=reason
    )


def workload_warnings(circle: CircleView, m: Methodology) -> list[Unmet]:
    """People in a role with a workload limit who serve more circles than it (a warning only)."""
    limits = {r.key: r.warn_above_circles for r in m.roles if r.warn_above_circles}
    counts = queries.workload(circle, m)
    warnings = []
    for member in circle.active_members:
        limit = limits.get(member.role)
        if limit is not None and counts.get(member.person_id, 0) > limit:
            warnings.append(
                refusal(
                    "role.workload",
                    "{person} is {role_term} of {count} {circle_plural_term}; "
                    "about {limit} is usual",
                    "{person} is {role_term} van {count} {circle_plural_term}; "
                    "ongeveer {limit} is gebruikelijk",
                    person=member.name,
                    role_term=member.role,
                    count=counts[member.person_id],
                    circle_plural_term="circle_plural",
                    limit=limit,
                )
            )
    return warnings
