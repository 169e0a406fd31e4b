"""The plan's file formats without a database: documented columns, and reading tools' exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.plan_exchange import AZURE_COLUMNS, JIRA_COLUMNS, PlanFileError, read_statuses

DOC = Path(__file__).resolve().parents[3] / "docs" / "backlog.md"


def test_the_columns_docs_backlog_md_lists_are_exactly_the_exported_ones():
    doc = DOC.read_text("utf-8")
    assert ", ".join(f"`{column}`" for column in JIRA_COLUMNS) in doc
    assert ", ".join(f"`{column}`" for column in AZURE_COLUMNS) in doc


def test_azure_devops_states_and_tags_are_read_by_key_case_insensitively():
    data = (
        "\ufeffID,Work Item Type,Title,State,Tags\n"
        '7,User Story,A,ACTIVE,"wayfinder; wayfinder-culture.q1@3; area-culture"\n'
        "8,User Story,B,Removed,wayfinder-devops.q1@4\n"
    ).encode()
    assert [(row.row, row.key, row.status) for row in read_statuses(data)] == [
        (2, "culture.q1@3", "in progress"),
        (3, "devops.q1@4", "dropped"),
    ]


def test_jira_done_with_a_wont_do_resolution_is_dropped_and_blank_rows_are_skipped():
    data = (
        b"Summary,Status,Resolution,Labels,Labels\n"
        b"A,Done,Won't Do,wayfinder,wayfinder-a.b@2\n"
        b",,,,\n"
        b"B,Closed,Fixed,wayfinder-a.b@3,\n"
    )
    assert [(row.row, row.status) for row in read_statuses(data)] == [(2, "dropped"), (4, "done")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe", "not UTF-8"),
        (b"Summary,Status,Labels\n", "the file has no rows"),
        (b"Summary,Status,Labels\nA,Done,x,y\n", "row 2: 4 cells but 3 columns"),
        (
            b"Summary,Status,Labels,Labels\nA,Done,wayfinder-a.b@2,wayfinder-a.b@3\n",
            "row 2: several item keys",
        ),
    ],
)
def test_a_file_that_cannot_be_read_back_says_why_and_where(data, message):
    with pytest.raises(PlanFileError, match=message):
        read_statuses(data)
