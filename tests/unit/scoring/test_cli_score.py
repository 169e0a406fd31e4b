"""``python -m assessment score --answers FILE``: scores a file without any database."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from cli.main import main
from cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Output

CSV = """Assessment,Respondent,Question,Answer,Note
tax,anna,devops.pipeline,1,
tax,ben,devops.pipeline,3,only the web team
tax,anna,culture.vision,N/A,
health,carl,skills.unit,dk,
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def answers_csv(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(CSV, "utf-8")
    return path


def test_json_output_holds_every_assessment_with_scores_backlog_and_roadmap(small_bank, answers_csv):
    code, out, err = run("score", "--answers", str(answers_csv), "--bank", str(small_bank.source), "--json")
    assert (code, err) == (EXIT_OK, "")
    data = json.loads(out)
    assert data["bank_version"] == small_bank.version
    health, tax = data["assessments"]
    assert (health["assessment_id"], tax["assessment_id"]) == ("health", "tax")
    assert tax["overall"]["value"] == 2.0
    assert tax["overall"]["index"] == 25.0
    devops = next(area for area in tax["areas"] if area["id"] == "devops")
    assert (devops["score"]["value"], devops["score"]["coverage"]) == (2.0, 0.75)
    assert tax["discussion_points"] == ["devops.pipeline"]
    pipeline = next(q for q in tax["questions"] if q["question_id"] == "devops.pipeline")
    assert pipeline["notes"] == ["only the web team"]
    assert [item["key"] for item in tax["backlog"]][:2] == ["devops.pipeline@3", "devops.pipeline@4"]
    assert [horizon["id"] for horizon in tax["roadmap"]["horizons"]] == ["now", "next", "later"]
    assert health["overall"]["value"] is None  # only "don't know": not scored, never 0


def test_targets_focus_and_wip_limits_are_taken_from_the_command_line(small_bank, answers_csv):
    code, out, _ = run(
        "score", "--answers", str(answers_csv), "--bank", str(small_bank.source), "--json",
        "--target", "devops=3", "--focus-step", "devops-cloud", "--wip", "now=0",
    )  # fmt: skip
    tax = json.loads(out)["assessments"][1]
    assert code == EXIT_OK
    assert next(area for area in tax["areas"] if area["id"] == "devops")["target"] == 3.0
    assert tax["focus_steps"] == ["devops-cloud"]
    assert tax["roadmap"]["horizons"][0]["items"] == []


def test_the_text_summary_names_each_assessment(small_bank, answers_csv):
    code, out, _ = run("score", "--answers", str(answers_csv), "--bank", str(small_bank.source))
    assert code == EXIT_OK
    assert "assessment tax: 2 respondent(s), overall 2.00" in out
    assert "discussion points: devops.pipeline" in out


def test_bad_rows_are_listed_by_file_line_and_nothing_is_scored(small_bank, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "assessment,respondent,question,answer\ntax,anna,devops.pipeline,3\ntax,ben,devops.pipe,abc\n"
    )
    code, out, err = run("score", "--answers", str(path), "--bank", str(small_bank.source), "--json")
    assert code == EXIT_PROBLEMS
    assert (
        f"{path}:3: question 'devops.pipe' is not in the question bank — did you mean 'devops.pipeline'?"
        in out
    )
    assert f"{path}:3: answer 'abc' is not a level 1 to 5" in out
    assert "2 problem(s)" in err
    assert "{" not in out


def test_an_empty_cell_is_an_empty_answer_not_a_guess(small_bank, tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("assessment,respondent,question,answer\ntax,anna,devops.pipeline,\n")
    code, out, _ = run("score", "--answers", str(path), "--bank", str(small_bank.source))
    assert code == EXIT_PROBLEMS
    assert f"{path}:2: answer is empty" in out


def test_a_file_without_answers_is_a_clear_error(small_bank, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("assessment,respondent,question,answer\n")
    code, _, err = run("score", "--answers", str(path), "--bank", str(small_bank.source))
    assert (code, err) == (EXIT_PROBLEMS, f"error: {path} has no answers to score\n")


def test_a_missing_file_is_a_clear_error(small_bank, tmp_path):
    code, _, err = run("score", "--answers", str(tmp_path / "nope.csv"), "--bank", str(small_bank.source))
    assert code == EXIT_PROBLEMS
    assert err.startswith(f"error: cannot read {tmp_path / 'nope.csv'}")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--target", "devops"], "--target takes NAME=NUMBER, not 'devops'"),
        (["--focus-step", "speed"], "focus step 'speed' is not one of"),
        (["7"], "give either an assessment ID or --answers FILE, not both"),
    ],
)
def test_usage_mistakes_exit_with_the_usage_code(small_bank, answers_csv, extra, message):
    code, _, err = run("score", "--answers", str(answers_csv), "--bank", str(small_bank.source), *extra)
    assert code == EXIT_USAGE
    assert message in err


def test_an_xlsx_file_scores_like_the_csv(small_bank, answers_csv, tmp_path):
    path = tmp_path / "answers.xlsx"
    pd.read_csv(answers_csv, dtype=str, keep_default_na=False).to_excel(path, index=False)
    from_csv = run("score", "--answers", str(answers_csv), "--bank", str(small_bank.source), "--json")
    from_xlsx = run("score", "--answers", str(path), "--bank", str(small_bank.source), "--json")
    assert from_xlsx == from_csv
