"""The audit trail's table: actions and objects named in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assessment.records import AuditInfo
from questionnaires.i18n import language
from ui.audit_view import audit_table

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
