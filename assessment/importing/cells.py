"""Reading single cells of a response file: each bad one becomes an :class:`ImportProblem`.

Shared by both layouts (:mod:`.layouts`, :mod:`.wide`): respondents, roles, question ids,
answers (through :func:`questionnaires.answers.parse_answer`, the one answer vocabulary) and
notes, and how a problem names its column ("column C 'answer'").
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from assessment.importing.tables import ImportProblem, Problems, cell_text, described_column, neutral_text
from assessment.models import LABEL_LENGTH, NOTE_LENGTH
from questionnaires import Bank, Question
from questionnaires.answers import Answer, AnswerError, parse_answer
from questionnaires.i18n import _, lazy_gettext
from scoring.formatting import count_text, percent_text


class CellReader:
    """Checks single cells, records a problem for each bad one and returns None for it.

    Files repeat the same few values (question ids, answers, names) thousands of times, so
    each distinct value is checked once and the verdict reused: a 100,000-row file costs
    a few hundred checks plus dictionary lookups.
    """

    def __init__(self, bank: Bank, header: list[Any], problems: Problems) -> None:
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
        column = None if index is None else column_name(index, self.header)
        self.problems.append(ImportProblem(row, column, message))

    def _check(self, kind: str, raw: Any, question: Question | None) -> tuple[Any, str | None]:
        if kind == "question":
            question_id = cell_text(raw)
            if not question_id:
                return None, _("question is empty")
            question = self.bank.current(question_id)
            if question is None:
                return None, _unknown_question(question_id, self.bank)
            return question, None
        if kind == "answer":
            try:
                value = raw.strip() if isinstance(raw, str) else raw
                bank = self.bank
                return parse_answer(value, framework=bank.framework, question=question, bank=bank), None
            except AnswerError as error:
                return None, str(error)
        text = neutral_text(raw)
        if kind == "respondent" and not text:
            return None, _("respondent is empty: name who answered (or a label such as 'P1')")
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


_TOO_LONG = {
    "respondent": lazy_gettext("respondent is longer than {limit} characters"),
    "role": lazy_gettext("role is longer than {limit} characters"),
    "note": lazy_gettext("note is longer than {limit} characters"),
}


def _too_long(kind: str, text: str, limit: int) -> str | None:
    return _TOO_LONG[kind].format(limit=count_text(limit)) if len(text) > limit else None


def _unknown_question(question_id: str, bank: Bank) -> str:
    close = _closest(question_id, [q.id for q in bank.questions])
    if close:
        return _("question '{question}' is not in the question bank (did you mean '{close}'?)").format(
            question=question_id, close=close
        )
    return _("question '{question}' is not in the question bank").format(question=question_id)


def unknown_question_header(
    raw: Any, bank: Bank, proposal: str | None = None, confidence: float = 0.0
) -> str:
    """Why a column heads no question, with the closest question when there is one."""
    text = cell_text(raw)
    if proposal is not None:
        return _(
            "'{header}' is neither a question id nor a question text of the bank "
            "(closest: '{closest}', {alike} alike: map the column to confirm)"
        ).format(header=text, closest=proposal, alike=percent_text(confidence))
    names = [q.id for q in bank.questions] + [q.text for q in bank.questions]
    close = _closest(text, names, cutoff=0.75)
    if close:
        return _(
            "'{header}' is neither a question id nor a question text of the bank (did you mean '{close}'?)"
        ).format(header=text, close=close)
    return _("'{header}' is neither a question id nor a question text of the bank").format(header=text)


def _closest(text: str, names: Sequence[str], cutoff: float = 0.6) -> str | None:
    close = difflib.get_close_matches(text, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def blank_row(cells: list[Any]) -> bool:
    try:
        return not "".join(cells).strip()  # CSV rows: all text, checked in C
    except TypeError:  # XLSX rows hold numbers, dates and None too
        return not any(cell_text(cell) for cell in cells)


def cell_at(cells: list[Any], index: int | None) -> Any:
    return cells[index] if index is not None and index < len(cells) else None


def column_name(index: int, header: list[Any]) -> str:
    name = cell_text(header[index]) if index < len(header) else ""
    return described_column(get_column_letter(index + 1), name)
