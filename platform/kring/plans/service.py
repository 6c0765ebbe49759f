"""Development plans: the participant's own goals per life domain and the small steps towards
them, written by the participant or by a coach or volunteer with them.

Every change is kept in ``PlanEvent`` with who made it and, when it was not the participant
themself, on whose behalf. Who may read, change or comment is decided in
``kring.access.policy`` (``plan_or_404``); the commands here take an ``Editor`` that says who
acts and for whom, so the history never depends on a page remembering to say it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select

from kring.circles.models import ENDED, Circle, CircleMember
from kring.core.accounts import User
from kring.core.db import utcnow
from kring.core.rules import Refused, refusal
from kring.extensions import db
from kring.people.models import Person
from kring.plans.models import Domain, Goal, GoalStatus, NoteKind, Plan, PlanEvent, PlanNote, Step

DOMAINS = tuple(Domain)
"""The life domains in the order a plan shows them."""
TITLE_MAX = 200
TEXT_MAX = 4000
REVIEW_SOON = timedelta(days=14)
"""A plan whose review date lies within this many days is "due for review" on the coach's home."""


@dataclass(frozen=True)
class Editor:
    """Who changes a plan: a login, and the participant they act for when it is not their own
    plan (``None``: the participant changes their own plan)."""

    user_id: int | None
    on_behalf_of_id: int | None = None


# --- reading --------------------------------------------------------------------------------


def plan_of(person: Person) -> Plan | None:
    """The person's plan, when one was started."""
    return db.session.execute(select(Plan).where(Plan.person_id == person.id)).scalar_one_or_none()


def people_with_plans(person_ids: frozenset[int]) -> frozenset[int]:
    """Those of ``person_ids`` whose plan holds at least one goal that was not stopped: the
    answer to a methodology's "every participant has a plan" (``HasPlan``)."""
    if not person_ids:
        return frozenset()
    found = db.session.execute(
        select(Plan.person_id)
        .join(Goal, Goal.plan_id == Plan.id)
        .where(Plan.person_id.in_(person_ids), Goal.status != GoalStatus.stopped)
        .distinct()
    ).scalars()
    return frozenset(found)


def last_worked_on(person_ids: Collection[int]) -> dict[int, datetime]:
    """Per person, when their plan was last worked on (a goal, a step, a note, the next
    review day set), in one query: a plan nobody touched for half a year was not reviewed."""
    if not person_ids:
        return {}
    return dict(
        db.session.execute(
            select(Plan.person_id, func.max(PlanEvent.created_at))
            .join(PlanEvent, PlanEvent.plan_id == Plan.id)
            .where(Plan.person_id.in_(person_ids))
            .group_by(Plan.person_id)
        ).all()
    )


@dataclass(frozen=True)
class Supporter:
    """Someone who may help with a step: a member of a circle the participant takes part in."""

    person_id: int
    name: str
    role: str
    methodology_key: str


def supporters(person: Person) -> list[Supporter]:
    """The other current members of the participant's circles, by name (one query)."""
    mine = select(CircleMember.circle_id).where(
        CircleMember.person_id == person.id, CircleMember.status.not_in(ENDED)
    )
    rows = db.session.execute(
        select(Person.id, Person.name, CircleMember.role, Circle.methodology_key)
        .join(CircleMember, CircleMember.person_id == Person.id)
        .join(Circle, Circle.id == CircleMember.circle_id)
        .where(
            CircleMember.circle_id.in_(mine),
            CircleMember.status.not_in(ENDED),
            Person.id != person.id,
        )
        .order_by(Person.name, Person.id)
    ).all()
    seen: dict[int, Supporter] = {}
    for person_id, name, role, key in rows:
        seen.setdefault(person_id, Supporter(person_id, name, role, key))
    return list(seen.values())


def methodology_key_of(person: Person) -> str | None:
    """The methodology of a circle the person currently takes part in, for its words."""
    return db.session.execute(
        select(Circle.methodology_key)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(CircleMember.person_id == person.id, CircleMember.status.not_in(ENDED))
        .order_by(CircleMember.joined_on, CircleMember.id)
        .limit(1)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class StepView:
    """A step as the plan page shows it, with the name of whoever helps."""

    step: Step
    supporter: str | None


@dataclass(frozen=True)
class GoalView:
    """A goal with its steps, in the order they were added."""

    goal: Goal
    steps: tuple[StepView, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.step.is_done)


@dataclass(frozen=True)
class NoteView:
    """A progress note or comment with its writer's name; a sensitive note the reader may not
    read in full is ``hidden`` and has no ``text``."""

    note: PlanNote
    author: str
    hidden: bool = False

    @property
    def text(self) -> str | None:
        return None if self.hidden else self.note.text


@dataclass(frozen=True)
class NoteReader:
    """Who reads a plan's notes: their login, and whether they read sensitive notes in full
    (the policy decides; the writer of a note always reads their own)."""

    user_id: int | None
    reads_sensitive: bool

    def hides(self, note: PlanNote) -> bool:
        return note.is_sensitive and not self.reads_sensitive and note.author_id != self.user_id


@dataclass(frozen=True)
class PlanView:
    """A person's plan as the page, the API and the home panels read it: the goals grouped by
    life domain (every domain listed, empty ones too), notes and comments, newest first."""

    person: Person
    plan: Plan | None
    goals: dict[Domain, tuple[GoalView, ...]]
    notes: tuple[NoteView, ...]
    comments: tuple[NoteView, ...]
    today: date

    @property
    def goal_count(self) -> int:
        return sum(len(g) for g in self.goals.values())

    @property
    def is_due(self) -> bool:
        review = self.plan.review_on if self.plan else None
        return review is not None and review <= self.today

    def all_goals(self) -> list[GoalView]:
        return [g for d in DOMAINS for g in self.goals[d]]


def _names(user_ids: set[int | None]) -> dict[int, str]:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()
    return {i: name for i, name in rows}


def read(person: Person, today: date, reader: NoteReader) -> PlanView:
    """The person's whole plan, in a fixed number of queries however long it grows, with the
    sensitive notes ``reader`` may not read hidden."""
    plan = plan_of(person)
    by_domain: dict[Domain, list[GoalView]] = {d: [] for d in DOMAINS}
    notes: list[PlanNote] = []
    if plan is not None:
        goals = list(
            db.session.execute(
                select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.created_at, Goal.id)
            ).scalars()
        )
        steps: dict[int, list[StepView]] = defaultdict(list)
        if goals:
            rows = db.session.execute(
                select(Step, Person.name)
                .outerjoin(Person, Person.id == Step.supporter_id)
                .where(Step.goal_id.in_([g.id for g in goals]))
                .order_by(Step.created_at, Step.id)
            ).all()
            for step, name in rows:
                steps[step.goal_id].append(StepView(step, name))
        for goal in goals:
            by_domain[goal.domain].append(GoalView(goal, tuple(steps[goal.id])))
        notes = list(
            db.session.execute(
                select(PlanNote)
                .where(PlanNote.plan_id == plan.id)
                .order_by(PlanNote.created_at.desc(), PlanNote.id.desc())
            ).scalars()
        )
    names = _names({n.author_id for n in notes})
    views = [NoteView(n, names.get(n.author_id or 0, ""), reader.hides(n)) for n in notes]
    return PlanView(
        person=person,
        plan=plan,
        goals={d: tuple(g) for d, g in by_domain.items()},
        notes=tuple(v for v in views if v.note.kind is NoteKind.progress),
        comments=tuple(v for v in views if v.note.kind is NoteKind.comment),
        today=today,
    )


@dataclass(frozen=True)
class EventView:
    """One line of a plan's history: who, for whom, what."""

    event: PlanEvent
    actor: str
    on_behalf_of: str | None


def history(plan: Plan | None, limit: int = 200) -> list[EventView]:
    """The plan's changes, newest first (the latest ``limit``)."""
    if plan is None:
        return []
    events = list(
        db.session.execute(
            select(PlanEvent)
            .where(PlanEvent.plan_id == plan.id)
            .order_by(PlanEvent.created_at.desc(), PlanEvent.id.desc())
            .limit(limit)
        ).scalars()
    )
    names = _names({e.actor_id for e in events})
    behalf_ids = {e.on_behalf_of_id for e in events if e.on_behalf_of_id is not None}
    rows = (
        db.session.execute(select(Person.id, Person.name).where(Person.id.in_(behalf_ids))).all()
        if behalf_ids
        else []
    )
    people = {i: name for i, name in rows}
    return [
        EventView(
            e,
            names.get(e.actor_id or 0, ""),
            people.get(e.on_behalf_of_id) if e.on_behalf_of_id is not None else None,
        )
        for e in events
    ]


@dataclass(frozen=True)
class DueReview:
    """A plan whose review date has come or is near, for the coach's home."""

    person_id: int
    name: str
    review_on: date


def due_for_review(visible: ColumnElement[bool], today: date, limit: int = 20) -> list[DueReview]:
    """Plans of the people ``visible`` selects whose review date lies before ``today`` plus two
    weeks, soonest first."""
    rows = db.session.execute(
        select(Person.id, Person.name, Plan.review_on)
        .join(Plan, Plan.person_id == Person.id)
        .where(visible, Plan.review_on <= today + REVIEW_SOON)
        .order_by(Plan.review_on, Person.name)
        .limit(limit)
    ).all()
    return [DueReview(i, name, day) for i, name, day in rows if day is not None]


# --- changing -------------------------------------------------------------------------------


def _record(plan: Plan, action: str, by: Editor, **details: Any) -> None:
    plan.updated_at = utcnow()
    db.session.add(
        PlanEvent(
            plan_id=plan.id,
            action=action,
            details=details,
            actor_id=by.user_id,
            on_behalf_of_id=by.on_behalf_of_id,
        )
    )


def _title(value: str, field: str = "title") -> str:
    title = " ".join(value.split())
    if not title:
        raise Refused(
            [
                refusal(
                    f"plan.{field}", "Write a few words", "Schrijf een paar woorden", is_input=True
                )
            ]
        )
    if len(title) > TITLE_MAX:
        raise Refused(
            [refusal(f"plan.{field}", "Keep it shorter", "Houd het korter", is_input=True)]
        )
    return title


def ensure_plan(person: Person, by: Editor) -> Plan:
    """The person's plan, started now when there is none yet."""
    plan = plan_of(person)
    if plan is None:
        plan = Plan(person_id=person.id)
        db.session.add(plan)
        db.session.flush()
        _record(plan, "plan.started", by)
    return plan


def add_goal(person: Person, domain: Domain, title: str, by: Editor) -> Goal:
    """A new goal in one life domain, in the participant's own words."""
    text = _title(title)
    plan = ensure_plan(person, by)
    goal = Goal(plan_id=plan.id, domain=domain, title=text, status=GoalStatus.working)
    db.session.add(goal)
    db.session.flush()
    _record(plan, "goal.added", by, goal_id=goal.id, domain=domain.value, title=text)
    return goal


def set_goal(
    plan: Plan, goal: Goal, by: Editor, status: GoalStatus | None = None, title: str | None = None
) -> Goal:
    """Change a goal's words or status (reached, stopped, working on it again)."""
    text = _title(title) if title is not None else None
    if text is not None and text != goal.title:
        goal.title = text
        _record(plan, "goal.renamed", by, goal_id=goal.id, title=text)
    if status is not None and status != goal.status:
        goal.status = status
        _record(plan, "goal.status", by, goal_id=goal.id, status=status.value, title=goal.title)
    return goal


def add_step(
    plan: Plan,
    goal: Goal,
    title: str,
    supporter_id: int | None,
    allowed: list[Supporter],
    by: Editor,
) -> Step:
    """A small step towards a goal; whoever helps is a member of the participant's circle."""
    text = _title(title)
    if supporter_id is not None and supporter_id not in {s.person_id for s in allowed}:
        raise Refused(
            [
                refusal(
                    "plan.supporter",
                    "Choose someone from the circle to help",
                    "Kies iemand uit de kring die helpt",
                    is_input=True,
                )
            ]
        )
    step = Step(goal_id=goal.id, title=text, supporter_id=supporter_id)
    db.session.add(step)
    db.session.flush()
    _record(plan, "step.added", by, goal_id=goal.id, step_id=step.id, title=text)
    return step


def set_step_done(plan: Plan, step: Step, is_done: bool, by: Editor, today: date) -> Step:
    """Mark a step done (today) or not done again."""
    if step.is_done != is_done:
        step.is_done = is_done
        step.done_on = today if is_done else None
        action = "step.done" if is_done else "step.reopened"
        _record(plan, action, by, step_id=step.id, title=step.title)
    return step


def add_note(
    person: Person,
    kind: NoteKind,
    text: str,
    goal: Goal | None,
    by: Editor,
    is_sensitive: bool = False,
) -> PlanNote:
    """A progress note (by the participant, or with them) or a comment (coach or volunteer),
    marked sensitive when it holds special personal data."""
    body = text.strip()
    if not body:
        raise Refused(
            [refusal("plan.text", "Write a few words", "Schrijf een paar woorden", is_input=True)]
        )
    if len(body) > TEXT_MAX:
        raise Refused([refusal("plan.text", "Keep it shorter", "Houd het korter", is_input=True)])
    plan = ensure_plan(person, by)
    note = PlanNote(
        plan_id=plan.id,
        goal_id=goal.id if goal is not None else None,
        kind=kind,
        text=body,
        is_sensitive=is_sensitive,
        author_id=by.user_id,
    )
    db.session.add(note)
    db.session.flush()
    _record(plan, f"{kind.value}.added", by, note_id=note.id)
    return note


def set_review(person: Person, review_on: date | None, by: Editor, today: date) -> Plan:
    """The day the plan will be looked at together again; not a day in the past."""
    if review_on is not None and review_on < today:
        raise Refused(
            [
                refusal(
                    "plan.review_on",
                    "Choose today or a later day",
                    "Kies vandaag of een latere dag",
                    is_input=True,
                )
            ]
        )
    plan = ensure_plan(person, by)
    if plan.review_on != review_on:
        plan.review_on = review_on
        _record(plan, "review.set", by, review_on=review_on.isoformat() if review_on else None)
    return plan


def goal_in(plan: Plan | None, goal_id: object) -> Goal | None:
    """A goal of this plan by id; any other id (another plan's, another tenant's) is None."""
    if plan is None or not isinstance(goal_id, int):
        return None
    return db.session.execute(
        select(Goal).where(Goal.id == goal_id, Goal.plan_id == plan.id)
    ).scalar_one_or_none()


def step_in(plan: Plan | None, step_id: object) -> Step | None:
    """A step of one of this plan's goals by id; any other id is None."""
    if plan is None or not isinstance(step_id, int):
        return None
    return db.session.execute(
        select(Step)
        .join(Goal, Goal.id == Step.goal_id)
        .where(Step.id == step_id, Goal.plan_id == plan.id)
    ).scalar_one_or_none()
