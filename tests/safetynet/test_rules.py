"""The safety net's rules: who sees which escalation and which sensitive note, due dates from
the severity, and passing up the methodology's ladder one step at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from kring.access import policy
from kring.core.methodology import EscalationLadder, Severity
from kring.core.rules import Refused
from kring.extensions import db
from kring.safetynet import escalations as escalation_service
from kring.safetynet import service as safetynet
from kring.safetynet.models import ContactKind, Escalation
from tests.conftest import World
from tests.plugins_for_tests.proefkring import METHODOLOGY

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def _raise(
    world: World, by: str = "volunteer", severity: str = "spoed", **fields: Any
) -> Escalation:
    return escalation_service.raise_escalation(
        world.a,
        METHODOLOGY,
        fields.pop("person_id", world.people["participant"].id),
        severity,
        fields.pop("question", "Eet slecht sinds vorige week"),
        fields.pop("is_sensitive", False),
        world.users[by].id,
        NOW,
    )


def _viewer(world: World, who: str) -> Any:
    return policy._read_viewer(world.users[who].id)


def _visible(world: World, who: str) -> set[int]:
    condition = policy.visible_escalations(_viewer(world, who))
    return set(db.session.execute(db.select(Escalation.id).where(condition)).scalars())


def test_due_by_follows_the_severity_of_the_methodology(world: World) -> None:
    assert _raise(world, severity="spoed").due_by == NOW + timedelta(hours=4)
    assert _raise(world, severity="routine").due_by == NOW + timedelta(hours=168)


def test_an_escalation_starts_with_the_step_above_the_one_who_raised_it(world: World) -> None:
    escalation = _raise(world)
    assert (escalation.step, METHODOLOGY.escalation.step_key(escalation.step)) == (1, "begeleider")


def test_pass_up_follows_the_ladder_and_stops_at_the_top(world: World) -> None:
    ladder = METHODOLOGY.escalation
    assert ladder is not None
    escalation = _raise(world)
    later = NOW + timedelta(hours=2)
    escalation_service.pass_up(escalation, METHODOLOGY, world.users["coach"].id, later)
    assert ladder.step_key(escalation.step) == "hulpverlening"
    assert escalation.due_by == later + timedelta(hours=4)  # the next step gets its own hours
    with pytest.raises(Refused) as refused:
        escalation_service.pass_up(escalation, METHODOLOGY, world.users["coach"].id, later)
    assert [u.rule for u in refused.value.unmet] == ["safetynet.top"]
    assert refused.value.status == 409


def test_a_resolved_escalation_takes_no_answer_and_no_second_resolution(world: World) -> None:
    escalation = _raise(world)
    escalation_service.resolve(escalation, "Huisarts ingeschakeld", world.users["coach"].id, NOW)
    for attempt in (
        lambda: escalation_service.answer(escalation, "Nog iets", None, NOW),
        lambda: escalation_service.resolve(escalation, "Weer", None, NOW),
    ):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.unmet[0].rule == "safetynet.resolved"


def test_raising_refuses_every_wrong_field_at_once(world: World) -> None:
    with pytest.raises(Refused) as refused:
        _raise(world, severity="urgent", person_id=world.people["b"].id, question="  ")
    assert {u.rule for u in refused.value.unmet} == {
        "safetynet.person",
        "safetynet.severity",
        "safetynet.question",
    }
    assert refused.value.status == 422


def test_a_methodology_without_a_ladder_takes_no_escalation(app: Flask, world: World) -> None:
    from dataclasses import replace

    with pytest.raises(Refused) as refused:
        escalation_service.raise_escalation(
            world.a,
            replace(METHODOLOGY, escalation=None),
            world.people["participant"].id,
            "spoed",
            "Vraag",
            False,
            None,
            NOW,
        )
    assert refused.value.status == 409


def test_a_contact_is_for_a_member_and_on_a_day_that_has_been(world: World) -> None:
    with pytest.raises(Refused) as refused:
        safetynet.log_contact(
            world.a,
            world.people["b"].id,
            TODAY + timedelta(days=1),
            ContactKind.call,
            None,
            False,
            None,
            TODAY,
        )
    assert {u.rule for u in refused.value.unmet} == {"safetynet.person", "safetynet.contact_on"}


def test_escalations_are_seen_by_the_circles_team_and_by_whoever_raised_them(
    world: World,
) -> None:
    own = _raise(world, by="volunteer")
    other = _raise(world, by="leader")
    both = {own.id, other.id}
    assert _visible(world, "leader") == both
    assert _visible(world, "coach") == both
    assert _visible(world, "volunteer") == {own.id}
    for outsider in ("participant", "admin", "signaler"):
        assert _visible(world, outsider) == set()


def test_sensitive_notes_are_read_by_the_methodologys_roles_and_the_writer_only(
    world: World,
) -> None:
    safetynet.log_contact(
        world.a,
        world.people["participant"].id,
        TODAY,
        ContactKind.visit,
        "Schulden, niet doorvertellen",
        True,
        world.users["volunteer"].id,
        TODAY,
    )
    roles = {"proefkring": ("begeleider",)}

    def note_for(who: str) -> str | None:
        sensitive = policy.reading_sensitive(_viewer(world, who), roles)
        row = safetynet.contact_log(world.a, world.users[who].id, sensitive).items[0]
        assert row.is_sensitive
        return row.note

    assert note_for("coach") == "Schulden, niet doorvertellen"  # a begeleider
    assert note_for("volunteer") == "Schulden, niet doorvertellen"  # wrote it
    assert note_for("leader") is None  # leads the project, holds no allowed role


def test_contacts_fall_due_after_the_methodologys_interval(app: Flask, world: World) -> None:
    methodologies = app.extensions["kring.plugins"].methodologies()
    volunteer = _viewer(world, "volunteer")
    condition = policy.volunteering_circles(volunteer)
    today = date.today()
    due = safetynet.contacts_due(condition, methodologies, today)
    assert [d.person_name for d in due] == ["Piet Deelnemer"]  # the only active participant
    safetynet.log_contact(
        world.a, world.people["participant"].id, today, ContactKind.call, None, False, None, today
    )
    assert safetynet.contacts_due(condition, methodologies, today) == []
    later = today + timedelta(days=10)  # proefkring: every 10 days
    assert [d.person_name for d in safetynet.contacts_due(condition, methodologies, later)] == [
        "Piet Deelnemer"
    ]


def test_a_ladder_is_checked_when_the_methodology_loads() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="first escalation step"):
        replace(METHODOLOGY, escalation=EscalationLadder(steps=("buitenstaander", "begeleider")))
    with pytest.raises(ValueError, match="sensitive role"):
        replace(
            METHODOLOGY,
            escalation=EscalationLadder(steps=("maatje", "begeleider"), sensitive_roles=("x",)),
        )
    with pytest.raises(ValueError):
        Severity(key="nu", respond_within_hours=0)
    assert "hulpverlening" in METHODOLOGY.term_keys()


def _mails(prefix: str = "escalation-") -> list[Any]:
    from kring.notify.models import Channel, OutboxMessage

    return list(
        db.session.execute(
            db.select(OutboxMessage)
            .where(
                OutboxMessage.channel == Channel.email,
                OutboxMessage.idempotency_key.startswith(prefix),
            )
            .order_by(OutboxMessage.id)
        ).scalars()
    )


def test_the_step_an_escalation_comes_to_hears_of_it_without_the_question(
    world: World,
) -> None:
    escalation = _raise(world, is_sensitive=True)
    [mail] = _mails()
    assert mail.recipient == world.users["coach"].email  # the circle's begeleider
    assert "Piet Deelnemer" in mail.body and "Eet slecht" not in mail.body
    assert mail.subject == "Een vraag over Piet Deelnemer (spoed) wacht op je"
    coach_id = world.users["coach"].id
    assert mail.idempotency_key == f"escalation-raised:{escalation.id}:1:{coach_id}:email"
    # Help outside the circle has no login in it: passing up there tells nobody.
    escalation_service.pass_up(escalation, METHODOLOGY, world.users["coach"].id, NOW)
    assert len(_mails()) == 1


def test_an_unanswered_escalation_past_its_time_reminds_the_step_and_the_next_one_up_once(
    world: World,
) -> None:
    from kring.notify import rules

    answered = _raise(world)
    escalation_service.answer(answered, "Ik ga langs", world.users["coach"].id, NOW)
    late = _raise(world)  # due four hours after NOW, long past

    def overdue_mails() -> list[str]:
        return sorted(m.recipient for m in _mails("escalation-overdue"))

    rules.plan(datetime.now(UTC))
    # the begeleider it sits with; above is help outside the circle, so the project leader
    expected = sorted([world.users["coach"].email, world.users["leader"].email])
    assert overdue_mails() == expected
    assert {m.idempotency_key.split(":")[1] for m in _mails("escalation-overdue")} == {str(late.id)}
    rules.plan(datetime.now(UTC))
    assert overdue_mails() == expected  # once per step


def test_an_overdue_escalation_at_the_first_step_reaches_the_role_above(world: World) -> None:
    from kring.safetynet import reminders

    late = _raise(world)
    late.step = 0  # with the maatje (none in this circle): the begeleider above hears of it
    (intent,) = reminders.overdue_escalations(datetime.now(UTC))
    assert intent.user_id == world.users["coach"].id and intent.kind == "escalation_overdue"


def test_each_step_of_an_escalation_is_an_event_the_journal_records(world: World) -> None:
    from kring.core.journal import JournalEntry

    escalation = _raise(world)
    escalation_service.answer(escalation, "Ik bel", world.users["coach"].id, NOW)
    escalation_service.pass_up(escalation, METHODOLOGY, world.users["coach"].id, NOW)
    escalation_service.resolve(escalation, "Huisarts", world.users["coach"].id, NOW)
    entries = db.session.execute(
        db.select(JournalEntry.action, JournalEntry.details)
        .where(JournalEntry.subject_type == "Escalation")
        .order_by(JournalEntry.id)
    ).all()
    assert [a for a, _d in entries] == [
        "escalation.raised",
        "escalation.answered",
        "escalation.passed_up",
        "escalation.resolved",
    ]
    assert entries[2][1]["step"] == "hulpverlening"
    assert "Eet slecht" not in str(entries)  # facts, never what was written
