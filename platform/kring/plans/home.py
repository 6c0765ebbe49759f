"""The plan's home panels: "my plan" for a participant, "plans due for review" for the coach
and the volunteer who help with them."""

from __future__ import annotations

from typing import Any

from flask_babel import format_date

from kring.access import log, policy
from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.core.db import today
from kring.plans import service as plans
from kring.plans.models import GoalStatus


def my_plan(who: Viewer) -> dict[str, Any] | None:
    """The participant's own goals, each with how many steps are done."""
    if not who.has(Role.participant) or not who.person_ids:
        return None
    access = policy.plan_or_404(min(who.person_ids))
    view = plans.read(access.person, today(), access.reader)
    return {"goals": [g for g in view.all_goals() if g.goal.status is GoalStatus.working]}


def due_for_review(who: Viewer) -> dict[str, Any] | None:
    """Plans of the people the coach or volunteer helps whose review date has come or is near."""
    due = plans.due_for_review(policy.plan_people(who), today())
    if not due:
        return None
    log.shown(who, [d.person_id for d in due])
    return {"due": due, "day": lambda d: format_date(d, "long")}
