"""Which question each column of a wide file answers: by id, by exact text, then by close text.

Every column gets a :class:`ColumnMatch`: the question it answers and how sure the match is
(1.0 for an id or the exact text, 0.95 for the text with different punctuation, the likeness of
the words for a reworded text), or what else it holds (the respondent, survey metadata), or
nothing the importer knows (``unmatched``, with the closest question as a proposal).

A close match is applied on its own only at :data:`AUTO_CONFIDENCE` or above and when no other
question is nearly as close; anything less waits for a person's decision: a **mapping**, from a
column's header (compared ignoring case and spacing) to a question id or to :data:`SKIP`,
:data:`RESPONDENT` or :data:`ROLE`. The command line reads one from a JSON file
(:func:`read_mapping`); the Import page builds it from the mapping step, and both remember it
per organisation and set of headers (``services.save_import_mapping``).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from openpyxl.utils import get_column_letter

from assessment.importing.survey_tools import ColumnKind, Header, column_kind
from assessment.importing.tables import ImportFileError, ImportProblem, described_column, file_error
from questionnaires import Bank, Question
from questionnaires.i18n import _
from questionnaires.text import fold

SKIP, RESPONDENT, ROLE = "skip", "respondent", "role"
CHOICES = (SKIP, RESPONDENT, ROLE)
AUTO_CONFIDENCE = 0.8  # a close match at least this alike is applied without asking
PROPOSE_CONFIDENCE = 0.5  # below this, no question is proposed at all
AMBIGUITY_MARGIN = 0.03  # a runner-up this close makes a close match a proposal only
CODE_CONFIDENCE_CAP = 0.79  # a code merely like an id ("cultq1") is only ever proposed
WORDS_CONFIDENCE = 0.95

Use = Literal["question", "respondent", "role", "skip", "metadata", "identity", "unmatched", "blank"]


@dataclass(frozen=True)
class ColumnMatch:
    """What one column of the file holds, and how sure the importer is of it."""

    index: int
    header: str
    use: Use
    question_id: str | None = None  # the question answered, or proposed for an unmatched column
    confidence: float = 0.0
    how: str = ""  # "id", "replaced", "text", "close", "mapping", or the kind of a column that is no question
    kind: ColumnKind | None = None

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)

    @property
    def described(self) -> str:
        """ "column C 'Header'", as problems name a column."""
        return described_column(self.letter, self.header)


def match_columns(
    headers: Sequence[Header], bank: Bank, mapping: Mapping[str, str] | None = None
) -> list[ColumnMatch]:
    """One :class:`ColumnMatch` per header, in file order (see the module doc)."""
    index = _QuestionIndex(bank)
    chosen = {fold(key): value for key, value in (mapping or {}).items()}
    matches: dict[int, ColumnMatch] = {}
    pending: list[int] = []
    for position, header in enumerate(headers):
        key = fold(header.text)
        if not key:
            matches[position] = ColumnMatch(position, header.text, "blank")
        elif key in chosen and (chosen[key] in CHOICES or bank.has_question(chosen[key])):
            matches[position] = _chosen(position, header.text, chosen[key])
        elif (exact := index.exact(header.variants)) is not None:
            question, how, confidence = exact
            matches[position] = ColumnMatch(position, header.text, "question", question.id, confidence, how)
        elif (kind := column_kind(key)) is not None:
            matches[position] = _other(position, header.text, kind)
        else:
            pending.append(position)
    claimed = {m.question_id for m in matches.values() if m.use == "question"}
    matches.update(_close_matches(headers, pending, index, claimed))
    return [matches[position] for position in range(len(headers))]


def _chosen(position: int, header: str, choice: str) -> ColumnMatch:
    if choice == SKIP:
        return ColumnMatch(position, header, "skip", how="mapping")
    if choice in (RESPONDENT, ROLE):
        return ColumnMatch(position, header, choice, how="mapping")  # type: ignore[arg-type]
    return ColumnMatch(position, header, "question", choice, 1.0, "mapping")


def _other(position: int, header: str, kind: ColumnKind) -> ColumnMatch:
    if kind == "role":
        return ColumnMatch(position, header, "role", how=kind, kind=kind)
    if kind == "metadata":
        return ColumnMatch(position, header, "metadata", how=kind, kind=kind)
    return ColumnMatch(position, header, "identity", how=kind, kind=kind)


def _close_matches(
    headers: Sequence[Header], pending: list[int], index: _QuestionIndex, claimed: set[str | None]
) -> dict[int, ColumnMatch]:
    scored = {position: index.close(headers[position].variants, claimed) for position in pending}
    pairs = sorted(
        ((score, position, question) for position, ranked in scored.items() for score, question in ranked),
        key=lambda pair: (-pair[0], pair[1]),
    )
    best: dict[int, tuple[float, Question]] = {}
    for score, position, question in pairs:
        if position not in best and question.id not in claimed:
            best[position] = (score, question)
            claimed.add(question.id)
    matches = {}
    for position in pending:
        header = headers[position].text
        if position not in best:
            matches[position] = ColumnMatch(position, header, "unmatched")
            continue
        score, question = best[position]
        runner_up = max((s for s, q in scored[position] if q.id != question.id), default=0.0)
        sure = score >= AUTO_CONFIDENCE and (
            score >= WORDS_CONFIDENCE or score - runner_up >= AMBIGUITY_MARGIN
        )
        use: Use = "question" if sure else "unmatched"
        matches[position] = ColumnMatch(position, header, use, question.id, round(score, 2), "close")
    return matches


class _QuestionIndex:
    """The bank's questions by every key a column may use, and their words for close matching."""

    def __init__(self, bank: Bank) -> None:
        self.questions = bank.questions
        self.ids = {fold(q.id): q for q in bank.questions}
        self.codes = {_alnum(q.id): q for q in bank.questions}
        # The ids questions had in earlier bank versions (``replaces:``): last year's export.
        self.replaced = {fold(old): bank.question(new) for old, new in bank.replaced_ids.items()}
        self.texts = {fold(q.text): q for q in bank.questions}
        self.words = {_words(q.text): q for q in bank.questions}

    def exact(self, variants: Sequence[str]) -> tuple[Question, str, float] | None:
        """The question a variant names by id (also without punctuation: LimeSurvey codes) or text."""
        for variant in variants:
            if variant in self.ids:
                return self.ids[variant], "id", 1.0
            if variant in self.replaced:
                return self.replaced[variant], "replaced", 1.0
            if " " not in variant and _alnum(variant) in self.codes:
                return self.codes[_alnum(variant)], "id", 1.0
            if variant in self.texts:
                return self.texts[variant], "text", 1.0
        for variant in variants:
            if _words(variant) in self.words:
                return self.words[_words(variant)], "text", WORDS_CONFIDENCE
        return None

    def close(self, variants: Sequence[str], claimed: set[str | None]) -> list[tuple[float, Question]]:
        """Each unclaimed question at least :data:`PROPOSE_CONFIDENCE` alike, best first."""
        ranked = []
        for question in self.questions:
            if question.id in claimed:
                continue
            score = max(_likeness(variant, question) for variant in variants)
            if score >= PROPOSE_CONFIDENCE:
                ranked.append((score, question))
        return sorted(ranked, key=lambda pair: -pair[0])


def _likeness(variant: str, question: Question) -> float:
    words, text = _words(variant), _words(question.text)
    by_text = max(
        _ratio(words, text), _ratio(" ".join(sorted(words.split())), " ".join(sorted(text.split())))
    )
    if " " in variant:
        return by_text
    return max(by_text, min(_ratio(_alnum(variant), _alnum(question.id)), CODE_CONFIDENCE_CAP))


def _ratio(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < PROPOSE_CONFIDENCE or matcher.quick_ratio() < PROPOSE_CONFIDENCE:
        return 0.0
    return matcher.ratio()


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).replace("’", "'")).split())


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


# --- mappings: reading a mapping file, turning decisions into one --------------------------------------


def read_mapping(data: bytes | str, *, filename: str, bank: Bank) -> dict[str, str]:
    """A mapping file's columns → question ids (or skip, respondent, role), every problem listed.

    The file is a JSON object: ``{"Column header": "culture.leadership-mandate", "Comments": "skip"}``.
    """
    try:
        loaded = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise file_error(filename, _("is not valid JSON ({reason})").format(reason=error)) from None
    if not isinstance(loaded, dict):
        raise file_error(
            filename, _('a mapping is a JSON object of column headers to question ids or "skip"')
        )
    problems = []
    mapping: dict[str, str] = {}
    for header, target in loaded.items():
        value = fold(target) if isinstance(target, str) else ""
        if value in CHOICES:
            mapping[header] = value
        elif isinstance(target, str) and bank.has_question(target.strip()):
            mapping[header] = target.strip()
        else:
            hint = difflib.get_close_matches(str(target), [q.id for q in bank.questions], n=1)
            message = (
                _(
                    "{target} is not a question id of the bank, nor skip, respondent or role "
                    "(did you mean '{close}'?)"
                ).format(target=repr(target), close=hint[0])
                if hint
                else _("{target} is not a question id of the bank, nor skip, respondent or role").format(
                    target=repr(target)
                )
            )
            problems.append(ImportProblem(None, _("column '{header}'").format(header=header), message))
    if problems:
        raise ImportFileError(filename, problems)
    return mapping


def mapping_of(matches: Sequence[ColumnMatch]) -> dict[str, str]:
    """The decisions ``matches`` stand for, as a mapping (for a file, or to remember)."""
    mapping = {}
    for match in matches:
        if match.use == "question" and match.question_id:
            mapping[match.header] = match.question_id
        elif match.use in ("skip", "metadata"):
            mapping[match.header] = SKIP
        elif match.use in ("respondent", "role") and match.how == "mapping":
            mapping[match.header] = match.use
    return mapping
