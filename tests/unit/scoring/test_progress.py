"""Progress since the last round, and the next backlog without what is already in progress."""

from __future__ import annotations

from questionnaires.answers import DONT_KNOW
from scoring.engine import score_assessment
from scoring.options import ScoringOptions
from scoring.progress import DoneItem, next_round, progress_since
from tests.unit.scoring.builders import answers_table


def result(bank, answers, assessment="A"):
    rows = [(assessment, "r1", question, answer) for question, answer in answers.items()]
    return score_assessment(answers_table(rows), bank)


def done(key: str, baseline: str = "A") -> DoneItem:
    question, level = key.split("@")
    return DoneItem(key, f"Lift {question} to {level}", question, int(level) - 1, int(level), baseline)


def test_a_done_item_whose_question_rose_shows_the_change_and_is_not_flagged(small_bank):
    before = result(small_bank, {"devops.pipeline": 2, "skills.unit": 3})
    after = result(small_bank, {"devops.pipeline": 3, "skills.unit": 3}, "B")
    items = progress_since(
        [done("devops.pipeline@3"), done("skills.unit@4")], {"A": before.questions}, after.questions
    )
    pipeline, unit = items
    assert (pipeline.before, pipeline.after, pipeline.delta) == (2.0, 3.0, 1.0)
    assert pipeline.moved and pipeline.reached and not pipeline.to_discuss
    assert (unit.delta, unit.moved, unit.to_discuss) == (0.0, False, True)


def test_a_question_that_fell_or_went_unanswered_is_flagged_for_discussion(small_bank):
    before = result(small_bank, {"devops.pipeline": 3, "skills.unit": 2})
    after = result(small_bank, {"devops.pipeline": 2}, "B")
    fell, unanswered = progress_since(
        [done("devops.pipeline@4"), done("skills.unit@3")], {"A": before.questions}, after.questions
    )
    assert fell.delta == -1.0 and fell.to_discuss
    assert unanswered.after is None and unanswered.delta is None and unanswered.to_discuss


def test_an_item_whose_baseline_is_gone_is_compared_with_nothing(small_bank):
    after = result(small_bank, {"devops.pipeline": 3})
    (item,) = progress_since([done("devops.pipeline@3", baseline="deleted")], {}, after.questions)
    assert item.before is None and item.to_discuss


def test_the_next_backlog_leaves_out_items_in_progress_reranks_and_replans(small_bank):
    current = result(small_bank, {"devops.pipeline": 1, "devops.monitoring": 1})
    keys = [item.key for item in current.backlog]
    assert "devops.pipeline@2" in keys
    trimmed, left = next_round(current, {"devops.pipeline@2", "nothing@9"}, ScoringOptions())
    assert [item.key for item in left] == ["devops.pipeline@2"]
    assert [item.key for item in trimmed.backlog] == [key for key in keys if key != "devops.pipeline@2"]
    assert [item.rank for item in trimmed.backlog] == list(range(1, len(keys)))
    assert all("devops.pipeline@2" not in item.depends_on for item in trimmed.backlog)
    planned = [item.key for horizon in trimmed.roadmap.horizons for item in horizon.items]
    assert "devops.pipeline@2" not in planned and "devops.pipeline@3" in planned


def test_nothing_in_progress_gives_the_result_back_as_it_is(small_bank):
    current = result(small_bank, {"devops.pipeline": 1})
    assert next_round(current, set(), ScoringOptions()) == (current, ())


def test_a_done_find_out_item_worked_when_the_question_now_has_a_level(small_bank):
    before = result(small_bank, {"skills.unit": DONT_KNOW, "devops.pipeline": DONT_KNOW})
    after = result(small_bank, {"skills.unit": 2}, "B")
    found, still_unknown = progress_since(
        [find_out("skills.unit"), find_out("devops.pipeline")], {"A": before.questions}, after.questions
    )
    assert found.before is None and found.after == 2.0
    assert found.found_out and not found.to_discuss  # it had no level to rise from
    assert not still_unknown.found_out and still_unknown.to_discuss


def find_out(question: str) -> DoneItem:
    return DoneItem(f"{question}@find-out", f"Find out where you stand on {question}", question, 1, 1, "A")
