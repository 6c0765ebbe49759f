"""The core's automatic audit checks, and ``judge``, which answers a criterion from the data.

A methodology names a check on an ``AuditCriterion`` (``check="meetings_held"``); the plugin may
answer it its own way through ``kring_audit_check`` and is asked first, and the core's check of
that name answers the circles the plugin left. Each core check judges many circles of one
methodology at once, reading the owning areas' batched queries, so opening the audits of a whole
tenant costs the same few queries as opening one. A finding carries its figures (counts and
dates, never a name), which its explanation puts in words in both languages.

Members and trainings are those of the circle's view on the period's last day (``views``): an
audit is opened when its period ends, and the fidelity score is judged today over the last year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from flask import Flask, current_app

from kring.circles import queries as circle_queries
from kring.circles.models import Circle
from kring.core.facade import CircleView
from kring.core.methodology import AuditCriterion, Finding, Methodology, Phrase, add_months
from kring.meetings import queries as meetings
from kring.plans import service as plans
from kring.plugins import PluginError, PluginHost
from kring.safetynet import escalations
from kring.surveys import service as surveys

Check = Callable[[Methodology, Sequence[CircleView], date, date], dict[int, Finding]]
"""A core check: the methodology, the circles' views, the period (both days included) ->
a finding per circle id."""

ENOUGH = (3, 4)
"""Kring's choice where the sources name no number: three quarters of the meetings the rhythm
asks for (a circle may skip the summer weeks and a holiday), and of the members asked to answer
the yearly survey (someone may decline), count as keeping to the method."""
MIN_RHYTHMS = 4
"""A circle that ran fewer than four of its rhythm's intervals in the period cannot be judged
on its meetings yet: two weeks of a weekly circle say nothing about a year."""
PLAN_REVIEW_MONTHS = 6
SURVEY_MONTHS = 12


def _enough(part: int, whole: int) -> bool:
    return part * ENOUGH[1] >= whole * ENOUGH[0]


def _words(m: Methodology, name: str, key: str) -> dict[str, str | int]:
    return {f"{name}_{locale}": m.terms.term(key, locale) for locale in ("en", "nl")}


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


# --- the core's checks -----------------------------------------------------------------------

SIZE = Phrase(
    en="{count} active {role_en}; the method asks for {minimum} to {maximum}",
    nl="{count} actieve {role_nl}; de methode vraagt {minimum} tot en met {maximum}",
)


def size_in_band(
    m: Methodology, circles: Sequence[CircleView], start: date, end: date
) -> dict[int, Finding]:
    """The active members the circle is counted by (its participants) lie within the size a
    running circle is meant to have: from the size rule's start minimum to its maximum."""
    rule = m.size_rule
    words = _words(m, "role", f"{rule.role}_plural")
    found = {}
    for circle in circles:
        count = len(circle.with_role(rule.role))
        found[circle.id] = Finding(
            is_met=rule.start_minimum <= count <= rule.maximum,
            explanation=SIZE,
            params={
                "count": count,
                "minimum": rule.start_minimum,
                "maximum": rule.maximum,
                **words,
            },
        )
    return found


MEETINGS = Phrase(
    en="{held} of the {expected} meetings the rhythm asks for were held from {since} to {until}",
    nl="{held} van de {expected} bijeenkomsten die het ritme vraagt zijn gehouden van {since} "
    "tot en met {until}",
)
NO_RHYTHM = Phrase(
    en="The method names no meeting rhythm", nl="De methode noemt geen ritme van bijeenkomsten"
)
TOO_YOUNG = Phrase(
    en="The circle has run too short a time in this period to judge its meetings ({since})",
    nl="De kring loopt in deze periode te kort om de bijeenkomsten te beoordelen ({since})",
)


def meetings_held(
    m: Methodology, circles: Sequence[CircleView], start: date, end: date
) -> dict[int, Finding]:
    """The circle met as often as the methodology's rhythm asks (``MeetingPattern.every_days``)
    from the later of the period's start and the day it first ran (entered the size rule's
    start phase): at least three quarters of the meetings owed were held, not cancelled."""
    pattern = m.meetings
    if pattern is None:
        return {c.id: Finding(is_met=None, explanation=NO_RHYTHM) for c in circles}
    ids = [c.id for c in circles]
    began = circle_queries.first_entered(ids, [m.size_rule.start_phase])
    held = meetings.held_on(ids, _start_of(start), _start_of(end + timedelta(days=1)))
    found = {}
    for circle in circles:
        since = max(start, began.get(circle.id, end + timedelta(days=1)))
        expected = ((end - since).days + 1) // pattern.every_days
        if expected < MIN_RHYTHMS:
            found[circle.id] = Finding(
                is_met=None, explanation=TOO_YOUNG, params={"since": since.isoformat()}
            )
            continue
        count = sum(1 for at in held.get(circle.id, ()) if at.date() >= since)
        found[circle.id] = Finding(
            is_met=_enough(count, expected),
            explanation=MEETINGS,
            params={
                "held": count,
                "expected": expected,
                "since": since.isoformat(),
                "until": end.isoformat(),
            },
        )
    return found


TEAM = Phrase(
    en="{filled} of the {asked} roles the method asks for are filled; {untrained} active "
    "members lack a course their role needs",
    nl="{filled} van de {asked} rollen die de methode vraagt zijn bezet; {untrained} actieve "
    "leden missen een training die hun rol vraagt",
)


def team_present(
    m: Methodology, circles: Sequence[CircleView], start: date, end: date
) -> dict[int, Finding]:
    """The team the methodology asks for is there: every role with a minimum (the volunteer,
    the coach) has that many active members, and every active member of a role that needs a
    course holds it on the period's last day (``kring.trainings.service.training_status``)."""
    asked = [r for r in m.roles if r.minimum > 0]
    trained_roles = {r.key: r.needs_training for r in m.roles if r.needs_training}
    found = {}
    for circle in circles:
        filled = sum(1 for r in asked if len(circle.with_role(r.key)) >= r.minimum)
        untrained = sum(
            1
            for member in circle.active_members
            if not set(trained_roles.get(member.role, ())) <= member.trainings
        )
        found[circle.id] = Finding(
            is_met=(filled == len(asked) and untrained == 0) if asked or trained_roles else None,
            explanation=TEAM,
            params={"filled": filled, "asked": len(asked), "untrained": untrained},
        )
    return found


PLANS = Phrase(
    en="{reviewed} of {count} {role_en} had their plan worked on since {since}",
    nl="Bij {reviewed} van de {count} {role_nl} is sinds {since} aan het plan gewerkt",
)
NOBODY = Phrase(en="Nobody to judge this by yet", nl="Er is nog niemand om dit aan af te meten")


def plans_reviewed(
    m: Methodology, circles: Sequence[CircleView], start: date, end: date
) -> dict[int, Finding]:
    """Every active participant's development plan was reviewed in the six months up to the
    period's end: something was done with it (a goal, a step, a note, the next review day
    set), so nobody's plan lies untouched for half a year."""
    role = m.size_rule.role
    since = add_months(end, -PLAN_REVIEW_MONTHS)
    people = {c.id: [p.person_id for p in c.with_role(role)] for c in circles}
    worked = plans.last_worked_on({p for ids in people.values() for p in ids})
    words = _words(m, "role", f"{role}_plural")
    found = {}
    for circle in circles:
        count = len(people[circle.id])
        if count == 0:
            found[circle.id] = Finding(is_met=None, explanation=NOBODY)
            continue
        reviewed = sum(1 for p in people[circle.id] if p in worked and worked[p].date() >= since)
        found[circle.id] = Finding(
            is_met=reviewed == count,
            explanation=PLANS,
            params={"reviewed": reviewed, "count": count, "since": since.isoformat(), **words},
        )
    return found


SURVEYED = Phrase(
    en="{answered} of the {asked} members asked answered the survey since {since}",
    nl="{answered} van de {asked} gevraagde leden vulden sinds {since} de vragenlijst in",
)
NO_SURVEY = Phrase(
    en="The method asks no survey of this circle now",
    nl="De methode vraagt deze kring nu geen vragenlijst",
)


def surveyed_this_year(
    m: Methodology, circles: Sequence[CircleView], start: date, end: date
) -> dict[int, Finding]:
    """The methodology's survey (satisfaction, loneliness) was taken in the twelve months up to
    the period's end: at least three quarters of the active members it is asked of, in the
    phases it is given in, answered it."""
    since = add_months(end, -SURVEY_MONTHS) + timedelta(days=1)
    given = [s for s in m.surveys if s.items]
    asked: dict[int, set[int]] = {}
    for circle in circles:
        roles = {
            r for s in given if not s.at_phases or circle.phase in s.at_phases for r in s.for_roles
        }
        asked[circle.id] = {p.person_id for p in circle.active_members if p.role in roles}
    answered = surveys.answered_between(
        {p for ids in asked.values() for p in ids}, m.key, [s.key for s in given], since, end
    )
    found = {}
    for circle in circles:
        if not asked[circle.id]:
            found[circle.id] = Finding(is_met=None, explanation=NO_SURVEY)
            continue
        count = len(asked[circle.id] & answered)
        found[circle.id] = Finding(
            is_met=_enough(count, len(asked[circle.id])),
            explanation=SURVEYED,
            params={"answered": count, "asked": len(asked[circle.id]), "since": since.isoformat()},
        )
    return found


ESCALATIONS = Phrase(
    en="{in_time} of {count} escalations raised in the period were answered in time",
    nl="{in_time} van de {count} escalaties uit deze periode kregen op tijd antwoord",
)
NO_ESCALATIONS = Phrase(
    en="No escalation was raised in the period", nl="Er is in deze periode niet geëscaleerd"
)
NO_LADDER = Phrase(
    en="The method has no escalation ladder", nl="De methode heeft geen escalatieladder"
)


def escalations_in_time(
    m: Methodology, circles: Sequence[CircleView], start: date, end: date
) -> dict[int, Finding]:
    """Every escalation raised in the period had its first response (an answer or a
    resolution) within the hours the ladder gives its severity; one still open counts as late
    once its time has passed by the period's end, and is not counted before."""
    if m.escalation is None:
        return {c.id: Finding(is_met=None, explanation=NO_LADDER) for c in circles}
    until = _start_of(end + timedelta(days=1))
    raised = escalations.response_times([c.id for c in circles], _start_of(start), until)
    found = {}
    for circle in circles:
        in_time = late = 0
        for due_by, response in raised.get(circle.id, ()):
            if response is not None and response <= due_by:
                in_time += 1
            elif response is not None or due_by < until:
                late += 1
        count = in_time + late
        found[circle.id] = (
            Finding(
                is_met=late == 0,
                explanation=ESCALATIONS,
                params={"in_time": in_time, "count": count},
            )
            if count
            else Finding(is_met=None, explanation=NO_ESCALATIONS)
        )
    return found


CORE_CHECKS: Mapping[str, Check] = {
    "size_in_band": size_in_band,
    "meetings_held": meetings_held,
    "team_present": team_present,
    "plans_reviewed": plans_reviewed,
    "surveyed_this_year": surveyed_this_year,
    "escalations_in_time": escalations_in_time,
}


# --- judging ---------------------------------------------------------------------------------


def _host() -> PluginHost:
    host: PluginHost = current_app.extensions["kring.plugins"]
    return host


def judge_all(
    circles: Sequence[Circle],
    m: Methodology,
    start: date,
    end: date,
    criteria: Sequence[AuditCriterion] | None = None,
) -> dict[int, dict[str, Finding]]:
    """Findings by circle id and criterion key for the automatic ``criteria`` (all of the
    methodology's by default) of ``circles`` (all of methodology ``m``) over ``start`` ..
    ``end``. The plugin answers first, circle by circle from the views (it runs no queries);
    the core's check answers the rest in one batch. A criterion nobody answered for a circle
    has no finding: the coach gives evidence for it."""
    hooks = _host().for_methodology(m.key)
    seen = circle_queries.views(circles, end)
    found: dict[int, dict[str, Finding]] = {c.id: {} for c in circles}
    for criterion in criteria if criteria is not None else m.audit_criteria:
        if criterion.check is None:
            continue
        left = []
        for view in seen.values():
            finding = hooks.audit_check(view, criterion.key, start, end)
            if finding is not None:
                found[view.id][criterion.key] = finding
            else:
                left.append(view)
        core = CORE_CHECKS.get(criterion.check)
        if core is not None and left:
            for circle_id, finding in core(m, left, start, end).items():
                found[circle_id][criterion.key] = finding
    return found


def judge(circle: Circle, criterion: AuditCriterion, start: date, end: date) -> Finding | None:
    """What the data says of one criterion for one circle over ``start`` .. ``end``: the
    plugin's answer, else the core's check; None for a manual criterion or no answer."""
    m = _host().methodologies()[circle.methodology_key]
    return judge_all([circle], m, start, end, [criterion])[circle.id].get(criterion.key)


def unknown_checks(host: PluginHost) -> dict[str, list[str]]:
    """Per methodology, the checks its criteria name that neither the core nor its plugin
    answers (``kring_audit_checks``)."""
    unknown = {}
    for key, m in host.methodologies().items():
        known = set(CORE_CHECKS) | host.for_methodology(key).audit_checks()
        missing = sorted({c.check for c in m.audit_criteria if c.check and c.check not in known})
        if missing:
            unknown[key] = missing
    return unknown


def check_known(app: Flask) -> None:
    """Refuse to start when a methodology names a check nobody answers: a programming error
    that would otherwise leave a criterion unanswered in every audit, found only a year later."""
    unknown = unknown_checks(app.extensions["kring.plugins"])
    if unknown:
        raise PluginError(
            "audit criteria name checks that neither the core nor their plugin answers "
            f"(see kring_audit_checks): {unknown}"
        )
