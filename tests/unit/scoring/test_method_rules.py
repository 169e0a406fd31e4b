"""The method rules of issue 19 on the shipped bank, with the exact scenarios the issue names.

"Don't know" becomes a find-out item; one dissenter cannot flip a question's level or the
overall label; durations and capacity shape the roadmap; security basics are urgent; a
prerequisite gates only the step that needs it. The scores themselves do not change.
"""

from __future__ import annotations

import pytest

from questionnaires import load_bank
from questionnaires.answers import DONT_KNOW
from scoring.engine import score_assessment
from scoring.formatting import level_name_text, level_text, score_with_level
from scoring.options import DEFAULT_WIP_LIMITS, ScoringOptions
from scoring.results import Score
from tests.unit.scoring.builders import answers_table, under_way


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def everyone(bank, level, respondents=1, **exceptions):
    """Every respondent answers ``level`` everywhere, except (respondent index, question) → answer."""
    return [
        ("A", f"r{index}", question.id, exceptions.get(f"{index}:{question.id}", level))
        for index in range(respondents)
        for question in bank.questions
    ]


def placement(roadmap):
    return {item.key: horizon.id for horizon in roadmap.horizons for item in horizon.items}


# 1. "Don't know" is a find-out item, not a level-1 plan


def test_one_dont_know_on_the_leadership_mandate_is_one_find_out_item_not_three_level_steps(bank):
    rows = everyone(bank, 3, **{"0:culture.leadership-mandate": DONT_KNOW})
    result = score_assessment(answers_table(rows), bank)
    leadership = [item for item in result.backlog if item.question_id == "culture.leadership-mandate"]
    assert [item.key for item in leadership] == ["culture.leadership-mandate@find-out"]
    item = leadership[0]
    assert item.find_out and item.effort == "S"
    assert item.title.startswith("Find out where you stand on “")
    assert placement(result.roadmap)[item.key] == "now"
    # it uses no capacity: the five places of the first month stay for real work
    assert under_way(result.roadmap, 0) == DEFAULT_WIP_LIMITS["now"]


def test_a_question_with_more_dont_know_than_levels_is_found_out_and_with_fewer_is_planned(bank):
    question = "culture.leadership-mandate"
    mostly = {f"{i}:{question}": DONT_KNOW for i in range(3)}
    few = {f"{i}:{question}": DONT_KNOW for i in range(2)}
    for exceptions, expected in ((mostly, ["find-out"]), (few, ["4"])):
        rows = everyone(bank, 3, respondents=5, **exceptions)
        result = score_assessment(answers_table(rows), bank)
        keys = [item.key.split("@")[1] for item in result.backlog if item.question_id == question]
        assert keys == expected


# 2. One dissenter cannot flip a question's level or the overall label


def test_one_dissenter_of_five_does_not_plan_the_step_the_others_say_is_done(bank):
    rows = everyone(bank, 3, respondents=5, **{"0:skills.product-owners": 2})
    result = score_assessment(answers_table(rows), bank)
    owners = [item.key for item in result.backlog if item.question_id == "skills.product-owners"]
    assert owners == ["skills.product-owners@4"]  # no "Make product owner a real role" (2 → 3)
    assert result.overall.value == pytest.approx(2.994, abs=0.001)  # the score is unchanged
    assert (result.overall.level, result.overall.level_name) == (2, "Developing")
    assert result.overall.almost_level_name == "Defined"
    assert level_text(result.overall) == "2.99 · almost Defined"
    assert level_name_text(result.overall) == "almost Defined"
    assert score_with_level(result.overall) == "2.99 · almost Defined"


@pytest.mark.parametrize(
    ("answers", "label"),
    [
        ([3] * 19 + [2], "2.95 · almost Defined"),  # exactly 0.05 below: almost
        ([3] * 47 + [2] * 3, "2 · Developing"),  # 2.94: more than 0.05 below
        ([5] * 20, "5 · Optimising"),  # nothing above the top level
    ],
)
def test_the_almost_label_applies_within_a_twentieth_of_a_level(answers, label):
    from scoring.scale import score_of

    value = sum(answers) / len(answers)
    assert level_text(score_of(value, 1.0, load_bank())) == label


def test_a_score_object_without_the_almost_name_reads_as_before():
    score = Score(value=2.994, coverage=1.0, level=2, level_name="Developing")
    assert level_text(score) == "2 · Developing"


# 3. Durations and capacity


def test_a_chain_of_s_m_m_actions_does_not_all_start_now(bank):
    # leadership mandate: S to 2, M to 3, M to 4; capacity is no limit here
    efforts = [bank.question("culture.leadership-mandate").action_to(level).effort for level in (2, 3, 4)]
    assert efforts == ["S", "M", "M"]
    rows = [("A", "r1", "culture.leadership-mandate", 1)]
    options = ScoringOptions(wip_limits={"now": 50, "next": 50, "later": 50})
    where = placement(score_assessment(answers_table(rows), bank, options).roadmap)
    # S: months 0–1, M: 1–4 (starts in Now), M: 4–7 (starts in Next)
    assert [where[f"culture.leadership-mandate@{level}"] for level in (2, 3, 4)] == ["now", "now", "next"]


def test_capacity_limits_how_many_items_are_under_way_in_each_horizon(bank):
    rows = everyone(bank, 1)
    options = ScoringOptions(wip_limits={"now": 2, "next": 3, "later": 4})
    roadmap = score_assessment(answers_table(rows), bank, options).roadmap
    busiest = [
        max(under_way(roadmap, month) for month in range(horizon.start_month, horizon.end_month))
        for horizon in roadmap.horizons
    ]
    assert busiest == [2, 3, 4]  # every place used, never more


# 4. Security basics are urgent


def test_an_all_level_1_organisation_fixes_its_security_basics_now(bank):
    result = score_assessment(answers_table(everyone(bank, 1)), bank)
    where = placement(result.roadmap)
    assert where["devops.access-and-secrets@2"] == "now"  # shared admin accounts, passwords in code
    assert where["architecture.security-architecture@2"] == "now"
    urgent = [item for item in result.backlog if item.urgent]
    assert {item.question_id for item in urgent} == {
        question.id for question in bank.questions if question.pillars.get("security") == 1
    }
    assert [item.rank for item in urgent] == list(range(1, len(urgent) + 1))
    assert len(urgent) == 7 and all(where[item.key] == "now" for item in urgent)  # every security basic
    assert all("urgent: a security basic" in item.reason for item in urgent)
    # five actions under way at a time for 24 months: a month-long step frees its place for the
    # next, so more than five start in Now; the rest is honestly left unscheduled, never squeezed in
    assert all(under_way(result.roadmap, month) <= 5 for month in range(24))
    assert len(result.roadmap.horizons[0].items) > DEFAULT_WIP_LIMITS["now"]
    assert result.roadmap.unscheduled


def test_a_security_question_above_level_1_is_not_urgent(bank):
    rows = [("A", "r1", "devops.access-and-secrets", 2)]
    items = score_assessment(answers_table(rows), bank).backlog
    assert not any(item.urgent for item in items)


# 5. Prerequisites per step


def test_patching_on_a_fixed_schedule_does_not_wait_for_the_path_to_production(bank):
    result = score_assessment(answers_table(everyone(bank, 1)), bank)
    by_key = {item.key: item for item in result.backlog}
    patching = by_key["devops.security-in-pipeline@2"]
    assert patching.title == "List each service's libraries and products and patch on a fixed schedule"
    assert patching.depends_on == ()
    assert placement(result.roadmap)[patching.key] == "now"
    scanning = by_key["devops.security-in-pipeline@3"]  # code scanning in every pipeline needs one
    assert scanning.depends_on == ("devops.security-in-pipeline@2", "devops.path-to-production@3")
