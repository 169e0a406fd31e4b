from __future__ import annotations

import io
import json

from cli.main import main
from cli.output import Output


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def test_bank_json_prints_framework_areas_and_questions(bank_dir):
    code, out, _ = run("bank", "--json", "--bank", str(bank_dir))
    assert code == 0
    data = json.loads(out)
    assert [area["id"] for area in data["areas"]] == [
        "culture",
        "devops",
        "architecture",
        "procurement",
        "skills",
    ]
    question = data["areas"][1]["questions"][0]
    assert question["id"] == "devops.first"
    assert set(question) >= {
        "text",
        "help",
        "weight",
        "levels",
        "steps",
        "pillars",
        "actions",
        "prerequisites",
    }
    assert question["actions"]["2"]["effort"] == "S"
    assert data["framework"]["steps"][0]["id"] == "devops-cloud"
    assert len(data["framework"]["levels"]) == 5
    assert data["version"]


def test_bank_check_lists_every_problem_and_exits_1(bank_dir, area_writer, make_question):
    area_writer("devops", [make_question("devops.first", steps={"nope": 1}, pillars={"nada": 1})])
    code, out, err = run("bank", "--check", str(bank_dir))
    assert code == 1
    assert "unknown guiding step 'nope'" in out
    assert "unknown pillar 'nada'" in out
    assert "2 problem(s)" in err


def test_bank_check_reports_coverage_gaps_of_a_thin_bank(bank_dir):
    code, out, _ = run("bank", "--check", str(bank_dir))
    assert code == 1
    assert "is fed by 0 question(s)" in out


def test_bank_json_on_a_broken_bank_fails_with_the_problem(bank_dir):
    (bank_dir / "areas" / "skills.yaml").write_text("questions: 3", "utf-8")
    code, out, err = run("bank", "--json", "--bank", str(bank_dir))
    assert code == 1
    assert out == ""
    assert "areas/skills.yaml" in err
