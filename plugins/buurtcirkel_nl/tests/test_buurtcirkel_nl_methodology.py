"""What the Buurtcirkel description promises beyond circle moves: trainings, audits, surveys."""

from __future__ import annotations

from kring_buurtcirkel_nl.methodology import METHODOLOGY

from kring.core.methodology import AuditSchedule, Trained


def test_first_audit_is_scheduled_when_realisatie_has_run_a_year() -> None:
    assert METHODOLOGY.first_audit == AuditSchedule(phase="realisatie", months=12)


def test_audit_asks_for_a_quality_review_and_a_satisfaction_score_when_opened() -> None:
    keys = [criterion.key for criterion in METHODOLOGY.audit_criteria]

    assert {"quality_review", "satisfaction_score"} <= set(keys)


def test_satisfaction_survey_goes_to_participants_when_the_circle_develops_further() -> None:
    (survey,) = METHODOLOGY.surveys

    assert (survey.key, survey.for_roles, survey.at_phases) == (
        "satisfaction",
        ("participant",),
        ("doorontwikkeling",),
    )


def test_coach_and_project_leader_need_their_own_training_when_realisatie_starts() -> None:
    phase_of = {
        (r.role, r.training): r.phase for r in METHODOLOGY.requirements if isinstance(r, Trained)
    }

    for role in ("coach", "projectleider"):
        spec = METHODOLOGY.role(role)
        assert spec is not None and spec.needs_training
        assert [phase_of[(role, training)] for training in spec.needs_training] == ["realisatie"]
