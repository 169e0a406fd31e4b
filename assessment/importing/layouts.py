"""The two layouts of a response file, read into :class:`ParsedResponses` checked against the bank.

* **long**: one answer per row, columns ``respondent``, ``question``, ``answer`` and the
  optional ``note`` and ``role``;
* **wide**: one respondent per row, as survey tools export: a ``respondent`` (or ``name``)
  column — else the first column — an optional ``role`` column, then one column per
  question headed by its id or its text. Metadata columns survey tools add (timestamp,
  email, …) are skipped and reported.

The header row tells them apart. Every bad cell becomes an :class:`ImportProblem` with its row
and column; the rows of a respondent with a problem are left out of the result.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from assessment.importing.tables import (
    ImportFileError,
    ImportProblem,
    Row,
    cell_text,
    check_size,
    file_error,
    neutral_text,
    table_rows,
)
from assessment.models import LABEL_LENGTH, NOTE_LENGTH
from questionnaires import Bank, Question
from questionnaires.answers import Answer, AnswerError, parse_answer
from questionnaires.text import fold

LONG_COLUMNS = {
    "respondent": ("respondent", "name", "participant", "respondent name"),
    "question": ("question", "question id", "question_id"),
    "answer": ("answer", "level", "value"),
    "note": ("note", "notes", "comment", "comments", "evidence"),
    "role": ("role",),
}
RESPONDENT_HEADERS = LONG_COLUMNS["respondent"]
ROLE_HEADERS = LONG_COLUMNS["role"]
# Columns survey tools add that carry no answer (Google Forms, Microsoft Forms, LimeSurvey, …).
METADATA_HEADERS = frozenset(
    {
        "timestamp",
        "id",
        "response id",
        "start time",
        "completion time",
        "last modified time",
        "email",
        "email address",
        "submitted at",
        "submitdate",
        "date submitted",
        "ip address",
    }
)


@dataclass(frozen=True)
class ParsedAnswer:
    respondent: str
    question_id: str
    answer: Answer
    note: str | None


@dataclass(frozen=True)
class ParsedResponses:
    """A file's responses, checked against the bank and ready to store."""

    layout: str
    respondents: dict[str, str]  # label → role, in file order
    answers: tuple[ParsedAnswer, ...]
    ignored_columns: tuple[str, ...] = ()


def read_responses(data: bytes, *, filename: str, bank: Bank) -> ParsedResponses:
    """Parse and check a CSV or XLSX file's bytes; :class:`ImportFileError` lists every problem."""
    check_size(filename, len(data))
    rows = list(table_rows(data, filename))
    header_row = next(((number, cells) for number, cells in rows if any(cell_text(c) for c in cells)), None)
    if header_row is None:
        raise file_error(
            filename, "the file is empty: expected a header row and one row per answer or respondent"
        )
    header_number, header = header_row
    data_rows = rows[next(i for i, (number, _) in enumerate(rows) if number == header_number) + 1 :]
    headers = [fold(cell_text(cell)) for cell in header]
    if "question" in headers and "answer" in headers:
        parsed, problems = _read_long(headers, header, data_rows, bank)
    else:
        parsed, problems = _read_wide(headers, header, data_rows, bank)
    if not problems and not parsed.answers:
        problems.append(ImportProblem(None, None, "the file has a header but no answers"))
    if problems:
        raise ImportFileError(filename, problems)
    return parsed


# --- the two layouts -----------------------------------------------------------------------


def _read_long(
    headers: list[str], header: list[Any], rows: list[Row], bank: Bank
) -> tuple[ParsedResponses, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(headers):
        kind = next((kind for kind, aliases in LONG_COLUMNS.items() if name in aliases), None)
        if not name:
            continue
        if kind is None:
            problems.append(
                ImportProblem(
                    1,
                    _column(index, header),
                    "is not a column of the long layout "
                    "(respondent, question, answer, and optionally note, role)",
                )
            )
        elif kind in positions:
            problems.append(ImportProblem(1, _column(index, header), f"a second '{kind}' column"))
        else:
            positions[kind] = index
    if "respondent" not in positions:
        problems.append(ImportProblem(1, None, "no 'respondent' column: name who gave each answer"))
    if problems:
        return ParsedResponses("long", {}, ()), problems

    reader = _CellReader(bank, header, problems)
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
        if _blank(cells):
            continue
        known = len(problems)
        label = reader.respondent(number, at_respondent, _cell_at(cells, at_respondent))
        question = reader.question(number, at_question, _cell_at(cells, at_question))
        value = reader.answer(number, at_answer, _cell_at(cells, at_answer), question)
        note = reader.note(number, at_note, _cell_at(cells, at_note))
        role = reader.role(number, at_role, _cell_at(cells, at_role))
        if label is None or question is None:
            continue
        key = (label, question.id)
        if key in first_row:
            problems.append(
                ImportProblem(
                    number, None, f"'{label}' already answered '{question.id}' in row {first_row[key]}"
                )
            )
            continue
        first_row[key] = number
        if len(problems) > known:
            continue
        if not respondents.get(label):
            respondents[label] = role or ""
        answers.append(ParsedAnswer(label, question.id, value, note))
    return ParsedResponses("long", respondents, tuple(answers)), problems


def _read_wide(
    headers: list[str], header: list[Any], rows: list[Row], bank: Bank
) -> tuple[ParsedResponses, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    ignored = [cell_text(header[i]) for i, name in enumerate(headers) if name in METADATA_HEADERS]
    candidates = [i for i, name in enumerate(headers) if name and name not in METADATA_HEADERS]
    respondent_column = next((i for i in candidates if headers[i] in RESPONDENT_HEADERS), None)
    if respondent_column is None:
        respondent_column = candidates[0] if candidates else 0
    role_column = next((i for i in candidates if headers[i] in ROLE_HEADERS), None)
    by_key = _question_keys(bank)
    questions: dict[int, Question] = {}
    for index in candidates:
        if index in (respondent_column, role_column):
            continue
        question = by_key.get(headers[index])
        if question is None:
            problems.append(
                ImportProblem(1, _column(index, header), _unknown_question_header(header[index], bank))
            )
        elif question.id in {q.id for q in questions.values()}:
            problems.append(ImportProblem(1, _column(index, header), f"a second column for '{question.id}'"))
        else:
            questions[index] = question
    if not questions and not problems:
        problems.append(
            ImportProblem(
                1,
                None,
                "no question columns: use the long layout (respondent, question, answer) or head one column "
                "per question with its id or text",
            )
        )
    if problems:
        return ParsedResponses("wide", {}, (), tuple(ignored)), problems

    reader = _CellReader(bank, header, problems)
    respondents: dict[str, str] = {}
    first_row: dict[str, int] = {}
    answers: list[ParsedAnswer] = []
    for number, cells in rows:
        if not any(cell_text(_cell_at(cells, index)) for index in questions):
            continue
        known = len(problems)
        label = reader.respondent(number, respondent_column, _cell_at(cells, respondent_column))
        role = reader.role(number, role_column, _cell_at(cells, role_column))
        if label is not None and label in first_row:
            problems.append(
                ImportProblem(number, None, f"respondent '{label}' already has a row ({first_row[label]})")
            )
            continue
        row_answers = [
            (question.id, reader.answer(number, index, _cell_at(cells, index), question))
            for index, question in questions.items()
            if cell_text(_cell_at(cells, index))
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
    return ParsedResponses("wide", respondents, tuple(answers), tuple(ignored)), problems


class _CellReader:
    """Checks single cells, records a problem for each bad one and returns None for it.

    Files repeat the same few values (question ids, answers, names) thousands of times, so
    each distinct value is checked once and the verdict reused: a 100,000-row file costs
    a few hundred checks plus dictionary lookups.
    """

    def __init__(self, bank: Bank, header: list[Any], problems: list[ImportProblem]) -> None:
        self.bank = bank
        self.header = header
        self.problems = problems
        self._verdicts: dict[tuple[str, Any, str], tuple[Any, str | None]] = {}

    def _read(
        self, kind: str, row: int, index: int | None, raw: Any, question: Question | None = None
    ) -> Any:
        key = (kind, raw, question.id if question is not None else "")
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = self._check(kind, raw, question)
        value, message = verdict
        if message is not None:
            self._problem(row, index, message)
        return value

    def _problem(self, row: int, index: int | None, message: str) -> None:
        column = None if index is None else _column(index, self.header)
        self.problems.append(ImportProblem(row, column, message))

    def _check(self, kind: str, raw: Any, question: Question | None) -> tuple[Any, str | None]:
        if kind == "question":
            question_id = cell_text(raw)
            if not question_id:
                return None, "question is empty"
            if not self.bank.has_question(question_id):
                return None, _unknown_question(question_id, self.bank)
            return self.bank.question(question_id), None
        if kind == "answer":
            try:
                value = raw.strip() if isinstance(raw, str) else raw
                return parse_answer(value, framework=self.bank.framework, question=question), None
            except AnswerError as error:
                return None, str(error)
        text = neutral_text(raw)
        if kind == "respondent" and not text:
            return None, "respondent is empty: name who answered (or a label such as 'P1')"
        too_long = _too_long(kind, text, LABEL_LENGTH)
        return (None, too_long) if too_long else (text, None)

    def respondent(self, row: int, index: int, raw: Any) -> str | None:
        return self._read("respondent", row, index, raw)

    def role(self, row: int, index: int | None, raw: Any) -> str | None:
        return self._read("role", row, index, raw) if raw else ""

    def question(self, row: int, index: int, raw: Any) -> Question | None:
        return self._read("question", row, index, raw)

    def answer(self, row: int, index: int, raw: Any, question: Question | None) -> Answer | None:
        return self._read("answer", row, index, raw, question)

    def note(self, row: int, index: int | None, raw: Any) -> str | None:
        # Notes are nearly all different, so they are checked each time rather than remembered.
        if not raw:
            return None
        text = neutral_text(raw)
        too_long = _too_long("note", text, NOTE_LENGTH)
        if too_long:
            self._problem(row, index, too_long)
        return text or None


def _too_long(kind: str, text: str, limit: int) -> str | None:
    return f"{kind} is longer than {limit} characters" if len(text) > limit else None


def _question_keys(bank: Bank) -> dict[str, Question]:
    keys: dict[str, Question] = {}
    for question in bank.questions:
        keys.setdefault(fold(question.id), question)
        keys.setdefault(fold(question.text), question)
    return keys


def _unknown_question(question_id: str, bank: Bank) -> str:
    hint = _did_you_mean(question_id, [q.id for q in bank.questions])
    return f"question '{question_id}' is not in the question bank{hint}"


def _unknown_question_header(raw: Any, bank: Bank) -> str:
    text = cell_text(raw)
    names = [q.id for q in bank.questions] + [q.text for q in bank.questions]
    hint = _did_you_mean(text, names, cutoff=0.75)
    return f"'{text}' is neither a question id nor a question text of the bank{hint}"


def _did_you_mean(text: str, names: Sequence[str], cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(text, names, n=1, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _blank(cells: list[Any]) -> bool:
    try:
        return not "".join(cells).strip()  # CSV rows: all text, checked in C
    except TypeError:  # XLSX rows hold numbers, dates and None too
        return not any(cell_text(cell) for cell in cells)


def _cell_at(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def _column(index: int, header: list[Any]) -> str:
    name = cell_text(header[index]) if index < len(header) else ""
    return f"column {get_column_letter(index + 1)}" + (f" '{name}'" if name else "")
