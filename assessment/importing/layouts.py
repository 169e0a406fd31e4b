"""The two layouts of a response file, read into :class:`ParsedResponses` checked against the bank.

* **long**: one answer per row, columns ``respondent``, ``question``, ``answer`` and the
  optional ``note`` and ``role``;
* **wide**: one respondent per row, as survey tools export: one column per question headed by
  its id or its text (or close to it), the respondent from the best column there is, survey
  metadata (timestamp, start time, …) skipped and reported; see :mod:`.wide` and
  :mod:`.survey_tools`.

The header row tells them apart. Every bad cell becomes an :class:`ImportProblem` with its row
and column; the rows of a respondent with a problem are left out of the result.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from assessment.importing.cells import CellReader, blank_row, cell_at, column_name
from assessment.importing.parsed import ColumnPlan, ParsedAnswer, ParsedResponses
from assessment.importing.survey_tools import detect_tool, read_headers
from assessment.importing.tables import (
    HopelessFileError,
    ImportProblem,
    Problems,
    Row,
    cell_text,
    check_size,
    file_error,
    table_rows,
)
from assessment.importing.wide import column_problems, plan_wide, read_wide
from questionnaires import Bank
from questionnaires.i18n import _
from questionnaires.text import fold

__all__ = ["ColumnPlan", "ParsedAnswer", "ParsedResponses", "plan_columns", "read_responses"]

LONG_COLUMNS = {
    "respondent": ("respondent", "name", "participant", "respondent name"),
    "question": ("question", "question id", "question_id"),
    "answer": ("answer", "level", "value"),
    "note": ("note", "notes", "comment", "comments", "evidence"),
    "role": ("role",),
}


def read_responses(
    data: bytes,
    *,
    filename: str,
    bank: Bank,
    mapping: Mapping[str, str] | None = None,
    remembered: Callable[[ColumnPlan], Mapping[str, str] | None] | None = None,
) -> ParsedResponses:
    """Parse and check a CSV or XLSX file's bytes; :class:`ImportFileError` lists every problem.

    ``mapping`` decides wide columns by header (see :mod:`.mapping`): a question id, or skip,
    respondent, role. Columns it leaves out are matched by id, text, then close text. Without
    a mapping, ``remembered`` may give one for the wide file's columns (a saved mapping).
    """
    table = _Table.read(data, filename)
    problems = Problems()
    plan: ColumnPlan | None = None
    try:
        if table.is_long:
            parsed = _read_long(table.folded, table.header, table.remaining(), bank, problems)
        else:
            # Columns first, from the header alone: a file whose columns are wrong is refused
            # without reading its rows (a junk file's are many).
            plan = table.plan(bank, mapping, columns_only=True)
            found = remembered(plan) if mapping is None and remembered is not None else None
            if found:
                plan = table.plan(bank, found, columns_only=True)
            for problem in column_problems(plan, bank):
                problems.append(problem)
            parsed = ParsedResponses("wide", {}, (), plan=plan)
            if not problems:
                plan = table.plan(bank, found or mapping)
                parsed = read_wide(plan, table.rows[plan.header_rows - 1 :], bank, problems)
    except HopelessFileError as stop:
        raise problems.error(filename, plan=plan, stopped_at=stop.row) from None
    if not problems and not parsed.answers:
        problems.append(ImportProblem(None, None, _("the file has a header but no answers")))
    if problems:
        raise problems.error(filename, plan=parsed.plan)
    return parsed


def plan_columns(
    data: bytes, *, filename: str, bank: Bank, mapping: Mapping[str, str] | None = None
) -> ColumnPlan:
    """The file's layout and, for a wide file, what each column holds: the mapping step's table.

    Only a file that is no table at all raises (:class:`ImportFileError`); problems of the
    answers are left to :func:`read_responses`.
    """
    table = _Table.read(data, filename)
    if table.is_long:
        return ColumnPlan("long", detect_tool(table.folded), tuple(cell_text(c) for c in table.header))
    return table.plan(bank, mapping)


class _Table:
    """A file's header row and the rows below it, read as they are needed.

    A long file's rows are read once, as they are checked (``rest``), so a hopeless file stops
    at its first thousand problems; a wide file's (``rows``) are read whole, because where its
    respondents come from depends on all of them. Either way the limits of
    :func:`~assessment.importing.tables.table_rows` bound what is read.
    """

    def __init__(self, header: list[Any], rest: Iterator[Row]) -> None:
        self.header = header
        self.rest = rest
        self._below: list[Row] | None = None  # the row under the header, once looked at
        self._rows: list[Row] | None = None
        self.folded = [fold(cell_text(cell)) for cell in header]
        self.is_long = "question" in self.folded and "answer" in self.folded

    @classmethod
    def read(cls, data: bytes, filename: str) -> _Table:
        check_size(filename, len(data))
        rows = table_rows(data, filename)
        for _number, cells in rows:
            if any(cell_text(c) for c in cells):
                return cls(cells, rows)
        raise file_error(
            filename, _("the file is empty: expected a header row and one row per answer or respondent")
        )

    def below(self) -> list[Any] | None:
        """The cells of the row under the header (a second header row, in SurveyMonkey's files)."""
        if self._below is None:
            self._below = list(itertools.islice(self.rest, 1))
        return self._below[0][1] if self._below else None

    def remaining(self) -> Iterator[Row]:
        """The rows under the header not read yet, as they are read."""
        return itertools.chain(self._below or [], self.rest)

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            self.below()
            self._rows = list(self.remaining())
        return self._rows

    def plan(
        self, bank: Bank, mapping: Mapping[str, str] | None, *, columns_only: bool = False
    ) -> ColumnPlan:
        """The wide plan; ``columns_only`` reads no row past the header (respondents by row order)."""
        headers, two_rows = read_headers(self.header, self.below())
        header_rows = 2 if two_rows else 1
        rows = [] if columns_only else self.rows[header_rows - 1 :]
        return plan_wide(headers, rows, bank, mapping, header_rows=header_rows)


# --- the two layouts -----------------------------------------------------------------------


def _read_long(
    headers: list[str], header: list[Any], rows: Iterable[Row], bank: Bank, problems: Problems
) -> ParsedResponses:
    positions: dict[str, int] = {}
    for index, name in enumerate(headers):
        kind = next((kind for kind, aliases in LONG_COLUMNS.items() if name in aliases), None)
        if not name:
            continue
        if kind is None:
            problems.append(
                ImportProblem(
                    1,
                    column_name(index, header),
                    _(
                        "is not a column of the long layout "
                        "(respondent, question, answer, and optionally note, role)"
                    ),
                )
            )
        elif kind in positions:
            message = _("a second '{column}' column").format(column=kind)
            problems.append(ImportProblem(1, column_name(index, header), message))
        else:
            positions[kind] = index
    if "respondent" not in positions:
        problems.append(ImportProblem(1, None, _("no 'respondent' column: name who gave each answer")))
    if problems:
        return ParsedResponses("long", {}, ())

    reader = CellReader(bank, header, problems)
    respondents: dict[str, str] = {}
    answers: list[ParsedAnswer] = []
    first_row: dict[tuple[str, str], int] = {}
    at_respondent, at_question, at_answer = (
        positions["respondent"],
        positions["question"],
        positions["answer"],
    )
    at_note, at_role = positions.get("note"), positions.get("role")
    for number, cells in rows:
        if blank_row(cells):
            continue
        known = len(problems)
        label = reader.respondent(number, at_respondent, cell_at(cells, at_respondent))
        question = reader.question(number, at_question, cell_at(cells, at_question))
        value = reader.answer(number, at_answer, cell_at(cells, at_answer), question)
        note = reader.note(number, at_note, cell_at(cells, at_note))
        role = reader.role(number, at_role, cell_at(cells, at_role))
        if label is None or question is None:
            continue
        key = (label, question.id)
        if key in first_row:
            problems.append(
                ImportProblem(
                    number,
                    None,
                    _("'{label}' already answered '{question}' in row {row}").format(
                        label=label, question=question.id, row=first_row[key]
                    ),
                )
            )
            continue
        first_row[key] = number
        if len(problems) > known:
            continue
        if not respondents.get(label):
            respondents[label] = role or ""
        answers.append(ParsedAnswer(label, question.id, value, note))
    return ParsedResponses("long", respondents, tuple(answers))
