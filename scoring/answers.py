"""Validate an answers table and turn it into integer codes the engine can count.

The canonical table has the columns ``assessment``, ``respondent``, ``question`` and
``answer`` (an optional ``note`` is kept for the question detail). An answer is a level
1–5 (an int, or text such as "3" or "3.0"), not applicable ("na", "n/a", "N/A", "not
applicable") or don't know ("dont_know", "don't know", "dk").

Rules, so that no input gives a silently wrong score:

* every problem is reported at once in :class:`AnswersError`, each naming its row as
  the user sees it in a file: data row 1 is line 2 of a CSV with a header;
* a respondent who answers the same question twice in one assessment is an error that
  names both rows — the engine never guesses which answer was meant;
* an empty table is valid and scores nothing (see :func:`code_answers`).

The shortcuts that keep a million-row table fast are in :mod:`scoring.fast_coding`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from questionnaires.answers import INVALID_CODE, answer_code, answer_problem
from scoring.fast_coding import UNREAD, call_all, digit_levels, factorize, remap

ID_COLUMNS = ("assessment", "respondent", "question")
REQUIRED_COLUMNS = (*ID_COLUMNS, "answer")
NOTE_COLUMN = "note"
MAX_PROBLEMS_PER_CHECK = 50
PARALLEL_ROWS = 100_000  # from this size the four id/answer columns are coded on several threads


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with the answers table; ``row`` is None for table-wide problems."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.row is None else f"row {self.row}: {self.message}"


class AnswersError(ValueError):
    """An answers table that cannot be scored; ``problems`` says where and why.

    ``total`` counts every problem found; ``problems`` keeps at most
    ``MAX_PROBLEMS_PER_CHECK`` of each kind so a broken million-row file stays readable.
    """

    def __init__(self, problems: Sequence[AnswerProblem], total: int | None = None) -> None:
        self.problems = tuple(problems)
        self.total = len(self.problems) if total is None else total
        listing = "\n".join(f"  - {problem}" for problem in self.problems[:20])
        more = self.total - min(len(self.problems), 20)
        if more > 0:
            listing += f"\n  - … and {more} more"
        super().__init__(f"the answers table has {self.total} problem(s):\n{listing}")


@dataclass(frozen=True)
class CodedAnswers:
    """The answers as one integer code per row, ready for ``np.bincount``.

    ``assessment_ids`` are sorted; ``assessment`` holds each row's position in them,
    ``question`` its position in the bank, ``code`` its answer code (``NA_CODE``, a
    level 1–5 or ``DK_CODE``). ``respondents`` counts distinct respondents per
    assessment. ``notes`` has one row per non-empty note (columns assessment,
    question, respondent, note), sorted, or is empty.
    """

    assessment_ids: tuple[str, ...]
    assessment: np.ndarray
    question: np.ndarray
    code: np.ndarray
    respondents: np.ndarray
    notes: pd.DataFrame


def code_answers(
    answers: pd.DataFrame, question_ids: Sequence[str], replaced: Mapping[str, str] | None = None
) -> CodedAnswers:
    """Validate ``answers`` against the bank's question ids (in bank order) and code it.

    ``replaced`` maps ids of earlier bank versions to the ids that replace them (``replaces:``):
    a file written with an earlier id is read as the question that replaces it.

    An empty table (no rows, with or without columns) gives zero assessments. Raises
    :class:`AnswersError` listing every problem otherwise.
    """
    if len(answers) == 0:
        return _empty()
    missing = [column for column in REQUIRED_COLUMNS if column not in answers.columns]
    if missing:
        raise AnswersError(
            [
                AnswerProblem(
                    None,
                    f"the answers table has no column {', '.join(map(repr, missing))} "
                    f"(it has {', '.join(map(repr, map(str, answers.columns)))}; "
                    f"needed: {', '.join(REQUIRED_COLUMNS)})",
                )
            ]
        )
    problems = _Problems()
    (assessment, assessment_ids), (respondent, respondent_ids), question, code = _code_columns(
        [
            partial(_code_ids, answers["assessment"], "assessment", sort=True),
            partial(_code_ids, answers["respondent"], "respondent", sort=False),
            partial(_code_questions, answers["question"], question_ids, replaced or {}),
            partial(_code_levels, answers["answer"]),
        ],
        problems,
        parallel=len(answers) >= PARALLEL_ROWS,
    )
    ids_valid = (assessment >= 0) & (respondent >= 0) & (question >= 0) if problems.total else None
    sizes = (len(assessment_ids), len(respondent_ids), len(question_ids))
    respondents = _respondents_and_duplicates(
        answers, assessment, respondent, question, ids_valid, sizes, problems
    )
    problems.raise_if_any()
    return CodedAnswers(
        assessment_ids=tuple(assessment_ids),
        assessment=assessment,
        question=question,
        code=code,
        respondents=respondents,
        notes=_notes(answers, assessment, question),
    )


def _empty() -> CodedAnswers:
    no_rows = np.zeros(0, dtype=np.intp)
    return CodedAnswers(
        assessment_ids=(),
        assessment=no_rows,
        question=no_rows,
        code=np.zeros(0, dtype=np.int8),
        respondents=no_rows,
        notes=pd.DataFrame({"assessment": no_rows, "question": no_rows, "respondent": [], "note": []}),
    )


class _Problems:
    def __init__(self) -> None:
        self.items: list[AnswerProblem] = []
        self.total = 0

    def add_rows(self, rows: np.ndarray, message_for_row: object) -> None:
        """Record a problem for each row position in ``rows`` (kept up to the per-check cap)."""
        self.total += len(rows)
        describe = message_for_row if callable(message_for_row) else (lambda _row: message_for_row)
        self.items.extend(
            AnswerProblem(int(row) + 1, describe(int(row))) for row in rows[:MAX_PROBLEMS_PER_CHECK]
        )

    def merge(self, other: _Problems) -> None:
        self.items.extend(other.items)
        self.total += other.total

    def raise_if_any(self) -> None:
        if self.total:
            self.items.sort(key=lambda problem: (problem.row or 0, problem.message))
            raise AnswersError(self.items, self.total)


def _code_columns(
    coders: list[Callable[[_Problems], Any]], problems: _Problems, *, parallel: bool
) -> list[Any]:
    """Run each column's coder, side by side for big tables; each records its problems apart."""
    own = [_Problems() for _ in coders]
    calls = [partial(coder, column_problems) for coder, column_problems in zip(coders, own, strict=True)]
    results = call_all(calls, parallel=parallel)
    for column_problems in own:
        problems.merge(column_problems)
    return results


def _code_ids(
    column: pd.Series, name: str, problems: _Problems, *, sort: bool
) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct ids (sorted if asked); missing or blank ids get -1 and a problem."""
    codes, uniques = factorize(column)
    texts = np.array([_id_text(value) or None for value in np.asarray(uniques, dtype=object)], dtype=object)
    merged, ids = pd.factorize(texts, sort=sort, use_na_sentinel=True)  # blank ids (None) become -1
    coded = remap(codes, merged, column.hasnans)
    if column.hasnans or (merged < 0).any():
        problems.add_rows(np.flatnonzero(coded < 0), f"{name} is empty")
    return coded, [str(value) for value in ids]


def _id_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _code_questions(
    column: pd.Series, question_ids: Sequence[str], replaced: Mapping[str, str], problems: _Problems
) -> np.ndarray:
    codes, uniques = factorize(column)
    position = {question_id: index for index, question_id in enumerate(question_ids)}
    position |= {
        old: position[new] for old, new in replaced.items() if new in position and old not in position
    }
    texts = [str(value).strip() for value in np.asarray(uniques, dtype=object)]
    table = np.array([position.get(text, INVALID_CODE) for text in texts], dtype=np.intp)
    coded = remap(codes, table, column.hasnans)
    if column.hasnans:
        problems.add_rows(np.flatnonzero(codes < 0), "question is empty")
    for unique_index in np.flatnonzero(table < 0):
        text = texts[unique_index]
        close = difflib.get_close_matches(text, question_ids, n=1)
        hint = f" — did you mean '{close[0]}'?" if close else ""
        message = f"question '{text}' is not in the question bank{hint}"
        problems.add_rows(np.flatnonzero(codes == unique_index), message)
    return coded


def _code_levels(column: pd.Series, problems: _Problems) -> np.ndarray:
    if pd.api.types.is_integer_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        values = column.to_numpy()
        code = np.where((values >= 1) & (values <= 5), values, INVALID_CODE).astype(np.int8)
        problems.add_rows(np.flatnonzero(code < 0), lambda row: answer_problem(values[row]))
        return code
    code = digit_levels(column)
    if code is None:
        return _hashed_levels(column, np.arange(len(column)), problems)
    rest = np.flatnonzero(code == UNREAD)
    if len(rest):
        code[rest] = _hashed_levels(column.iloc[rest], rest, problems)
    return code


def _hashed_levels(column: pd.Series, rows: np.ndarray, problems: _Problems) -> np.ndarray:
    """Answer codes of ``column`` (at positions ``rows`` of the table) through its distinct values."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    table = np.array(
        [answer_code(value) for value in np.asarray(uniques, dtype=object)] + [INVALID_CODE], dtype=np.int8
    )
    for unique_index in np.flatnonzero(table[:-1] < 0):
        problems.add_rows(rows[codes == unique_index], answer_problem(uniques[unique_index]))
    if column.hasnans:
        problems.add_rows(
            rows[codes < 0], "answer is empty (use 'dont_know' or 'na' for a deliberate non-answer)"
        )
    return table[codes]


def _respondents_and_duplicates(
    answers: pd.DataFrame,
    assessment: np.ndarray,
    respondent: np.ndarray,
    question: np.ndarray,
    ids_valid: np.ndarray | None,
    sizes: tuple[int, int, int],
    problems: _Problems,
) -> np.ndarray:
    """Distinct respondents per assessment; reports each (assessment, respondent, question) given twice.

    Both are counts over integer keys. When respondent ids repeat across assessments (the
    usual "person-1 … person-20" of workshops) the keys are small enough for
    ``np.bincount``; otherwise the (assessment, respondent) pairs are renumbered first,
    and only a key space larger than a few times the row count falls back to hashing.
    """
    assessments, respondents, questions = sizes
    rows = None if ids_valid is None else np.flatnonzero(ids_valid)
    if rows is not None:
        assessment, respondent, question = assessment[rows], respondent[rows], question[rows]
    pair = assessment.astype(np.int64) * respondents
    pair += respondent
    pair_space = assessments * respondents
    if _fits(pair_space, len(pair)):
        present = np.bincount(pair, minlength=pair_space) > 0
        respondent_counts = present.reshape(assessments, respondents).sum(axis=1)
        if not _fits(pair_space * questions, len(pair)):
            pair = np.cumsum(present)[pair] - 1  # renumber the pairs that occur: 0, 1, 2, …
            pair_space = int(present.sum())
    else:
        pair, distinct = pd.factorize(pair)
        pair_space = len(distinct)
        respondent_counts = np.bincount(distinct // respondents, minlength=assessments)
    key = pair * questions
    key += question
    key_space = pair_space * questions
    if _fits(key_space, len(key)):
        repeated = len(key) > 0 and int(np.bincount(key, minlength=key_space).max()) > 1
    else:
        repeated = bool(pd.Series(key).duplicated().any())
    if repeated:
        _report_duplicates(answers, key, rows, problems)
    return respondent_counts


def _fits(space: int, rows: int) -> bool:
    """Whether a bincount over ``space`` keys costs no more memory than a few copies of the rows."""
    return space <= 4 * rows + 1024


def _report_duplicates(
    answers: pd.DataFrame, key: np.ndarray, rows: np.ndarray | None, problems: _Problems
) -> None:
    positions = np.arange(len(key)) if rows is None else rows
    repeated = pd.Series(key).duplicated(keep=False).to_numpy()
    groups = pd.Series(positions[repeated]).groupby(key[repeated], sort=False)
    firsts = []
    for _, group in groups:
        members = group.to_numpy()
        firsts.append((members[0], members))
    problems.total += len(firsts)
    for first, members in sorted(firsts, key=lambda item: item[0])[:MAX_PROBLEMS_PER_CHECK]:
        row = answers.iloc[int(first)]
        listed = _and_list(str(int(member) + 1) for member in members)
        problems.items.append(
            AnswerProblem(
                int(first) + 1,
                f"respondent '{row['respondent']}' answered question '{row['question']}' in assessment "
                f"'{row['assessment']}' more than once (rows {listed}); keep one row",
            )
        )


def _and_list(items: Iterable[str]) -> str:
    values = list(items)
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]


def _notes(answers: pd.DataFrame, assessment: np.ndarray, question: np.ndarray) -> pd.DataFrame:
    if NOTE_COLUMN not in answers.columns:
        return _empty().notes
    notes = answers[NOTE_COLUMN]
    rows = np.flatnonzero(notes.notna().to_numpy())
    texts = notes.iloc[rows].astype(str).str.strip().to_numpy()
    kept = rows[texts != ""]
    frame = pd.DataFrame(
        {
            "assessment": assessment[kept],
            "question": question[kept],
            "respondent": answers["respondent"].iloc[kept].astype(str).str.strip().to_numpy(),
            "note": texts[texts != ""],
        }
    )
    return frame.sort_values(["assessment", "question", "respondent", "note"], ignore_index=True)
