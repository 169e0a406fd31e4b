"""The backlog's priority, prerequisites and reasons; the roadmap's horizons and limits; the options."""

from __future__ import annotations

import pytest

from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE
from scoring.engine import score_assessment
from scoring.options import OptionsError, ScoringOptions
from tests.unit.scoring.builders import answers_table


def backlog(bank, answers, **options):
    rows = [("A", "r1", question, answer) for question, answer in answers.items()]
    return score_assessment(answers_table(rows), bank, ScoringOptions(**options)).backlog


def keys(items):
    return [item.key for item in items]


def test_a_prerequisite_gates_only_the_step_that_reaches_its_level(small_bank):
    # monitoring (weight 1) needs the pipeline (weight 3) at level 3 for its own level 3, not for 1 → 2
    items = backlog(small_bank, {"devops.pipeline": 1, "devops.monitoring": 1})
    by_key = {item.key: item for item in items}
    assert by_key["devops.monitoring@2"].depends_on == ()
    assert by_key["devops.monitoring@3"].depends_on == ("devops.monitoring@2", "devops.pipeline@3")
    assert by_key["devops.monitoring@3"].reason.endswith(
        "must follow 'Lift devops.monitoring to 2' and 'Lift devops.pipeline to 3'."
    )
    ranks = {item.key: item.rank for item in items}
    assert ranks["devops.pipeline@2"] < ranks["devops.pipeline@3"] < ranks["devops.monitoring@3"]


def test_a_first_step_above_the_prerequisite_level_waits_for_it(small_bank):
    # monitoring already at 3 (median), its step to 4 still needs the pipeline at 3
    items = backlog(small_bank, {"devops.pipeline": 1, "devops.monitoring": 3})
    assert next(item for item in items if item.key == "devops.monitoring@4").depends_on == (
        "devops.pipeline@3",
    )


def test_a_prerequisite_holds_back_an_item_that_would_otherwise_rank_first(small_bank):
    # the product owner question has the higher priority, but needs culture.vision at level 2 first
    items = backlog(
        small_bank,
        {"culture.vision": 1, "skills.product-owner": 1},
        focus_steps=("product-backlog",),
        question_targets={"culture.vision": 2},
    )
    assert keys(items)[:2] == ["culture.vision@2", "skills.product-owner@2"]
    assert (items[0].priority, items[1].priority) == (3.0, 6.0)  # 1·2·1.5/1 and 3·1·2/1
    assert items[1].depends_on == ("culture.vision@2",)


def test_a_prerequisite_already_met_adds_no_dependency(small_bank):
    items = backlog(small_bank, {"devops.pipeline": 3, "devops.monitoring": 1})
    assert next(item for item in items if item.key == "devops.monitoring@2").depends_on == ()


def test_a_prerequisite_above_the_target_gates_no_planned_step(small_bank):
    # sandbox needs contracts at level 5 only for its own level 5, beyond the target 4
    items = backlog(small_bank, {"procurement.contracts": 2, "procurement.sandbox": 1})
    assert next(item for item in items if item.key == "procurement.sandbox@2").depends_on == ()
    items = backlog(
        small_bank, {"procurement.contracts": 2, "procurement.sandbox": 1}, area_targets={"procurement": 5}
    )
    assert next(item for item in items if item.key == "procurement.sandbox@5").depends_on == (
        "procurement.sandbox@4",
        "procurement.contracts@5",
    )


def test_focus_on_a_step_raises_the_priority_of_the_questions_feeding_it(small_bank):
    answers = {"culture.learning": 2, "skills.product-owner": 2, "culture.vision": 4, "skills.unit": 4}
    plain = {item.key: item.priority for item in backlog(small_bank, answers)}
    focused_items = backlog(small_bank, answers, focus_steps=("product-backlog",))
    focused = {item.key: item.priority for item in focused_items}
    assert plain["culture.learning@3"] == plain["skills.product-owner@3"] == 1.0
    assert focused["skills.product-owner@3"] == 2.0  # link 1 to the focus step doubles it
    assert focused["culture.learning@3"] == 1.0
    assert keys(focused_items)[0] == "skills.product-owner@3"
    reason = focused_items[0].reason
    assert "feeds your focus step 'Prioritised backlog and product owner'" in reason


def test_focus_on_a_pillar_counts_its_link_weight(small_bank):
    items = backlog(small_bank, {"culture.learning": 2}, focus_pillars=("data",))
    assert items[0].priority == pytest.approx(2 * 1 * 1.5 / 2)  # gap 2, weight 1, data link 0.5, effort M
    assert "focus pillar 'Accessible data'" in items[0].reason


def test_larger_effort_lowers_priority(small_bank):
    items = {
        item.key: item.priority
        for item in backlog(small_bank, {"culture.learning": 1}, area_targets={"culture": 5})
    }
    # gap 4, weight 1: S costs 1, M 2, L 4
    assert (items["culture.learning@2"], items["culture.learning@3"], items["culture.learning@5"]) == (
        4.0,
        2.0,
        1.0,
    )


def test_question_targets_override_the_area_target(small_bank):
    items = backlog(
        small_bank, {"culture.learning": 2, "culture.vision": 2}, question_targets={"culture.vision": 5}
    )
    assert [key for key in keys(items) if key.startswith("culture.vision")] == [
        "culture.vision@3",
        "culture.vision@4",
        "culture.vision@5",
    ]
    assert [key for key in keys(items) if key.startswith("culture.learning")] == [
        "culture.learning@3",
        "culture.learning@4",
    ]


def test_a_fractional_area_target_is_rounded_up_for_its_questions(small_bank):
    rows = [("A", "r1", "devops.pipeline", 3)]
    result = score_assessment(answers_table(rows), small_bank, ScoringOptions(area_targets={"devops": 3.5}))
    areas = {area.id: area for area in result.areas}
    assert areas["devops"].target == 3.5
    assert areas["devops"].gap == pytest.approx(0.5)
    assert keys(result.backlog) == ["devops.pipeline@4"]


def test_step_targets_are_the_weighted_mean_of_their_question_targets(small_bank):
    rows = [("A", "r1", "devops.pipeline", 3)]
    options = ScoringOptions(question_targets={"devops.pipeline": 5})
    steps = {step.id: step for step in score_assessment(answers_table(rows), small_bank, options).steps}
    # devops-cloud: pipeline (3 × 1) at 5, monitoring (1 × 0.5) at 4
    assert steps["devops-cloud"].target == pytest.approx((3 * 5 + 0.5 * 4) / 3.5)


def test_a_question_at_or_above_its_target_gets_no_items(small_bank):
    assert backlog(small_bank, {"culture.vision": 4, "culture.learning": 5}) == ()


def test_a_mean_just_below_a_whole_level_from_rounding_counts_as_that_level(small_bank):
    rows = [("A", f"r{i}", "culture.vision", answer) for i, answer in enumerate([3, 3, 4, 4, 4, 4])]
    rows += [("A", f"r{i}", "culture.vision", 5) for i in range(6, 9)]
    # mean (2·3 + 4·4 + 3·5) / 9 = 37/9 ≈ 4.11: level 4, no item at the default target
    assert score_assessment(answers_table(rows), small_bank).backlog == ()


def test_not_applicable_only_questions_get_no_items_and_dont_know_only_ones_one_find_out_item(small_bank):
    items = backlog(small_bank, {"culture.vision": NOT_APPLICABLE, "skills.unit": DONT_KNOW})
    assert keys(items) == ["skills.unit@find-out"]
    assert items[0].find_out
    assert items[0].reason.startswith('Find out first: 1 of 1 respondent answered "don\'t know"')


def test_an_item_whose_dependency_did_not_fit_is_unscheduled_too(small_bank):
    rows = [("A", "r1", "devops.pipeline", 1), ("A", "r1", "devops.monitoring", 1)]
    options = ScoringOptions(wip_limits={"now": 1, "next": 0, "later": 0})
    roadmap = score_assessment(answers_table(rows), small_bank, options).roadmap
    placed = {horizon.id: keys(horizon.items) for horizon in roadmap.horizons}
    # one at a time in Now: the month-long steps follow each other; a quarter-long step started
    # in month 1 or 2 would run into Next, which has no capacity
    assert placed == {"now": ["devops.pipeline@2", "devops.monitoring@2"], "next": [], "later": []}
    assert keys(roadmap.unscheduled) == [
        "devops.pipeline@3",
        "devops.pipeline@4",
        "devops.monitoring@3",
        "devops.monitoring@4",
    ]


def test_a_month_long_action_frees_its_place_within_the_quarter(small_bank):
    rows = [("A", "r1", question, 1) for question in ("culture.vision", "devops.pipeline", "skills.unit")]
    options = ScoringOptions(wip_limits={"now": 1, "next": 1, "later": 1})
    roadmap = score_assessment(answers_table(rows), small_bank, options).roadmap
    placed = {horizon.id: keys(horizon.items) for horizon in roadmap.horizons}
    # three one-month steps (S) run one after another in months 0, 1 and 2 of one place in Now;
    # a quarter-long step (M) holds its place for three months
    assert placed["now"] == ["devops.pipeline@2", "culture.vision@2", "skills.unit@2"]
    assert placed["next"] == ["devops.pipeline@3", "devops.pipeline@4", "culture.vision@3"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ScoringOptions(area_targets={"kultur": 4}), "area target for unknown area 'kultur'"),
        (ScoringOptions(area_targets={"culture": 6}), "area target 6 for 'culture' is not between 1 and 5"),
        (
            ScoringOptions(question_targets={"culture.vision": 4.5}),
            "question target 4.5 for 'culture.vision'",
        ),
        (ScoringOptions(question_targets={"culture.nope": 4}), "unknown question 'culture.nope'"),
        (ScoringOptions(focus_steps=("devops",)), "focus step 'devops' is not one of"),
        (ScoringOptions(focus_pillars=("safety",)), "focus pillar 'safety' is not one of"),
        (ScoringOptions(wip_limits={"now": -1}), "WIP limit -1 for 'now'"),
        (ScoringOptions(wip_limits={"soon": 3}), "unknown horizon 'soon'"),
    ],
)
def test_options_that_do_not_fit_the_bank_are_rejected_with_the_reason(small_bank, options, message):
    with pytest.raises(OptionsError, match=message):
        score_assessment(answers_table([("A", "r1", "culture.vision", 3)]), small_bank, options)


def test_wip_limits_not_given_keep_their_defaults(small_bank):
    rows = [("A", "r1", question, 1) for question in ("culture.vision", "devops.pipeline", "skills.unit")]
    roadmap = score_assessment(answers_table(rows), small_bank, ScoringOptions(wip_limits={"now": 2})).roadmap
    assert [horizon.limit for horizon in roadmap.horizons] == [2, 5, 5]
