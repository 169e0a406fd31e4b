"""A find-out backlog item adopted into a plan reads as one wherever the plan is shown or
exported: never "reaches level 1" nor "from level 1 to 1"."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from openpyxl import load_workbook

from assessment import services
from assessment.db import session_scope
from assessment.plan_exchange import XLSX_COLUMNS, export_plan
from assessment.records import PlanInfo
from tests.factories import OPERATOR, make_answered_assessment

FIND_OUT = "culture.q1@find-out"
STEP = "devops.q1@4"
QUESTION = "How far along is practice 1 of culture?"


def adopted(engine) -> PlanInfo:
    with session_scope(engine) as session:
        made = make_answered_assessment(
            session,
            {"Lead": {"culture.q1": "dont_know", "devops.q1": 3}},
            question_targets={},
            assessed_on=date(2025, 3, 1),
        )
        return services.adopt_backlog(
            session=session, actor=OPERATOR, assessment_id=made.assessment.id, keys=[FIND_OUT, STEP]
        )


def items(plan: PlanInfo):
    return {item.key: item for item in plan.items}


def test_its_acceptance_criteria_say_to_find_out_where_you_stand_not_a_level(engine):
    found = items(adopted(engine))
    find_out = found[FIND_OUT]
    assert find_out.title == f"Find out where you stand on “{QUESTION}”"
    assert find_out.acceptance == (
        f"Found out where you stand: the people who know answered “{QUESTION}” with a level, "
        'not "don\'t know", so its steps can be planned.'
    )
    assert "level 1" not in find_out.acceptance.lower()
    assert found[STEP].acceptance == "Reaches level 4 (Managed): State 4 of devops.q1."  # steps unchanged


def test_the_tools_exports_describe_it_as_a_find_out_item(engine):
    plan = adopted(engine)
    jira = list(csv.DictReader(io.StringIO(export_plan(plan, "jira", unit="Finance").decode())))
    azure = list(csv.DictReader(io.StringIO(export_plan(plan, "azure-devops", unit="Finance").decode())))
    github = json.loads(export_plan(plan, "github", unit="Finance"))
    texts = {
        "jira": next(row["Description"] for row in jira if row["Summary"].startswith("Find out")),
        "azure": next(
            row["Description"] + row["Acceptance Criteria"]
            for row in azure
            if row["Title"].startswith("Find out")
        ),
        "github": next(issue["body"] for issue in github if issue["title"].startswith("Find out")),
    }
    for tool, written in texts.items():
        assert "Question culture.q1: find out where you stand; no level step is planned yet." in written, tool
        assert "from level" not in written and "level 1" not in written.lower(), tool
    step = next(issue["body"] for issue in github if issue["title"] == "Lift devops.q1 to 4")
    assert "Question devops.q1: from level 3 to 4." in step


def test_the_workbook_says_find_out_instead_of_levels(engine):
    plan = adopted(engine)
    sheet = load_workbook(io.BytesIO(export_plan(plan, "xlsx", unit="Finance"))).active
    rows = [dict(zip(XLSX_COLUMNS, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    by_key = {row["Key"]: row for row in rows}
    assert (by_key[FIND_OUT]["From level"], by_key[FIND_OUT]["To level"]) == ("find out", None)
    assert (by_key[STEP]["From level"], by_key[STEP]["To level"]) == (3, 4)
