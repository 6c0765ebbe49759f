"""What the Buurtcirkel description promises beyond circle moves: trainings, audits, surveys."""

from __future__ import annotations

from kring_buurtcirkel_nl import plugin
from kring_buurtcirkel_nl.methodology import METHODOLOGY

from kring.core.methodology import AuditSchedule, Trained


def test_first_audit_is_scheduled_when_realisatie_has_run_a_year() -> None:
    assert METHODOLOGY.first_audit == AuditSchedule(phase="realisatie", months=12)


def test_audit_asks_for_a_quality_review_and_a_satisfaction_score_when_opened() -> None:
    keys = [criterion.key for criterion in METHODOLOGY.audit_criteria]

    assert {"quality_review", "satisfaction_score"} <= set(keys)


def test_satisfaction_survey_goes_to_participants_every_year_the_circle_runs() -> None:
    (survey,) = METHODOLOGY.surveys

    assert (survey.key, survey.for_roles, survey.at_phases) == (
        "satisfaction",
        ("participant",),
        ("realisatie", "doorontwikkeling"),
    )
    (item,) = survey.items
    assert [value for value, _label in item.answers] == [str(n) for n in range(1, 11)]


def test_the_satisfaction_mark_is_its_score() -> None:
    assert plugin.kring_survey_score("satisfaction", {"mark": "8"}) == {"mark": 8}
    assert plugin.kring_survey_score("other", {"mark": "8"}) is None


def test_the_audit_checks_what_the_data_answers_and_asks_evidence_for_the_rest() -> None:
    checks = {c.key: c.check for c in METHODOLOGY.audit_criteria}
    assert checks == {
        "group_size": "size_in_band",
        "weekly_meetings": "meetings_held",
        "volunteer_and_coach": "team_present",
        "development_plans": "plans_reviewed",
        "satisfaction_score": "surveyed_this_year",
        "safety_net": "escalations_in_time",
        "quality_review": None,
        "open_evenings": None,
        "own_direction": None,
        "neighbourhood_network": None,
        "return_day": None,
    }
    assert METHODOLOGY.first_audit == AuditSchedule(phase="realisatie", months=12, every_months=12)


def test_coach_and_project_leader_need_their_own_training_when_realisatie_starts() -> None:
    phase_of = {
        (r.role, r.training): r.phase for r in METHODOLOGY.requirements if isinstance(r, Trained)
    }

    for role in ("coach", "projectleider"):
        spec = METHODOLOGY.role(role)
        assert spec is not None and spec.needs_training
        assert [phase_of[(role, training)] for training in spec.needs_training] == ["realisatie"]
