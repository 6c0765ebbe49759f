"""Reminders of the audits: an audit coming up, and a follow-up action falling due.

The circle's team (its coaches and project leaders, ``notify.team.of``) hears 30 days before its
next audit falls due (``opening.schedule_of``, the date the circle page shows), and 7 days before
and on the day a follow-up action of the trainer's is due, while it is not done. Each reminder's
key names its date, so it is written once however often the sweep runs, and a new date is
reminded in its own time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import select

from kring.audits import opening
from kring.audits.models import Audit, FollowUpAction
from kring.circles.models import Circle
from kring.core.methodology import Phrase, ReminderIntent
from kring.extensions import db
from kring.notify import team
from kring.notify.words import day_in_both, local_zone, morning

AUDIT_DAYS = 30
ACTION_DAYS = (7, 0)
"""How many days before a follow-up action's due date it is reminded, first to last."""

AUDIT = (
    Phrase(
        en="The quality audit of {circle} is due on {due_en}",
        nl="De kwaliteitsaudit van {circle} staat gepland op {due_nl}",
    ),
    Phrase(
        en="The quality audit of {circle} falls due on {due_en}. Kring opens it that day with "
        "what the data shows; gather in time the evidence the audit asks for.",
        nl="De kwaliteitsaudit van {circle} staat gepland op {due_nl}. Kring opent de audit die "
        "dag met wat de gegevens laten zien; verzamel op tijd de onderbouwing die de audit vraagt.",
    ),
)
ACTION_SOON = Phrase(
    en="A follow-up action of {circle} is due on {due_en}",
    nl="Een vervolgactie van {circle} moet af zijn op {due_nl}",
)
ACTION_TODAY = Phrase(
    en="Today a follow-up action of {circle} is due",
    nl="Vandaag moet een vervolgactie van {circle} af zijn",
)
ACTION_BODY = Phrase(
    en="After the quality audit the central trainer asked {circle}: {action}. It is due on "
    "{due_en}; mark it done with the audit once it is.",
    nl="Na de kwaliteitsaudit vroeg de centrale trainer aan {circle}: {action}. Dit moet af "
    "zijn op {due_nl}; zet het bij de audit op gedaan zodra het klaar is.",
)


def audits_coming(now: datetime) -> Iterator[ReminderIntent]:
    """The circle's team hears 30 days before its next quality audit falls due. A fixed number
    of queries (the circles, their schedule, the teams) whatever the number of circles."""
    tz = local_zone()
    today = now.astimezone(tz).date()
    circles = list(db.session.execute(select(Circle).order_by(Circle.id)).scalars())
    due = [
        d
        for d in opening.schedule_of(circles).values()
        if d.on - timedelta(days=AUDIT_DAYS) <= today <= d.on
    ]
    teams = team.of({d.circle.id for d in due})
    for d in due:
        params = {"circle": d.circle.name, **day_in_both("due", d.on)}
        for user_id in teams.get(d.circle.id, []):
            yield ReminderIntent(
                key=f"audit-due:{d.circle.id}:{d.on.isoformat()}:{user_id}",
                kind="audit_due",
                title=AUDIT[0],
                body=AUDIT[1],
                params=params,
                due_at=max(morning(d.on - timedelta(days=AUDIT_DAYS), tz), now),
                user_id=user_id,
                circle_id=d.circle.id,
                link=f"/circles/{d.circle.id}",
            )


def which_reminder(due_on: date, today: date) -> int | None:
    """Which of ``ACTION_DAYS`` is due on ``today`` for an action due on ``due_on``: the closest
    one reached, so an action set six days ahead is reminded once before its day; None once
    the day has passed."""
    if due_on < today:
        return None
    reached = [d for d in ACTION_DAYS if due_on - timedelta(days=d) <= today]
    return min(reached) if reached else None


def actions_due(now: datetime) -> Iterator[ReminderIntent]:
    """The circle's coaches and project leaders hear 7 days before and on the day a follow-up
    action is due, while it is not done, with a link to the audit's page, where they mark it
    done. Two queries (the actions, the teams) whatever the number of audits."""
    tz = local_zone()
    today = now.astimezone(tz).date()
    rows = db.session.execute(
        select(FollowUpAction, Audit.id, Circle.id, Circle.name)
        .join(Audit, Audit.id == FollowUpAction.audit_id)
        .join(Circle, Circle.id == Audit.circle_id)
        .where(
            FollowUpAction.done_at.is_(None),
            FollowUpAction.due_on >= today,
            FollowUpAction.due_on <= today + timedelta(days=max(ACTION_DAYS)),
        )
        .order_by(FollowUpAction.due_on, FollowUpAction.id)
    ).all()
    teams = team.of({circle_id for _a, _audit, circle_id, _name in rows})
    for action, audit_id, circle_id, name in rows:
        days = which_reminder(action.due_on, today)
        if days is None:
            continue
        params = {"circle": name, "action": action.text, **day_in_both("due", action.due_on)}
        for user_id in teams.get(circle_id, []):
            yield ReminderIntent(
                key=f"audit-action:{action.id}:{action.due_on.isoformat()}:{days}:{user_id}",
                kind="audit_action_due",
                title=ACTION_TODAY if days == 0 else ACTION_SOON,
                body=ACTION_BODY,
                params=params,
                due_at=max(morning(action.due_on - timedelta(days=days), tz), now),
                user_id=user_id,
                circle_id=circle_id,
                link=f"/audits/{audit_id}",
            )
