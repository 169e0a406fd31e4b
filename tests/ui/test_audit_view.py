"""The audit trail's table: actions and objects named in the reader's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assessment.records import AuditInfo
from questionnaires.i18n import language
from ui.audit_view import audit_table, matching, page_of

EVENT = AuditInfo(
    1, datetime(2026, 11, 26, 9, 30, tzinfo=UTC), "ada@example.org", "create", "unit", 3, 1, "x"
)


@pytest.mark.parametrize(
    ("code", "action", "unit"),
    [("en", "create", "unit 3"), ("fr", "création", "unité 3"), ("de", "Anlegen", "Einheit 3")],
)
def test_actions_and_objects_are_named_in_the_readers_language(code, action, unit):
    with language(code):
        row = audit_table([EVENT]).iloc[0]
    assert (row.iloc[2], row.iloc[3], row.iloc[4]) == (action, unit, "x")


def test_a_page_past_the_last_shows_the_last_and_an_empty_trail_one_empty_page():
    table = audit_table([EVENT] * 120)

    last = page_of(table, 9)
    assert (last.number, last.pages, last.first, last.last, len(last.rows)) == (3, 3, 101, 120, 20)
    empty = page_of(audit_table([]), 2)
    assert (empty.number, empty.pages, empty.first, empty.last) == (1, 1, 0, 0)
    assert empty.caption() == "0 rows, newest first."


def test_a_search_matches_any_column_ignoring_case_and_a_blank_one_keeps_every_row():
    table = audit_table([EVENT, replace(EVENT, actor="bo@example.org", detail="Board pack")])

    assert list(matching(table, "  board ")["Who"]) == ["bo@example.org"]
    assert list(matching(table, "ADA@")["Who"]) == ["ada@example.org"]
    assert len(matching(table, "  ")) == 2
    assert matching(table, "(unit").empty, "the search is text, not a pattern"
