"""The fidelity score: weights, "cannot tell", missing evidence, and the biggest gain first."""

from __future__ import annotations

from kring.audits.fidelity import score
from kring.core.methodology import AuditCriterion, EvidenceField, Phrase


def _c(key: str, weight: int, automatic: bool = True) -> AuditCriterion:
    evidence = (
        () if automatic else (EvidenceField(key="ok", label=Phrase(en="ok", nl="ok"), kind="bool"),)
    )
    return AuditCriterion(
        key=key,
        title=Phrase(en=key, nl=key),
        check="size_in_band" if automatic else None,
        evidence=evidence,
        weight=weight,
        advice=Phrase(en=f"do {key}", nl=f"doe {key}"),
    )


CRITERIA = (_c("a", 1), _c("b", 3), _c("c", 2, automatic=False), _c("d", 2))


def test_the_score_is_the_met_share_of_the_weight() -> None:
    found = score(CRITERIA, {"a": True, "b": True, "c": True, "d": False})
    assert found.score == round(100 * 6 / 8)
    assert [g.key for g in found.gains] == ["d"]
    assert found.gains[0].points == 100 - 75


def test_what_the_data_cannot_tell_is_left_out_and_missing_evidence_counts_as_unmet() -> None:
    found = score(CRITERIA, {"a": True, "b": None, "c": None})
    # counted: a (met) and c (no evidence); b and d (automatic, no answer) cannot tell
    assert found.met == {"a": True, "b": None, "c": False, "d": None}
    assert found.score == round(100 * 1 / 3)


def test_the_biggest_gain_comes_first() -> None:
    found = score(CRITERIA, {"a": False, "b": False, "c": False, "d": False})
    assert found.score == 0
    assert [g.key for g in found.gains] == ["b", "c", "d", "a"]
    assert [g.points for g in found.gains] == [38, 25, 25, 12]


def test_no_judged_criterion_gives_no_score() -> None:
    assert score((_c("a", 1),), {}).score is None
    assert score((), {}).score is None
