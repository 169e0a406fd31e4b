"""Import survey responses from CSV or XLSX into a new assessment, all or nothing.

Two layouts are read, told apart by the header row:

* **long**: one answer per row, columns ``respondent``, ``question``, ``answer`` and the
  optional ``note`` and ``role``;
* **wide**: one respondent per row, as survey tools export: a ``respondent`` (or ``name``)
  column — else the first column — an optional ``role`` column, then one column per
  question headed by its id or its text. Metadata columns survey tools add (timestamp,
  email, …) are skipped and reported.

Answers may be 1–5, "N/A", "don't know", a level name ("Managed") or the question's level
text (see :mod:`questionnaires.answers`). CSV must be UTF-8 (a BOM is fine), delimited by
commas, semicolons or tabs, with any line ends. Every problem is collected, each with its row
(as numbered in the file, the header being row 1) and column, and raised together in
:class:`ImportFileError`; nothing is written unless the whole file is good.
"""

from __future__ import annotations

import csv
import difflib
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from sqlmodel import Session, col, select

from assessment import services
from assessment.access import Actor
from assessment.db import bulk_insert
from assessment.errors import WayfinderError
from assessment.exporting import FORMULA_PREFIX, FORMULA_TRIGGERS
from assessment.models import LABEL_LENGTH, NOTE_LENGTH, Respondent, utcnow
from assessment.records import AssessmentInfo
from assessment.settings import get_settings
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
DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file; ``row`` and ``column`` as the user sees them."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [part for part in (f"row {self.row}" if self.row else None, self.column) if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFileError(WayfinderError):
    """A file that cannot be imported; ``problems`` lists every reason. Nothing was saved."""

    def __init__(self, filename: str, problems: Sequence[ImportProblem]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(
            f"{filename} cannot be imported ({len(self.problems)} problem(s); nothing was saved):\n{listing}"
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


@dataclass(frozen=True)
class ImportResult:
    assessment: AssessmentInfo
    layout: str
    respondents: int
    answers: int
    ignored_columns: tuple[str, ...] = ()
    created: tuple[str, ...] = field(default=())  # "organisation 'X'", "unit 'Y'"


def import_file(
    *,
    session: Session,
    actor: Actor,
    path: Path,
    organisation: str,
    unit: str,
    title: str | None = None,
    assessed_on: date | None = None,
    mode: str | None = None,
    bank: Bank | None = None,
) -> ImportResult:
    """Read ``path`` and store it as a new assessment of ``unit`` in ``organisation``.

    The organisation and unit are created when they do not exist yet. ``mode`` defaults to
    a workshop when the file has several respondents. Everything happens in ``session``: if
    anything fails, the caller's rollback leaves the database as it was.
    """
    bank = services.current_bank(bank)
    parsed = read_responses(read_limited(path), filename=path.name, bank=bank)
    return store_responses(
        session=session,
        actor=actor,
        parsed=parsed,
        organisation=organisation,
        unit=unit,
        title=title or f"Imported from {path.name}",
        assessed_on=assessed_on or date.today(),
        mode=mode or ("workshop" if len(parsed.respondents) > 1 else "self"),
        bank=bank,
    )


def read_limited(path: Path, limit_bytes: int | None = None) -> bytes:
    """The file's bytes, refusing files above the import limit before reading them."""
    try:
        _check_size(path.name, path.stat().st_size, limit_bytes)
        return path.read_bytes()
    except OSError as error:
        raise _single(path.name, f"cannot be read: {error.strerror or error}") from None


def _check_size(filename: str, size: int, limit_bytes: int | None = None) -> None:
    limit = get_settings().import_limit_bytes if limit_bytes is None else limit_bytes
    if size > limit:
        raise _single(
            filename,
            f"the file is {size / 1024 / 1024:.1f} MB; the import limit is {limit / 1024 / 1024:.0f} MB "
            "(split the file, or raise WAYFINDER_IMPORT_LIMIT_MB)",
        )


def read_responses(data: bytes, *, filename: str, bank: Bank) -> ParsedResponses:
    """Parse and check a CSV or XLSX file's bytes; :class:`ImportFileError` lists every problem."""
    _check_size(filename, len(data))
    rows = list(_table_rows(data, filename))
    header_row = next(((number, cells) for number, cells in rows if any(_text(c) for c in cells)), None)
    if header_row is None:
        raise _single(
            filename, "the file is empty: expected a header row and one row per answer or respondent"
        )
    header_number, header = header_row
    data_rows = rows[next(i for i, (number, _) in enumerate(rows) if number == header_number) + 1 :]
    headers = [fold(_text(cell)) for cell in header]
    if "question" in headers and "answer" in headers:
        parsed, problems = _read_long(headers, header, data_rows, bank)
    else:
        parsed, problems = _read_wide(headers, header, data_rows, bank)
    if not problems and not parsed.answers:
        problems.append(ImportProblem(None, None, "the file has a header but no answers"))
    if problems:
        raise ImportFileError(filename, problems)
    return parsed


def store_responses(
    *,
    session: Session,
    actor: Actor,
    parsed: ParsedResponses,
    organisation: str,
    unit: str,
    title: str,
    assessed_on: date,
    mode: str,
    bank: Bank,
) -> ImportResult:
    """Create the assessment and write every respondent and answer in ``session``."""
    created: list[str] = []
    organisation_info = services.find_organisation(session=session, actor=actor, name=organisation)
    if organisation_info is None:
        organisation_info = services.create_organisation(session=session, actor=actor, name=organisation)
        created.append(f"organisation '{organisation_info.name}'")
    unit_info = services.find_unit(
        session=session, actor=actor, organisation_id=organisation_info.id, name=unit
    )
    if unit_info is None:
        unit_info = services.create_unit(
            session=session, actor=actor, organisation_id=organisation_info.id, name=unit
        )
        created.append(f"unit '{unit_info.name}'")
    assessment = services.create_assessment(
        session=session,
        actor=actor,
        unit_id=unit_info.id,
        title=title,
        mode=mode,
        assessed_on=assessed_on,
        bank=bank,
    )
    respondent_ids = _insert_respondents(session, assessment.id, parsed.respondents)
    _insert_answers(session, respondent_ids, parsed.answers)
    return ImportResult(
        assessment=services.get_assessment_info(session=session, actor=actor, assessment_id=assessment.id),
        layout=parsed.layout,
        respondents=len(parsed.respondents),
        answers=len(parsed.answers),
        ignored_columns=parsed.ignored_columns,
        created=tuple(created),
    )


def _insert_respondents(session: Session, assessment_id: int, respondents: dict[str, str]) -> dict[str, int]:
    now = utcnow()
    rows = [
        {
            "assessment_id": assessment_id,
            "label": label,
            "role": role,
            "token": services.new_token(),
            "created_at": now,
        }
        for label, role in respondents.items()
    ]
    bulk_insert(session, Respondent.__table__, rows)
    stored = session.exec(
        select(Respondent.label, Respondent.id).where(col(Respondent.assessment_id) == assessment_id)
    ).all()
    return dict(stored)


def _insert_answers(
    session: Session, respondent_ids: dict[str, int], answers: Sequence[ParsedAnswer]
) -> None:
    now = utcnow()
    rows = [
        services.NewAnswer(
            respondent_ids[answer.respondent], answer.question_id, answer.answer, answer.note, now, now
        )
        for answer in answers
    ]
    services.write_answers(session=session, answers=rows, new_respondents=True)


# --- reading the table ---------------------------------------------------------------------


Row = tuple[int, list[Any]]


def _table_rows(data: bytes, filename: str) -> Iterator[Row]:
    if data.startswith(XLSX_MAGIC):
        return _xlsx_rows(data, filename)
    if data.startswith(OLE_MAGIC):
        raise _single(filename, "old Excel .xls files are not supported: save it as .xlsx or as CSV UTF-8")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise _single(
            filename, "is not a valid XLSX file (it is not a zip archive); save it again from Excel"
        )
    return _csv_rows(data, filename)


def _csv_rows(data: bytes, filename: str) -> Iterator[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _single(
            filename,
            f"is not UTF-8 text (undecodable byte at position {error.start}); "
            "if it is a CSV, save it as 'CSV UTF-8'; else import a .csv or .xlsx file",
        ) from None
    if "\x00" in text:
        raise _single(filename, "contains binary data (NUL bytes): import a .csv or .xlsx file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise _single(filename, f"row {start}: the CSV cannot be read ({error})") from None


def _delimiter(text: str) -> str:
    """The delimiter of the first non-empty line: whichever of , ; tab it has most of."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=first.count)


def _xlsx_rows(data: bytes, filename: str) -> Iterator[Row]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _single(filename, f"is not a readable XLSX workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


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
    ignored = [_text(header[i]) for i, name in enumerate(headers) if name in METADATA_HEADERS]
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
        if not any(_text(_cell_at(cells, index)) for index in questions):
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
            if _text(_cell_at(cells, index))
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
            column = None if index is None else _column(index, self.header)
            self.problems.append(ImportProblem(row, column, message))
        return value

    def _check(self, kind: str, raw: Any, question: Question | None) -> tuple[Any, str | None]:
        if kind == "question":
            question_id = _text(raw)
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
        text = _neutral_text(raw)
        if kind == "respondent" and not text:
            return None, "respondent is empty: name who answered (or a label such as 'P1')"
        limit = NOTE_LENGTH if kind == "note" else LABEL_LENGTH
        if len(text) > limit:
            return None, f"{kind} is longer than {limit} characters"
        return text, None

    def respondent(self, row: int, index: int, raw: Any) -> str | None:
        return self._read("respondent", row, index, raw)

    def role(self, row: int, index: int | None, raw: Any) -> str | None:
        return self._read("role", row, index, raw) if raw else ""

    def question(self, row: int, index: int, raw: Any) -> Question | None:
        return self._read("question", row, index, raw)

    def answer(self, row: int, index: int, raw: Any, question: Question | None) -> Answer | None:
        return self._read("answer", row, index, raw, question)

    def note(self, row: int, index: int | None, raw: Any) -> str | None:
        if not raw:
            return None
        text = _neutral_text(raw)
        if len(text) > NOTE_LENGTH:
            self.problems.append(
                ImportProblem(
                    row,
                    None if index is None else _column(index, self.header),
                    f"note is longer than {NOTE_LENGTH} characters",
                )
            )
        return text or None


def _question_keys(bank: Bank) -> dict[str, Question]:
    keys: dict[str, Question] = {}
    for question in bank.questions:
        keys.setdefault(fold(question.id), question)
        keys.setdefault(fold(question.text), question)
    return keys


def _unknown_question(question_id: str, bank: Bank) -> str:
    close = difflib.get_close_matches(question_id, [q.id for q in bank.questions], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"question '{question_id}' is not in the question bank{hint}"


def _unknown_question_header(raw: Any, bank: Bank) -> str:
    text = _text(raw)
    names = [q.id for q in bank.questions] + [q.text for q in bank.questions]
    close = difflib.get_close_matches(text, names, n=1, cutoff=0.75)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"'{text}' is neither a question id nor a question text of the bank{hint}"


def _blank(cells: list[Any]) -> bool:
    try:
        return not "".join(cells).strip()  # CSV rows: all text, checked in C
    except TypeError:  # XLSX rows hold numbers, dates and None too
        return not any(_text(cell) for cell in cells)


def _cell_at(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def _column(index: int, header: list[Any]) -> str:
    name = _text(header[index]) if index < len(header) else ""
    return f"column {get_column_letter(index + 1)}" + (f" '{name}'" if name else "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _neutral_text(value: Any) -> str:
    """Cell text without the quote our own exports put before = + - @ (see exporting)."""
    text = _text(value)
    if text.startswith(FORMULA_PREFIX) and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def _single(filename: str, message: str) -> ImportFileError:
    return ImportFileError(filename, [ImportProblem(None, None, message)])
