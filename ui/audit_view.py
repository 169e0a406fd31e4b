"""The audit trail as a table and as a CSV file: plain data, no Streamlit (the audit page renders it)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assessment.exporting import neutralise
from assessment.records import AuditInfo
from assessment.services.audit import ACTIONS, OBJECT_KINDS
from questionnaires.i18n import _
from scoring.formatting import moment_text


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


def audit_csv(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV; a cell a spreadsheet would run as a formula is made inert."""
    return table.map(neutralise).to_csv(index=False).encode("utf-8")
