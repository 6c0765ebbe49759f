"""The methodology contract: what every methodology plugin's suite proves by subclassing.

    class TestBuurtcirkelContract(MethodologyContract):
        key = "buurtcirkel_nl"

The tests use the installed plugin as the application loads it, so a plugin that passes here
works in Kring without any change to the core.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pytest
from flask import Flask

from kring.circles import queries
from kring.circles.models import Circle
from kring.core.methodology import Methodology, Unmet
from kring.core.rules import checklist, explain
from kring.core.tenancy import Tenant
from kring.plugins import MethodologyHooks
from kring.testing.builders import start_circle

LOCALES = ("nl", "en")


class MethodologyContract:
    key: ClassVar[str]

    @pytest.fixture
    def methodology_key(self) -> str:
        return self.key

    @pytest.fixture
    def circle(self, tenant: Tenant, hooks: MethodologyHooks) -> Circle:
        return start_circle(hooks, "Contractkring", "Contractwijk", today=date(2026, 1, 5))

    def test_key_matches_the_entry_point_name(self, methodology: Methodology) -> None:
        assert methodology.key == self.key

    def test_every_phase_is_reachable_from_the_first(self, methodology: Methodology) -> None:
        reached, frontier = {methodology.initial_phase}, [methodology.initial_phase]
        while frontier:
            source = frontier.pop()
            for move in methodology.moves:
                if move.source == source and move.target not in reached:
                    reached.add(move.target)
                    frontier.append(move.target)
        assert reached == {p.key for p in methodology.phases}

    def test_size_rule_is_ordered_minimum_start_maximum(self, methodology: Methodology) -> None:
        rule = methodology.size_rule
        assert 0 <= rule.minimum <= rule.start_minimum <= rule.maximum
        assert methodology.role(rule.role) is not None

    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_term_exists_in_nl_and_en(self, methodology: Methodology, locale: str) -> None:
        words = methodology.terms.by_locale.get(locale, {})
        missing = sorted(methodology.term_keys() - set(words))
        assert not missing, f"{locale}: no words for {missing}"

    def test_trainings_and_criteria_have_both_languages(self, methodology: Methodology) -> None:
        titles = [
            item.title
            for items in (
                methodology.trainings,
                methodology.screenings,
                methodology.audit_criteria,
                methodology.surveys,
            )
            for item in items
        ]
        assert all(title.en and title.nl for title in titles)

    def test_every_survey_is_worded_in_both_languages_and_scored_in_words(
        self, methodology: Methodology
    ) -> None:
        for survey in methodology.surveys:
            phrases = [item.question for item in survey.items]
            phrases += [label for item in survey.items for _, label in item.answers]
            phrases += [band.words for band in survey.bands]
            phrases += [p for p in (survey.introduction,) if p is not None]
            if survey.benchmark is not None:
                phrases.append(survey.benchmark.source)
            assert all(p.en and p.nl for p in phrases), survey.key
            # A result is read in words: a scored survey says what each total means.
            if survey.items:
                assert survey.bands, f"{survey.key}: no score bands"

    def test_every_role_a_course_or_check_is_asked_of_exists(
        self, methodology: Methodology
    ) -> None:
        for training in methodology.trainings:
            assert all(methodology.role(r) is not None for r in training.for_roles), training.key
        for screening in methodology.screenings:
            assert methodology.role(screening.role) is not None, screening.key
            assert 1 <= screening.renewal_months <= 120, screening.key

    @pytest.mark.parametrize("locale", LOCALES)
    def test_guards_answer_lists_of_unmet_that_explain_themselves(
        self, hooks: MethodologyHooks, circle: Circle, locale: str
    ) -> None:
        m = hooks.methodology
        facts = queries.view(circle, date(2026, 1, 5))
        for phase in m.phases:
            unmet: list[Any] = hooks.phase_guard(facts, phase.key)
            assert isinstance(unmet, list) and all(isinstance(u, Unmet) for u in unmet)
            checks = checklist(m, phase.key, facts)
            for item in [*unmet, *(c.unmet for c in checks)]:
                text = explain(item, m, locale)
                assert text and "{" not in text, text

    def test_every_audit_criterion_is_answered_by_a_check_or_by_evidence(
        self, app: Flask, hooks: MethodologyHooks, methodology: Methodology
    ) -> None:
        from kring.audits.checks import unknown_checks

        assert methodology.key not in unknown_checks(app.extensions["kring.plugins"])
        keys = [c.key for c in methodology.audit_criteria]
        assert len(keys) == len(set(keys)), keys
        for criterion in methodology.audit_criteria:
            assert criterion.is_automatic or criterion.evidence, criterion.key
            assert not (criterion.is_automatic and criterion.evidence), criterion.key
            words = [f.label for f in criterion.evidence]
            words += [label for f in criterion.evidence for _k, label in f.choices]
            words += [criterion.advice] if criterion.advice else []
            assert all(w.en and w.nl for w in words), criterion.key

    @pytest.mark.parametrize("locale", LOCALES)
    def test_automatic_findings_explain_themselves(
        self, hooks: MethodologyHooks, circle: Circle, locale: str
    ) -> None:
        from kring.audits.checks import judge_all

        m = hooks.methodology
        found = judge_all([circle], m, date(2025, 1, 5), date(2026, 1, 5))[circle.id]
        for key, finding in found.items():
            text = finding.explanation.render(locale, finding.params)
            assert text and "{" not in text, (key, text)

    def test_a_new_circle_starts_in_the_first_phase(
        self, circle: Circle, methodology: Methodology
    ) -> None:
        assert circle.phase == methodology.initial_phase
        assert [t.to_phase for t in queries.history(circle)] == [methodology.initial_phase]
