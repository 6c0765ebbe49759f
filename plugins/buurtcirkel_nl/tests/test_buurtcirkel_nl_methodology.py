"""What the Buurtcirkel description promises beyond circle moves: trainings, audits, surveys."""

from __future__ import annotations

from kring_buurtcirkel_nl import plugin
from kring_buurtcirkel_nl.methodology import METHODOLOGY

from kring.core.methodology import SELF_RELIANCE, AuditSchedule, Trained


def test_first_audit_is_scheduled_when_realisatie_has_run_a_year() -> None:
    assert METHODOLOGY.first_audit == AuditSchedule(phase="realisatie", months=12)


def test_audit_asks_for_a_quality_review_and_a_satisfaction_score_when_opened() -> None:
    keys = [criterion.key for criterion in METHODOLOGY.audit_criteria]

    assert {"quality_review", "satisfaction_score"} <= set(keys)


def test_satisfaction_is_a_mark_asked_yearly_and_at_leaving_against_the_published_8_7() -> None:
    survey = METHODOLOGY.surveys[0]

    assert (survey.key, survey.for_roles, survey.scoring) == (
        "satisfaction",
        ("participant",),
        "mark",
    )
    assert (survey.every_months, survey.at_exit, survey.at_intake) == (12, True, False)
    (item,) = survey.items
    assert [value for value, _label in item.answers] == [str(n) for n in range(1, 11)]
    assert survey.benchmark is not None and survey.benchmark.value == 8.7
    assert survey.total({"mark": "9"}) == 9
    band = survey.band(8.7)
    assert band is not None and band.words.nl == "goed"


def test_participants_also_answer_the_self_reliance_scale() -> None:
    survey = METHODOLOGY.surveys[1]

    assert (survey.key, survey.for_roles, len(survey.items)) == (
        SELF_RELIANCE,
        ("participant",),
        5,
    )
    assert survey.total(dict.fromkeys((i.key for i in survey.items), "4")) == 20


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
