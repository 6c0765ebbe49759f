"""An audit's way through the service: opened once with its automatic findings, the coach's
typed evidence, submitting, the central trainer's review (only a trainer of the audit's
methodology, with verdicts and follow-up actions), and marking an action done."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from kring.audits import review as reviews
from kring.audits import service as audits
from kring.audits.models import AuditStatus
from kring.core.accounts import TrainerGrant
from kring.core.methodology import Finding, Methodology, Phrase
from kring.core.rules import Refused
from kring.extensions import db
from kring.testing.factories import UserFactory
from tests.conftest import World

START, END = date(2025, 3, 1), date(2026, 2, 28)
TODAY = date(2026, 3, 2)


def _methodology(app: Any) -> Methodology:
    found: Methodology = app.extensions["kring.plugins"].methodologies()["proefkring"]
    return found


def _criterion(m: Methodology, key: str) -> Any:
    return next(c for c in m.audit_criteria if c.key == key)


def _open(app: Any, world: World) -> Any:
    findings = {
        "grootte": Finding(
            is_met=False,
            explanation=Phrase(en="{count} of {minimum}", nl="{count} van {minimum}"),
            params={"count": 1, "minimum": 2},
        ),
        "naam": Finding(is_met=True, explanation=Phrase(en="fine", nl="goed")),
    }
    audit = audits.open_audit(world.a, _methodology(app), START, END, findings, TODAY)
    assert audit is not None
    return audit


def _evidence(app: Any, world: World, audit: Any, **values: Any) -> Any:
    m = _methodology(app)
    return audits.record_evidence(
        audit, _criterion(m, "evaluatie"), values, "Goed gesprek", world.users["coach"]
    )


def _submitted(app: Any, world: World) -> Any:
    audit = _open(app, world)
    _evidence(app, world, audit, gehouden="yes", op="2026-01-10", aanwezig="6", vorm="gesprek")
    return audits.submit(audit, _methodology(app), world.users["coach"])


def _trainer(key: str = "proefkring") -> Any:
    user = UserFactory(email=f"trainer-{key}@example.org")
    db.session.add(TrainerGrant(user_id=user.id, methodology_key=key))
    db.session.flush()
    return user


def _rules(refused: pytest.ExceptionInfo[Refused]) -> list[str]:
    return [u.rule for u in refused.value.unmet]


def test_an_audit_opens_once_per_circle_and_period_with_a_row_per_criterion(
    app: Any, world: World
) -> None:
    audit = _open(app, world)
    assert audits.open_audit(world.a, _methodology(app), START, END, {}, TODAY) is None
    view = audits.audit_view(audit, _methodology(app))
    assert [c.key for c in view.criteria] == ["grootte", "naam", "evaluatie"]
    assert [c.is_automatic for c in view.criteria] == [True, True, False]
    assert view.criteria[0].explanation("nl") == "1 van 2"
    assert audit.due_on == TODAY + audits.EVIDENCE_DAYS
    # weights 2, 1, 3: only "naam" met, the manual one counts as not met until evidence
    assert audit.fidelity == round(100 * 1 / 6)


def test_evidence_is_typed_and_a_complete_yes_meets_the_criterion(app: Any, world: World) -> None:
    audit = _open(app, world)
    finding = _evidence(app, world, audit, gehouden="yes", op="2026-01-10", aanwezig="6")
    assert finding.evidence == {"gehouden": True, "op": "2026-01-10", "aanwezig": 6}
    assert finding.is_met is None  # the form of the evaluation is still missing
    finding = _evidence(
        app, world, audit, gehouden=True, op=date(2026, 1, 10), aanwezig=6, vorm="gesprek"
    )
    assert finding.is_met is True
    assert finding.remark == "Goed gesprek"
    finding = _evidence(
        app, world, audit, gehouden="no", op="2026-01-10", aanwezig=6, vorm="vragenlijst"
    )
    assert finding.is_met is False


def test_evidence_that_cannot_be_read_is_refused_field_by_field(app: Any, world: World) -> None:
    audit = _open(app, world)
    with pytest.raises(Refused) as refused:
        _evidence(app, world, audit, gehouden="misschien", op="gisteren", vorm="dans", wie="Piet")
    assert refused.value.status == 422
    assert sorted(u.params["field"] for u in refused.value.unmet) == [
        "gehouden",
        "op",
        "vorm",
        "wie",
    ]


def test_an_automatic_criterion_takes_no_evidence(app: Any, world: World) -> None:
    audit = _open(app, world)
    with pytest.raises(Refused) as refused:
        audits.record_evidence(
            audit, _criterion(_methodology(app), "grootte"), {}, None, world.users["coach"]
        )
    assert _rules(refused) == ["audit.not_manual"]


def test_submitting_waits_for_every_manual_criterion(app: Any, world: World) -> None:
    audit = _open(app, world)
    with pytest.raises(Refused) as refused:
        audits.submit(audit, _methodology(app), world.users["coach"])
    assert _rules(refused) == ["audit.evidence_missing"]
    assert refused.value.status == 409
    _evidence(app, world, audit, gehouden="yes", op="2026-01-10", aanwezig="6", vorm="gesprek")
    audits.submit(audit, _methodology(app), world.users["coach"])
    assert audit.status is AuditStatus.submitted
    assert audit.submitted_by_id == world.users["coach"].id
    assert audit.fidelity == round(100 * 4 / 6)
    with pytest.raises(Refused) as again:
        _evidence(app, world, audit, gehouden="no")
    assert _rules(again) == ["audit.not_open"]


def test_the_trainer_reviews_with_a_score_verdicts_and_follow_up_actions(
    app: Any, world: World
) -> None:
    audit = _submitted(app, world)
    trainer = _trainer()
    action = reviews.PlannedAction("Werf twee deelnemers", TODAY + timedelta(days=60), "grootte")
    reviews.review(audit, trainer, 72, {"grootte": True}, [action], today=TODAY)
    assert (audit.status, audit.score, audit.reviewed_by_id) == (
        AuditStatus.reviewed,
        72,
        trainer.id,
    )
    view = audits.audit_view(audit, _methodology(app))
    assert [c.is_met for c in view.criteria] == [True, True, True]
    assert view.criteria[0].finding.is_met is False  # the finding itself is kept
    assert audit.fidelity == 100
    assert [(a.text, a.due_on, a.criterion_key) for a in view.actions] == [
        ("Werf twee deelnemers", TODAY + timedelta(days=60), "grootte")
    ]


def test_a_trainer_of_another_methodology_or_no_trainer_is_refused(app: Any, world: World) -> None:
    audit = _submitted(app, world)
    for someone in (_trainer("buurtcirkel_nl"), world.users["coach"]):
        with pytest.raises(Refused) as refused:
            reviews.review(audit, someone, 80, {}, [], today=TODAY)
        assert _rules(refused) == ["audit.not_trainer"]
    assert audit.status is AuditStatus.submitted


def test_only_a_submitted_audit_is_reviewed(app: Any, world: World) -> None:
    audit = _open(app, world)
    with pytest.raises(Refused) as refused:
        reviews.review(audit, _trainer(), 80, {}, [], today=TODAY)
    assert _rules(refused) == ["audit.not_submitted"]


def test_a_review_that_cannot_be_right_is_refused_with_every_reason(app: Any, world: World) -> None:
    audit = _submitted(app, world)
    actions = [
        reviews.PlannedAction("  ", TODAY + timedelta(days=5)),
        reviews.PlannedAction("Te laat", TODAY, "bestaat_niet"),
    ]
    with pytest.raises(Refused) as refused:
        reviews.review(audit, _trainer(), 101, {"onbekend": False}, actions, today=TODAY)
    assert refused.value.status == 422
    assert sorted(_rules(refused)) == [
        "audit.action_due",
        "audit.action_empty",
        "audit.score_range",
        "audit.unknown_criterion",
        "audit.unknown_criterion",
    ]
    assert audit.status is AuditStatus.submitted
    assert audits.actions_of(audit) == []


def test_a_follow_up_action_is_marked_done_once(app: Any, world: World) -> None:
    audit = _submitted(app, world)
    reviews.review(
        audit,
        _trainer(),
        60,
        {},
        [reviews.PlannedAction("Evaluatie plannen", TODAY + timedelta(days=30))],
        today=TODAY,
    )
    (action,) = audits.actions_of(audit)
    reviews.mark_done(action, world.users["coach"])
    first = action.done_at
    assert first is not None and action.done_by_id == world.users["coach"].id
    reviews.mark_done(action, world.users["leader"])
    assert (action.done_at, action.done_by_id) == (first, world.users["coach"].id)


def test_every_audit_is_kept_newest_first(app: Any, world: World) -> None:
    first = _open(app, world)
    later = audits.open_audit(
        world.a, _methodology(app), date(2026, 3, 1), date(2027, 2, 28), {}, TODAY
    )
    assert audits.audits_of(world.a) == [later, first]
