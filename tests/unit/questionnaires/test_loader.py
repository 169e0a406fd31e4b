from __future__ import annotations

import os
from pathlib import Path

import pytest

from questionnaires import BankError, check_bank, load_bank


def problems_text(bank_dir: Path) -> list[str]:
    return [str(problem) for problem in check_bank(bank_dir)]


def test_a_valid_bank_loads_into_typed_questions_in_area_order(bank_dir):
    bank = load_bank(bank_dir)
    assert [q.id for q in bank.questions] == [
        "culture.first",
        "devops.first",
        "architecture.first",
        "procurement.first",
        "skills.first",
    ]
    question = bank.question("devops.first")
    assert question.area == "devops"
    assert question.levels[5].startswith("Observable state 5")
    assert question.action_to(3).title == "Reach level 3"
    assert bank.framework.level_name(4) == "Managed"


def test_non_ascii_text_loads_unchanged(make_question, bank_dir, area_writer):
    area_writer(
        "culture",
        [make_question("culture.first", text="Wie digital ist Zürich? Πόσο ψηφιακή είναι η Ελλάδα;")],
    )
    bank = load_bank(bank_dir)
    assert bank.question("culture.first").text == "Wie digital ist Zürich? Πόσο ψηφιακή είναι η Ελλάδα;"


def test_an_unknown_step_names_file_question_and_step(make_question, bank_dir, area_writer):
    area_writer("devops", [make_question("devops.first", steps={"devops-cloud": 1, "teleportation": 1})])
    [problem] = problems_text(bank_dir)
    assert problem.startswith(
        "areas/devops.yaml: question 'devops.first': unknown guiding step 'teleportation'"
    )


def test_an_unknown_pillar_names_file_question_and_pillar(make_question, bank_dir, area_writer):
    area_writer("skills", [make_question("skills.first", pillars={"happiness": 1})])
    [problem] = problems_text(bank_dir)
    assert "areas/skills.yaml: question 'skills.first': unknown pillar 'happiness'" in problem


def test_a_duplicate_question_id_across_files_is_reported_with_both_files(
    make_question, bank_dir, area_writer
):
    area_writer("culture", [make_question("culture.first"), make_question("culture.first")])
    [problem] = problems_text(bank_dir)
    assert problem == (
        "areas/culture.yaml: question 'culture.first': "
        "duplicate question id (already defined in areas/culture.yaml)"
    )


def test_a_question_filed_under_another_area_is_rejected(make_question, bank_dir, area_writer):
    area_writer("skills", [make_question("skills.first"), make_question("culture.stray")])
    assert problems_text(bank_dir) == [
        "areas/skills.yaml: question 'culture.stray': id must start with the file's area, 'skills.'"
    ]


def test_a_missing_level_descriptor_names_the_level(make_question, bank_dir, area_writer):
    question = make_question("architecture.first")
    del question["levels"][3]
    area_writer("architecture", [question])
    [problem] = problems_text(bank_dir)
    assert problem.startswith("areas/architecture.yaml: question 'architecture.first': levels:")
    assert "missing level descriptor(s) for level 3" in problem


def test_a_missing_action_names_the_step_up(make_question, bank_dir, area_writer):
    question = make_question("architecture.first")
    del question["actions"][5]
    area_writer("architecture", [question])
    [problem] = problems_text(bank_dir)
    assert "question 'architecture.first': actions: missing action(s) for the step up to level 5" in problem


def test_a_prerequisite_pointing_nowhere_is_reported(make_question, bank_dir, area_writer):
    area_writer(
        "procurement",
        [make_question("procurement.first", prerequisites=[{"question": "procurement.ghost", "level": 3}])],
    )
    assert problems_text(bank_dir) == [
        "areas/procurement.yaml: question 'procurement.first': "
        "prerequisite 'procurement.ghost' is not a question in the bank"
    ]


def test_a_cycle_in_prerequisites_is_reported_with_its_path(make_question, bank_dir, area_writer):
    area_writer(
        "devops",
        [
            make_question("devops.first", prerequisites=[{"question": "devops.second", "level": 2}]),
            make_question("devops.second", prerequisites=[{"question": "culture.first", "level": 2}]),
        ],
    )
    area_writer(
        "culture", [make_question("culture.first", prerequisites=[{"question": "devops.first", "level": 3}])]
    )
    problems = problems_text(bank_dir)
    assert len(problems) == 1
    assert "prerequisites form a cycle: " in problems[0]
    cycle = problems[0].split("cycle: ")[1].split(" -> ")
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"culture.first", "devops.first", "devops.second"}


def test_bad_yaml_names_the_file_and_the_line(bank_dir):
    (bank_dir / "areas" / "skills.yaml").write_text("area: skills\nquestions:\n  - id: [unclosed\n", "utf-8")
    problems = problems_text(bank_dir)
    assert any(p.startswith("areas/skills.yaml: invalid YAML at line") for p in problems)


def test_an_unknown_field_is_an_error_not_silently_ignored(make_question, bank_dir, area_writer):
    area_writer("culture", [make_question("culture.first", wieght=3)])
    [problem] = problems_text(bank_dir)
    assert "question 'culture.first': wieght: Extra inputs are not permitted" in problem


def test_every_problem_is_listed_at_once(make_question, bank_dir, area_writer):
    area_writer("devops", [make_question("devops.first", steps={"nope": 1})])
    area_writer("skills", [make_question("skills.first", pillars={"nada": 1})])
    (bank_dir / "areas" / "culture.yaml").write_text("{{{", "utf-8")
    problems = problems_text(bank_dir)
    assert len(problems) == 3
    with pytest.raises(BankError) as raised:
        load_bank(bank_dir)
    assert raised.value.problems == check_bank(bank_dir)
    assert "3 problem(s)" in str(raised.value)


def test_an_empty_or_missing_framework_is_reported(bank_dir):
    (bank_dir / "framework.yaml").write_text("", "utf-8")
    assert "framework.yaml: is empty" in problems_text(bank_dir)
    (bank_dir / "framework.yaml").unlink()
    assert any(p.startswith("framework.yaml: cannot be read") for p in problems_text(bank_dir))


def test_loading_is_cached_until_a_file_changes(make_question, bank_dir, area_writer):
    first = load_bank(bank_dir)
    assert load_bank(bank_dir) is first
    path = area_writer("culture", [make_question("culture.first", text="Changed wording?")])
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    reloaded = load_bank(bank_dir)
    assert reloaded is not first
    assert reloaded.question("culture.first").text == "Changed wording?"
    assert reloaded.version != first.version


def test_the_content_version_is_a_stable_hash_of_the_files(bank_dir, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(bank_dir, copy)
    assert load_bank(copy).version == load_bank(bank_dir).version
    assert len(load_bank(bank_dir).version) == 12
