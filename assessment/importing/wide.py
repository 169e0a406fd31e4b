"""The wide layout: one respondent per row and one column per question, as survey tools export.

:func:`plan_wide` decides what every column holds (:mod:`.mapping`) and whose answers each row
are; :func:`read_wide` then reads the answers. The respondent of a row is, in this order:

1. the column a mapping names ``respondent``, or a column headed like one (``respondent``,
   ``name``, ``participant …``) with at least one name in it;
2. the e-mail address, when every answering row has one (``anonymous`` does not count);
3. a name column (``Full name``, or ``First Name`` with ``Last Name``), when every row has one;
4. the response id (``ID``, ``Respondent ID``, KoboToolbox's ``_id``), when every row has one;
5. else the row order: "Respondent 1", "Respondent 2", …

An answer column is never taken for the respondent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assessment.importing.cells import CellReader, cell_at, unknown_question_header
from assessment.importing.mapping import ColumnMatch, match_columns
from assessment.importing.parsed import (
    ColumnPlan,
    ParsedAnswer,
    ParsedResponses,
    RespondentSource,
    respondent_label,
    row_numbers,
)
from assessment.importing.survey_tools import Header, detect_tool, usable_identity
from assessment.importing.tables import ImportProblem, Problems, Row, cell_text
from questionnaires import Bank
from questionnaires.answers import Answer
from questionnaires.i18n import _
from questionnaires.text import fold


def plan_wide(
    headers: Sequence[Header],
    rows: Sequence[Row],
    bank: Bank,
    mapping: Mapping[str, str] | None = None,
    *,
    header_rows: int = 1,
) -> ColumnPlan:
    """What every column holds and where the respondents come from; nothing is read yet."""
    columns = match_columns(headers, bank, mapping)
    answer_columns = [column.index for column in columns if column.use == "question"]
    answering = [cells for _number, cells in _answering(rows, answer_columns)]
    return ColumnPlan(
        layout="wide",
        tool=detect_tool([fold(header.text) for header in headers]),
        headers=tuple(header.text for header in headers),
        columns=tuple(columns),
        respondent=_respondent_source(columns, answering),
        header_rows=header_rows,
    )


def read_wide(plan: ColumnPlan, rows: Sequence[Row], bank: Bank, problems: Problems) -> ParsedResponses:
    """The answers of every row the plan can read; each problem, with its row and column, goes
    to ``problems`` (which stops the reading when the file is hopeless)."""
    for problem in column_problems(plan, bank):
        problems.append(problem)
    ignored = tuple(column.header for column in plan.columns if _ignored(column, plan))
    if problems:
        return ParsedResponses("wide", {}, (), ignored, plan)
    questions = {
        column.index: bank.question(column.question_id) for column in plan.columns if _answers(column)
    }
    role_column = next((column.index for column in plan.columns if column.use == "role"), None)
    reader = CellReader(bank, list(plan.headers), problems)
    respondents: dict[str, str] = {}
    first_row: dict[str, int] = {}
    answers: list[ParsedAnswer] = []
    for position, (number, cells) in enumerate(_answering(rows, list(questions)), start=1):
        known = len(problems)
        label = _label(reader, plan.respondent, number, cells, position)
        role = reader.role(number, role_column, cell_at(cells, role_column))
        if label is not None and label in first_row:
            problems.append(
                ImportProblem(
                    number,
                    None,
                    _("respondent '{label}' already has a row ({row})").format(
                        label=label, row=first_row[label]
                    ),
                )
            )
            continue
        row_answers: list[tuple[str, Answer | None]] = [
            (question.id, reader.answer(number, index, cell_at(cells, index), question))
            for index, question in questions.items()
            if cell_text(cell_at(cells, index))
        ]
        if label is None:
            continue
        first_row[label] = number
        if len(problems) > known:
            continue
        respondents[label] = role or ""
        answers.extend(
            ParsedAnswer(label, question_id, value, None)
            for question_id, value in row_answers
            if value is not None
        )
    return ParsedResponses("wide", respondents, tuple(answers), ignored, plan)


def _answers(column: ColumnMatch) -> bool:
    return column.use == "question" and column.question_id is not None


def column_problems(plan: ColumnPlan, bank: Bank) -> list[ImportProblem]:
    """What is wrong with the columns alone: unmatched, repeated, or no question at all."""
    problems = []
    seen: dict[str, ColumnMatch] = {}
    for column in plan.columns:
        if column.use == "unmatched":
            message = unknown_question_header(column.header, bank, column.question_id, column.confidence)
            problems.append(ImportProblem(1, column.described, message))
        elif _answers(column) and column.question_id in seen:
            message = _("a second column for '{question}'").format(question=column.question_id)
            problems.append(ImportProblem(1, column.described, message))
        elif _answers(column):
            seen[column.question_id] = column  # type: ignore[index]
    chosen = [column for column in plan.columns if column.use == "respondent"]
    if len(chosen) > 1:
        problems.append(
            ImportProblem(
                1,
                chosen[1].described,
                _("a second respondent column (the first is {first})").format(first=chosen[0].described),
            )
        )
    if not seen and not problems:
        problems.append(
            ImportProblem(
                1,
                None,
                _(
                    "no question columns: use the long layout (respondent, question, answer) "
                    "or head one column per question with its id or text"
                ),
            )
        )
    return problems


def _ignored(column: ColumnMatch, plan: ColumnPlan) -> bool:
    """Columns read for nothing: survey metadata, skipped ones, identities not used, extra roles."""
    if column.use in ("metadata", "skip"):
        return True
    if column.use in ("identity", "respondent"):
        return column.index not in plan.respondent.columns
    if column.use == "role":
        return column.index != next(c.index for c in plan.columns if c.use == "role")
    return False


def _answering(rows: Sequence[Row], answer_columns: Sequence[int]) -> list[Row]:
    return [
        (number, cells) for number, cells in rows if any(cell_text(cell_at(cells, i)) for i in answer_columns)
    ]


def _respondent_source(columns: Sequence[ColumnMatch], rows: Sequence[list[Any]]) -> RespondentSource:
    chosen = next((column for column in columns if column.use == "respondent"), None)
    if chosen is not None:
        return _source("respondent", chosen)
    by_kind: dict[str, list[ColumnMatch]] = {}
    for column in columns:
        if column.use == "identity" and column.kind is not None:
            by_kind.setdefault(column.kind, []).append(column)

    def filled(column: ColumnMatch, *, everywhere: bool) -> bool:
        found = [usable_identity(cell_text(cell_at(cells, column.index))) for cells in rows]
        return bool(found) and (all(found) if everywhere else any(found))

    for column in by_kind.get("respondent", []):
        if filled(column, everywhere=False):
            return _source("respondent", column)
    for kind in ("email", "name"):
        for column in by_kind.get(kind, []):
            if filled(column, everywhere=True):
                return _source(kind, column)
        if kind == "name" and by_kind.get("first name") and by_kind.get("last name"):
            first, last = by_kind["first name"][0], by_kind["last name"][0]
            if (
                all(
                    usable_identity(
                        f"{cell_text(cell_at(c, first.index))} {cell_text(cell_at(c, last.index))}".strip()
                    )
                    for c in rows
                )
                and rows
            ):
                return RespondentSource(
                    "name",
                    (first.index, last.index),
                    _("{first} and {last}").format(first=first.described, last=last.described),
                )
    for column in by_kind.get("response id", []):
        if filled(column, everywhere=True):
            return _source("response id", column)
    return row_numbers()


def _source(kind: str, column: ColumnMatch) -> RespondentSource:
    return RespondentSource(kind, (column.index,), column.described)


def _label(
    reader: CellReader, source: RespondentSource, number: int, cells: list[Any], position: int
) -> str | None:
    if source.kind == "row":
        return respondent_label(position)
    if len(source.columns) == 2:
        first, last = (cell_text(cell_at(cells, index)) for index in source.columns)
        return reader.respondent(number, source.columns[0], f"{first} {last}".strip())
    label = reader.respondent(number, source.columns[0], cell_at(cells, source.columns[0]))
    if source.kind == "response id" and label is not None and label.isdigit():
        return _("Response {number}").format(number=label)
    return label
