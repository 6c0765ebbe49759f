"""The plan's words for its life domains and goal states, in the reader's language (the
pages, the API and the home panels all show them)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kring.plans.models import Domain, GoalStatus, PlanEvent

DOMAIN_LABELS = {
    Domain.living: _l("Living"),
    Domain.work_and_day: _l("Work and daytime activities"),
    Domain.learning: _l("Learning"),
    Domain.social: _l("Contact with others"),
    Domain.health: _l("Health"),
    Domain.finances: _l("Money matters"),
}
DOMAIN_ICONS = {
    Domain.living: "🏠",
    Domain.work_and_day: "🛠️",
    Domain.learning: "📚",
    Domain.social: "👥",
    Domain.health: "❤️",
    Domain.finances: "💶",
}
STATUS_LABELS = {
    GoalStatus.working: _l("Working on it"),
    GoalStatus.reached: _l("Reached"),
    GoalStatus.stopped: _l("Stopped"),
}


def describe(event: PlanEvent) -> str:
    """One change of the plan in plain words."""
    d = event.details
    title = str(d.get("title", ""))
    sentences = {
        "plan.started": lambda: _("started the plan"),
        "goal.added": lambda: _("added a goal: %(title)s", title=title),
        "goal.renamed": lambda: _("changed the words of a goal: %(title)s", title=title),
        "goal.status": lambda: _(
            "set a goal to “%(status)s”: %(title)s",
            status=STATUS_LABELS.get(GoalStatus(d["status"]), d["status"]),
            title=title,
        ),
        "step.added": lambda: _("added a step: %(title)s", title=title),
        "step.done": lambda: _("finished a step: %(title)s", title=title),
        "step.reopened": lambda: _("marked a step as not done: %(title)s", title=title),
        "progress.added": lambda: _("wrote a note"),
        "comment.added": lambda: _("wrote a comment"),
        "review.set": lambda: _("set the date to talk about the plan again"),
    }
    sentence = sentences.get(event.action)
    return sentence() if sentence else event.action
