"""A unit's plan in the team's tools: Jira and Azure DevOps CSV, GitHub-issues JSON, XLSX; and the
statuses back from Jira's and Azure DevOps' own CSV exports.

Every exported item carries its stable key as a label (Jira, GitHub) or tag (Azure DevOps):
``wayfinder-<question>@<level>``. Reading an export back finds each row's item by that label,
so a tool's own ids never matter. The column names, the status mapping and the documentation
they come from are in ``docs/backlog.md``. Text cells are neutralised against formula
injection as every other export is (:func:`assessment.file_formats.neutralise`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Final

from openpyxl import Workbook

from assessment.errors import InvalidInputError
from assessment.file_formats import neutralise, xlsx_cell
from assessment.records import PlanInfo, PlanItemInfo, StatusRow
from questionnaires.i18n import _
from questionnaires.problem_text import listed
from scoring.backlog import is_find_out

FORMATS: tuple[str, ...] = ("jira", "azure-devops", "github", "xlsx")
SUFFIXES: Final[Mapping[str, str]] = {"jira": "csv", "azure-devops": "csv", "github": "json", "xlsx": "xlsx"}
KEY_PREFIX = "wayfinder-"
PLAN_LABEL = "wayfinder"

# Jira's CSV importer: a header row with a Summary column; repeated columns give several values.
JIRA_LABEL_COLUMNS = 3
JIRA_COLUMNS: tuple[str, ...] = (
    "Summary",
    "Issue Type",
    "Status",
    "Resolution",
    "Due Date",
    "Description",
    *("Labels",) * JIRA_LABEL_COLUMNS,
)
JIRA_ISSUE_TYPE = "Task"
JIRA_STATUS: Final[Mapping[str, str]] = {
    "planned": "To Do",
    "in progress": "In Progress",
    "done": "Done",
    "dropped": "Done",
}
JIRA_DROPPED_RESOLUTION = "Won't Do"
# Azure DevOps' work-item import: Work Item Type and Title at least; no State (new items start
# "New"); tags separated by "; ".
AZURE_COLUMNS: tuple[str, ...] = ("Work Item Type", "Title", "Description", "Acceptance Criteria", "Tags")
AZURE_WORK_ITEM_TYPE = "User Story"
TAG_SEPARATOR = "; "

# What a tool's export says → the plan's status. Compared case-insensitively.
JIRA_STATUSES: Final[Mapping[str, str]] = {
    "to do": "planned",
    "open": "planned",
    "backlog": "planned",
    "selected for development": "planned",
    "in progress": "in progress",
    "in review": "in progress",
    "done": "done",
    "closed": "done",
    "resolved": "done",
}
JIRA_NOT_DONE_RESOLUTIONS = frozenset({"won't do", "won't fix", "duplicate", "cannot reproduce", "declined"})
AZURE_STATES: Final[Mapping[str, str]] = {
    "new": "planned",
    "approved": "planned",
    "to do": "planned",
    "active": "in progress",
    "committed": "in progress",
    "doing": "in progress",
    "resolved": "done",
    "closed": "done",
    "done": "done",
    "removed": "dropped",
}


class PlanFileError(InvalidInputError):
    """A tool's export that cannot be read back; the message lists every problem by row."""


def export_plan(plan: PlanInfo, fmt: str, *, unit: str) -> bytes:
    """The plan as ``fmt`` ("jira", "azure-devops", "github" or "xlsx"), one row or issue per item."""
    writers: dict[str, Callable[[PlanInfo, str], bytes]] = {
        "jira": _jira,
        "azure-devops": _azure,
        "github": _github,
        "xlsx": _xlsx,
    }
    if fmt not in writers:
        raise InvalidInputError(
            _("unknown plan format '{format}' (formats: {formats})").format(
                format=fmt, formats=", ".join(FORMATS)
            )
        )
    return writers[fmt](plan, unit)


def key_label(item: PlanItemInfo) -> str:
    return f"{KEY_PREFIX}{item.key}"


def description(item: PlanItemInfo, unit: str) -> str:
    """The text every tool gets: the action, where it came from, and how it stands."""
    lines = [
        item.description,
        "",
        f"Acceptance criteria: {item.acceptance}",
        _source_line(item),
        f"Why: {item.reason}",
        f"Owner: {item.owner or 'not named yet'}",
    ]
    if item.notes:
        lines.append(f"Notes: {item.notes}")
    lines.append(f"From Wayfinder, the plan of {unit}; key {item.key}.")
    return "\n".join(lines)


def _source_line(item: PlanItemInfo) -> str:
    if is_find_out(item.key):
        return f"Question {item.question_id}: find out where you stand; no level step is planned yet."
    return f"Question {item.question_id}: from level {item.from_level} to {item.to_level}."


def read_statuses(data: bytes) -> list[StatusRow]:
    """Each row's item key and plan status from Jira's or Azure DevOps' CSV export.

    The tool is recognised by its columns (Jira: Status and Labels; Azure DevOps: State and
    Tags). Rows are numbered as a spreadsheet shows them (the header is row 1). Every problem
    (no key label, two keys, an unknown status) is collected and raised at once.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFileError(
            _("the file is not UTF-8 text (byte {position})").format(position=error.start)
        ) from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise PlanFileError(_("the file is empty"))
    header = [name.strip() for name in rows[0]]
    problems: list[str] = []
    found: list[StatusRow] = []
    if "Status" in header and "Labels" in header:
        read: Callable[[list[str]], tuple[list[str], str, str | None]] = _jira_reader(header)
        tool = "Jira"
    elif "State" in header and "Tags" in header:
        read = _azure_reader(header)
        tool = "Azure DevOps"
    else:
        raise PlanFileError(
            _(
                "not a Jira export (columns Status and Labels) nor an Azure DevOps export (columns State "
                "and Tags); its columns are: {columns}"
            ).format(columns=", ".join(header) or _("none"))
        )
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(
                _("row {row}: {cells} cells but {columns} columns").format(
                    row=number, cells=len(row), columns=len(header)
                )
            )
            continue
        keys, written, status = read(row + [""] * (len(header) - len(row)))
        here = []
        if not keys:
            missing = (
                _("row {row}: no '{prefix}…' label, so it matches no plan item")
                if tool == "Jira"
                else _("row {row}: no '{prefix}…' tag, so it matches no plan item")
            )
            here.append(missing.format(row=number, prefix=KEY_PREFIX))
        elif len(keys) > 1:
            here.append(_("row {row}: several item keys ({keys})").format(row=number, keys=", ".join(keys)))
        if status is None:
            here.append(
                _("row {row}: the {tool} status '{status}' is not one Wayfinder knows").format(
                    row=number, tool=tool, status=written
                )
            )
        problems.extend(here)
        if not here and status is not None:
            found.append(StatusRow(number, keys[0], status))
    if problems:
        raise PlanFileError(_("{problems}; nothing was changed").format(problems=listed(problems)))
    if not found:
        raise PlanFileError(_("the file has no rows"))
    return found


# --- writers --------------------------------------------------------------------------------


def _labels(item: PlanItemInfo) -> list[str]:
    return [PLAN_LABEL, key_label(item), f"area-{item.area}"]


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """Plain UTF-8 (the tools' importers read it; a BOM would become part of the first column name)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([["" if cell is None else neutralise(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _jira(plan: PlanInfo, unit: str) -> bytes:
    rows = [
        [
            item.title,
            JIRA_ISSUE_TYPE,
            JIRA_STATUS[item.status],
            JIRA_DROPPED_RESOLUTION if item.status == "dropped" else "",
            item.due_on.isoformat() if item.due_on else "",
            description(item, unit),
            *_labels(item),
        ]
        for item in plan.items
    ]
    return _csv(JIRA_COLUMNS, rows)


def _azure(plan: PlanInfo, unit: str) -> bytes:
    rows = [
        [
            AZURE_WORK_ITEM_TYPE,
            item.title,
            description(item, unit),
            item.acceptance,
            TAG_SEPARATOR.join(_labels(item)),
        ]
        for item in plan.items
    ]
    return _csv(AZURE_COLUMNS, rows)


def _github(plan: PlanInfo, unit: str) -> bytes:
    """A JSON array; each element is the body of GitHub's "create an issue" request."""
    issues = [
        {"title": item.title, "body": description(item, unit), "labels": _labels(item)} for item in plan.items
    ]
    return json.dumps(issues, ensure_ascii=False, indent=2).encode("utf-8")


XLSX_COLUMNS: tuple[str, ...] = (
    "Key",
    "Title",
    "Status",
    "Owner",
    "Due date",
    "Acceptance criteria",
    "Notes",
    "Question",
    "From level",
    "To level",
    "Area",
    "Effort",
    "Priority",
    "Rank",
    "Steps",
    "Pillars",
    "Why",
    "Description",
)


FIND_OUT_CELL = "find out"  # a find-out item's "From level": it lifts the question to no level


def _xlsx(plan: PlanInfo, unit: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    sheet.freeze_panes = "A2"
    sheet.append(list(XLSX_COLUMNS))
    for item in plan.items:
        row = [
            item.key,
            item.title,
            item.status,
            item.owner,
            item.due_on,
            item.acceptance,
            item.notes,
            item.question_id,
            *((FIND_OUT_CELL, None) if is_find_out(item.key) else (item.from_level, item.to_level)),
            item.area,
            item.effort,
            item.priority,
            item.rank,
            ", ".join(item.steps),
            ", ".join(item.pillars),
            item.reason,
            item.description,
        ]
        sheet.append([xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- readers --------------------------------------------------------------------------------


def _keys(values: Sequence[str]) -> list[str]:
    return [value.strip()[len(KEY_PREFIX) :] for value in values if value.strip().startswith(KEY_PREFIX)]


def _jira_reader(header: list[str]) -> Callable[[list[str]], tuple[list[str], str, str | None]]:
    status_at = header.index("Status")
    resolution_at = header.index("Resolution") if "Resolution" in header else None
    label_columns = [index for index, name in enumerate(header) if name == "Labels"]

    def read(row: list[str]) -> tuple[list[str], str, str | None]:
        written = row[status_at].strip()
        status = JIRA_STATUSES.get(written.casefold())
        resolution = row[resolution_at].strip().casefold() if resolution_at is not None else ""
        if status == "done" and resolution in JIRA_NOT_DONE_RESOLUTIONS:
            status = "dropped"
        return _keys([row[index] for index in label_columns]), written, status

    return read


def _azure_reader(header: list[str]) -> Callable[[list[str]], tuple[list[str], str, str | None]]:
    state_at, tags_at = header.index("State"), header.index("Tags")

    def read(row: list[str]) -> tuple[list[str], str, str | None]:
        written = row[state_at].strip()
        return _keys(row[tags_at].split(";")), written, AZURE_STATES.get(written.casefold())

    return read
