"""The audit trail as a table, a searched and paged table, and a CSV file: plain data, no
Streamlit (the audit page renders it)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from assessment.file_formats import neutralise
from assessment.records import AuditInfo
from assessment.services.audit import ACTIONS, OBJECT_KINDS
from questionnaires.i18n import _, ngettext
from scoring.formatting import count_text, moment_text

PAGE_ROWS = 50  # rows of the trail drawn at once: a year of a busy organisation is thousands


def audit_table(events: Sequence[AuditInfo]) -> pd.DataFrame:
    """One row per audited action, newest first as the service gives them: the action and the
    object in the reader's language; the detail as it was recorded."""
    rows = [
        {
            _("When (UTC)"): moment_text(event.at),
            _("Who"): event.actor,
            _("Action"): str(ACTIONS.get(event.action, event.action)),
            _("Object"): " ".join(
                [str(OBJECT_KINDS.get(event.object_kind, event.object_kind))]
                + ([] if event.object_id is None else [str(event.object_id)])
            ),
            _("Detail"): event.detail or "",
        }
        for event in events
    ]
    return pd.DataFrame(rows, columns=[_("When (UTC)"), _("Who"), _("Action"), _("Object"), _("Detail")])


def matching(table: pd.DataFrame, search: str) -> pd.DataFrame:
    """The rows with ``search`` in any cell, ignoring case (all rows for a blank search)."""
    words = search.strip().casefold()
    if not words or table.empty:
        return table
    found = table.apply(lambda column: column.astype(str).str.casefold().str.contains(words, regex=False))
    return table[found.any(axis=1)]


@dataclass(frozen=True)
class TablePage:
    """Rows ``first``–``last`` (counted from 1) of ``total``, as page ``number`` of ``pages``."""

    rows: pd.DataFrame
    number: int
    pages: int
    first: int
    last: int
    total: int

    def caption(self) -> str:
        if self.pages == 1:
            return ngettext("{count} row, newest first.", "{count} rows, newest first.", self.total).format(
                count=count_text(self.total)
            )
        return _("Rows {first}–{last} of {total}, newest first.").format(
            first=count_text(self.first), last=count_text(self.last), total=count_text(self.total)
        )


def page_of(table: pd.DataFrame, number: int, *, size: int = PAGE_ROWS) -> TablePage:
    """Page ``number`` (from 1, kept within the pages there are) of ``table``, ``size`` rows each."""
    pages = max(1, math.ceil(len(table) / size))
    number = min(max(1, number), pages)
    start = (number - 1) * size
    rows = table.iloc[start : start + size]
    return TablePage(rows, number, pages, start + 1 if len(rows) else 0, start + len(rows), len(table))


def audit_csv(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV; a cell a spreadsheet would run as a formula is made inert."""
    return table.map(neutralise).to_csv(index=False).encode("utf-8")
