"""The core's judge: evaluates what a methodology describes against the facts of one circle.

Every refusal is an ``Unmet`` whose message is a ``Phrase`` and whose params are data: numbers
stay numbers, and params named ``*_term`` hold term keys that ``explain`` turns into the
methodology's own words ("deelnemers", "Community Living Volunteer") in the reader's language.
The same Unmet therefore explains itself on a page, in the API and in the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_date

from kring.core.facade import CircleView, MemberView
from kring.core.methodology import (
    AtLeast,
    HasPlan,
    Methodology,
    Phrase,
    Recorded,
    Requirement,
    Screened,
    Trained,
    Unmet,
)


@dataclass(frozen=True)
class Check:
    """One line of a circle's checklist: a requirement of a coming phase, met or not."""

    unmet: Unmet
    is_met: bool


AT_LEAST = Phrase(
    en="{phase_term} needs at least {minimum} {role_plural_term} (now {count})",
    nl="{phase_term} vraagt minstens {minimum} {role_plural_term} (nu {count})",
)
TRAINED = Phrase(
    en="{phase_term} needs every {role_term} to have completed {training}",
    nl="{phase_term} vraagt dat elke {role_term} {training} heeft afgerond",
)
TRAINED_NOBODY = Phrase(
    en="{phase_term} needs a {role_term} who completed {training} (none yet)",
    nl="{phase_term} vraagt een {role_term} die {training} heeft afgerond (nog niemand)",
)
RECORDED = Phrase(
    en="{phase_term} needs {attribute_term} recorded for every {role_term}",
    nl="{phase_term} vraagt {attribute_term} bij elke {role_term}",
)
NOT_EXPIRED = Phrase(
    en="{phase_term} needs a current {attribute_term} for every {role_term}",
    nl="{phase_term} vraagt een geldige {attribute_term} bij elke {role_term}",
)
SCREENED = Phrase(
    en="{phase_term} needs a valid {screening} for every {role_term}",
    nl="{phase_term} vraagt een geldige {screening} van elke {role_term}",
)
HAS_PLAN = Phrase(
    en="{phase_term} needs a {plan_term} with at least one goal for every {role_term}",
    nl="{phase_term} vraagt een {plan_term} met minstens één doel bij elke {role_term}",
)
# Added to a sentence when some people fall short, naming them.
SHORT_OF = {
    "role.trained": Phrase(
        en="{sentence} (not yet: {missing})", nl="{sentence} (nog niet: {missing})"
    ),
    "attribute.recorded": Phrase(
        en="{sentence} (missing: {missing})", nl="{sentence} (ontbreekt: {missing})"
    ),
    "attribute.not_expired": Phrase(
        en="{sentence} (expired: {missing})", nl="{sentence} (verlopen: {missing})"
    ),
    "role.screened": Phrase(
        en="{sentence} (missing or lapsed: {missing})",
        nl="{sentence} (ontbreekt of verlopen: {missing})",
    ),
}
NOT_YET = SHORT_OF["role.trained"]


class Refused(Exception):
    """The rules do not allow this; ``unmet`` says every reason.

    Raised by a service before it writes anything, so a person is told everything that stands in
    the way at once, and nothing is ever half-written.
    """

    def __init__(self, unmet: list[Unmet]) -> None:
        super().__init__("; ".join(u.rule for u in unmet))
        self.unmet = unmet

    @property
    def status(self) -> int:
        """422 when every reason is about the request itself, else 409 (the state refuses)."""
        return 422 if all(u.is_input for u in self.unmet) else 409


def refusal(rule: str, en: str, nl: str, *, is_input: bool = False, **params: str | int) -> Unmet:
    """An ``Unmet`` written on the spot, for the core's own refusals; ``is_input`` marks a
    mistake in the request rather than a state that does not allow it."""
    return Unmet(rule=rule, message=Phrase(en=en, nl=nl), params=params, is_input=is_input)


def explain(unmet: Unmet, methodology: Methodology | None, locale: str) -> str:
    """The refusal in words: ``*_term`` params become the methodology's words in ``locale``
    (``*_terms``, comma-separated keys, a list of them); a non-empty ``missing`` param names
    who falls short. A refusal of the core's own, outside any methodology (``methodology``
    None), has no such params."""
    params: dict[str, str | int] = {}
    for name, value in unmet.params.items():
        if methodology is None:
            params[name] = value
        elif name.endswith("_term"):
            params[name] = methodology.terms.term(str(value), locale)
        elif name.endswith("_terms"):  # comma-separated keys: a list of the methodology's words
            keys = [k for k in str(value).split(",") if k]
            params[name] = ", ".join(methodology.terms.term(k, locale) for k in keys)
        elif name == "training":
            training = methodology.training(str(value))
            params[name] = training.title.render(locale) if training else str(value)
        elif name == "screening":
            screening = methodology.screening(str(value))
            params[name] = screening.title.render(locale) if screening else str(value)
        elif name.endswith("_on"):  # an ISO date, read as the reader's language writes it
            params[name] = format_date(date.fromisoformat(str(value)), "long", locale=locale)
        else:
            params[name] = value
    sentence = unmet.message.render(locale, params)
    if params.get("missing"):
        suffix = SHORT_OF.get(unmet.rule, NOT_YET)
        return suffix.render(locale, {"sentence": sentence, "missing": params["missing"]})
    return sentence


def counted(role: str, count: int) -> str:
    """The term key for ``count`` people in ``role``: "1 coach", "5 participants"."""
    return role if count == 1 else f"{role}_plural"


def _names(members: Iterable[MemberView]) -> str:
    return ", ".join(sorted(m.name for m in members))


def check(requirement: Requirement, target: str, facts: CircleView, m: Methodology) -> Check:
    """Evaluate one requirement for entering phase ``target`` against the circle's facts."""
    base: dict[str, str | int] = {"phase_term": target}
    if isinstance(requirement, AtLeast):
        count = len(facts.with_role(requirement.role))
        return Check(
            Unmet(
                rule="role.at_least",
                message=AT_LEAST,
                params={
                    **base,
                    "role": requirement.role,
                    "role_plural_term": counted(requirement.role, requirement.count),
                    "minimum": requirement.count,
                    "count": count,
                },
            ),
            count >= requirement.count,
        )
    if isinstance(requirement, Trained):
        members = facts.with_role(requirement.role)
        untrained = [x for x in members if requirement.training not in x.trainings]
        return Check(
            Unmet(
                rule="role.trained",
                message=TRAINED if members else TRAINED_NOBODY,
                params={
                    **base,
                    "role": requirement.role,
                    "role_term": requirement.role,
                    "training": requirement.training,
                    "missing": _names(untrained),
                },
            ),
            bool(members) and not untrained,
        )
    if isinstance(requirement, Screened):
        unscreened = [
            x
            for x in facts.with_role(requirement.role)
            if requirement.screening not in x.screenings
        ]
        return Check(
            Unmet(
                rule="role.screened",
                message=SCREENED,
                params={
                    **base,
                    "role": requirement.role,
                    "role_term": requirement.role,
                    "screening": requirement.screening,
                    "missing": _names(unscreened),
                },
            ),
            not unscreened,
        )
    if isinstance(requirement, HasPlan):
        members = facts.with_role(requirement.role)
        planned = facts.people_with_plans(frozenset(x.person_id for x in members))
        return Check(
            Unmet(
                rule="plan.has_plan",
                message=HAS_PLAN,
                params={
                    **base,
                    "role": requirement.role,
                    "role_term": requirement.role,
                    "plan_term": "plan",
                    "missing": _names(x for x in members if x.person_id not in planned),
                },
            ),
            all(x.person_id in planned for x in members),
        )
    spec = m.attribute(requirement.attribute)
    assert spec is not None  # the Methodology refuses requirements on unknown attributes
    members = facts.with_role(spec.role)
    if isinstance(requirement, Recorded):
        missing = [x for x in members if x.attributes.get(spec.key) in (None, "")]
        phrase, rule = RECORDED, "attribute.recorded"
    else:
        missing = [x for x in members if not _is_current(x.attributes.get(spec.key), facts.today)]
        phrase, rule = NOT_EXPIRED, "attribute.not_expired"
    return Check(
        Unmet(
            rule=rule,
            message=phrase,
            params={
                **base,
                "role": spec.role,
                "role_term": spec.role,
                "attribute_term": spec.key,
                "missing": _names(missing),
            },
        ),
        not missing,
    )


def _is_current(value: object, today: date) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return date.fromisoformat(value) >= today
    except ValueError:
        return False


def requirements_for(m: Methodology, target: str, staying: bool = False) -> list[Requirement]:
    """What entering ``target`` takes: the size rule, what the roles say of themselves (their
    minimum and trainings count from the size rule's start phase), and the methodology's
    requirements of that phase or an earlier one (a coach needed in Realisatie is still needed
    later), and the background checks it needs from that phase or an earlier one
    (``Screening.required_from``). A requirement stated twice is judged once.

    ``staying`` asks what a circle already in ``target`` must keep: the size rule's running
    ``minimum`` rather than its ``start_minimum`` (a running circle may shrink to it)."""
    position = m.phase_index(target)
    if m.is_closing(target):
        return []
    rule = m.size_rule
    start = m.phase_index(rule.start_phase)
    found: list[Requirement] = []
    if position == start and not staying:
        found.append(AtLeast(phase=target, role=rule.role, count=rule.start_minimum))
    elif position >= start and rule.minimum:
        found.append(AtLeast(phase=target, role=rule.role, count=rule.minimum))
    if position >= start:
        for role in m.roles:
            if role.minimum and role.key != rule.role:
                found.append(AtLeast(phase=rule.start_phase, role=role.key, count=role.minimum))
            found += [
                Trained(phase=rule.start_phase, role=role.key, training=key)
                for key in role.needs_training
            ]
    found += [r for r in m.requirements if 0 <= m.phase_index(r.phase) <= position]
    found += [
        Screened(phase=s.required_from, role=s.role, screening=s.key)
        for s in m.screenings
        if s.required_from and m.phase_index(s.required_from) <= position
    ]
    judged: dict[Requirement, Requirement] = {}
    for requirement in found:  # the same demand stated for two phases is judged once
        judged.setdefault(replace(requirement, phase=""), requirement)
    return list(judged.values())


def checklist(m: Methodology, target: str, facts: CircleView, staying: bool = False) -> list[Check]:
    """Every requirement of entering ``target`` (or, ``staying``, of remaining in it), each met
    or not: the circle page's checklist."""
    return [check(r, target, facts, m) for r in requirements_for(m, target, staying)]
