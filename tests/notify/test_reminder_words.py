"""The words of every reminder the areas write, in Dutch and English, held to snapshots under
``tests/notify/snapshots/`` (the e-mail's frame has snapshots of its own in ``test_render``):
a change to what people read is a reviewed change to a file, and a placeholder a language's
sentence misses fails here rather than in a tenant's sweep."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from kring.audits.models import FollowUpAction
from kring.circles.models import PhaseTransition
from kring.core.methodology import Phrase
from kring.extensions import db
from kring.meetings import service as meetings
from kring.meetings import streaks
from kring.notify import rules
from kring.people.models import Person
from kring.plans import service as plans
from kring.safetynet import escalations, reminders
from kring.signin import service as signin
from kring.testing.builders import hooks_for, join
from kring.trainings import service as trainings
from tests.audits.conftest import reviewed_audit
from tests.conftest import World
from tests.notify.snapshot import assert_snapshot
from tests.plugins_for_tests.proefkring import METHODOLOGY

NOW = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)


def _life(app: Any, world: World) -> None:
    """One of everything a rule reminds of, on fixed days."""
    meetings.plan(
        world.a, METHODOLOGY, NOW + timedelta(hours=30), "open_avond", 120, "Buurthuis", None
    )
    db.session.add(
        PhaseTransition(
            circle_id=world.a.id,
            from_phase="verkennen",
            to_phase="draaien",
            moved_on=date(2029, 3, 20),
        )
    )
    buddy = join(
        world.a,
        hooks_for(app, "proefkring"),
        "maatje",
        "Mia Maatje",
        postcode="1111AF",
        attributes={"woont_vast": True},
    )
    check = METHODOLOGY.screening("verklaring")
    assert check is not None  # valid 24 months: until 24 March 2030
    person = db.session.get(Person, buddy.person_id)
    trainings.record_screening(person, check, date(2028, 3, 24), None, NOW.date())
    participant = world.people["participant"]
    plans.set_review(participant, date(2030, 3, 8), plans.Editor(None), NOW.date())
    escalations.raise_escalation(
        world.a, METHODOLOGY, participant.id, "spoed", "?", False, None, NOW - timedelta(days=1)
    )
    _follow_up(world.a, date(2029, 3, 20), NOW.date() + timedelta(days=7))
    db.session.flush()


def _follow_up(circle: Any, entered: date, due: date) -> None:
    """A reviewed audit of ``circle`` opened on the day it entered ``draaien`` (so the next
    one falls due a year on, as without it) with a follow-up action due on ``due``."""
    audit = reviewed_audit(circle, entered)
    db.session.add(FollowUpAction(audit_id=audit.id, text="Plan de zomeravonden", due_on=due))


def _words(phrases: list[tuple[str, Phrase, Phrase, dict[str, Any]]], locale: str) -> str:
    return "\n".join(
        f"[{kind}]\n{title.render(locale, params)}\n{body.render(locale, params)}\n"
        for kind, title, body, params in phrases
    )


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_reminders_words_match_their_snapshot(app: Any, world: World, locale: str) -> None:
    _life(app, world)
    phrases: dict[tuple[str, str], tuple[str, Phrase, Phrase, dict[str, Any]]] = {}
    for intent in rules._area_intents(NOW):
        phrases.setdefault(
            (intent.kind, intent.title.en),
            (intent.kind, intent.title, intent.body, dict(intent.params)),
        )
    overdue = next(p for k, p in phrases.items() if k[0] == "escalation_overdue")
    title, body = reminders.RAISED
    phrases[("escalation_raised", "")] = ("escalation_raised", title, body, overdue[3])
    missed = {"name": "Piet Deelnemer", "count": 3, "circle": "Kring A"}
    phrases[("meetings_missed", "")] = (
        "meetings_missed",
        streaks.MISSED_SUBJECT,
        streaks.MISSED_BODY,
        missed,
    )
    phrases[("sign_in_link", "")] = ("sign_in_link", signin.LINK_TITLE, signin.LINK_BODY, {})
    found = sorted(phrases.values(), key=lambda p: (p[0], p[1].en))
    assert {p[0] for p in found} >= {
        "meeting_reminder",
        "plan_review",
        "contact_due",
        "escalation_overdue",
        "screening_expiring",
        "audit_due",
        "audit_action_due",
    }
    assert_snapshot(f"reminders.{locale}.txt", _words(found, locale))
