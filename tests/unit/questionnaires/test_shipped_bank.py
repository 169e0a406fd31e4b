"""The bank Wayfinder ships meets the framework's content rules."""

from __future__ import annotations

from collections import Counter

import pytest

from questionnaires import check_bank, load_bank
from questionnaires.coverage import MIN_QUESTIONS_PER_DIMENSION, MIN_STEPS_PER_AREA, coverage_problems

MIN_QUESTIONS_PER_AREA = 8


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_the_shipped_bank_has_no_problems():
    assert check_bank(load_bank().source) == []


def test_every_area_has_at_least_eight_questions(bank):
    per_area = Counter(q.area for q in bank.questions)
    assert set(per_area) == {area.id for area in bank.areas}
    assert all(count >= MIN_QUESTIONS_PER_AREA for count in per_area.values()), per_area
    assert len(bank.questions) >= 40


def test_every_step_and_pillar_is_fed_by_at_least_four_questions(bank):
    for step in bank.framework.steps:
        feeding = [q.id for q in bank.questions if step.id in q.steps]
        assert len(feeding) >= MIN_QUESTIONS_PER_DIMENSION, (step.id, feeding)
    for pillar in bank.framework.pillars:
        feeding = [q.id for q in bank.questions if pillar.id in q.pillars]
        assert len(feeding) >= MIN_QUESTIONS_PER_DIMENSION, (pillar.id, feeding)


def test_every_area_feeds_at_least_three_steps(bank):
    for area in bank.areas:
        steps = {step for q in bank.questions_in(area.id) for step in q.steps}
        assert len(steps) >= MIN_STEPS_PER_AREA, (area.id, steps)


def test_the_coverage_check_agrees(bank):
    assert coverage_problems(bank) == []


def test_level_descriptors_differ_within_each_question(bank):
    for question in bank.questions:
        assert len(set(question.levels.values())) == 5, question.id
