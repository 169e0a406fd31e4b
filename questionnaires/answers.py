"""The answer vocabulary: what an answer is, how people write it, how it is stored and counted.

One answer has one shape everywhere, from the questionnaire page to the PDF: :data:`Answer`,
an int level 1–5, :data:`NOT_APPLICABLE` ("na") or :data:`DONT_KNOW` ("dont_know").

* **Read** with :func:`normalise_answer` (what any table may hold: 3, "3", "3.0", "N/A",
  "not applicable", "don't know", "dk", …) or :func:`parse_answer`, which also takes the
  framework's level names ("Managed"), "Level 4", a question's own level descriptor (what a
  survey built from the bank offers as choices), and any of these with the surrounding text
  survey tools add to their options: "4 - Managed", "Managed (4)", "N/A - not applicable",
  "Level 3: Defined". Case and spacing never matter. Given the ``bank``, it reads level names
  and descriptors in every language the bank ships (``translations/<lang>/``), so a survey
  built from the French or German bank imports like the English one.
* **Stored** in the database as short text (:func:`to_stored` / :func:`from_stored`): "1".."5",
  "na", "dont_know". The scoring engine reads that text straight from its bytes.
* **Counted** by the scoring engine as an answer code (:func:`answer_code`): 0 for not
  applicable, the level 1–5, 6 for don't know.
* **Shown** with :func:`answer_label` (:data:`ANSWER_LABELS`, or :data:`SHORT_ANSWER_LABELS` in
  narrow tables): interface words in the current language, not bank content.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Final, Literal

from questionnaires.i18n import LANGUAGES, LazyText, _, current_language, language, lazy_gettext
from questionnaires.text import fold

if TYPE_CHECKING:
    from questionnaires.loader import Bank
    from questionnaires.schema import Framework, MaturityLevel, Question

NOT_APPLICABLE: Final = "na"
DONT_KNOW: Final = "dont_know"
Answer = Literal[1, 2, 3, 4, 5, "na", "dont_know"]
LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5)
ANSWERS: tuple[Answer, ...] = (1, 2, 3, 4, 5, NOT_APPLICABLE, DONT_KNOW)

# Interface words, in the current language where they are shown: read them with answer_label().
ANSWER_LABELS: Mapping[str, LazyText] = {
    NOT_APPLICABLE: lazy_gettext("Not applicable"),
    DONT_KNOW: lazy_gettext("Don't know"),
}
SHORT_ANSWER_LABELS: Mapping[str, LazyText] = {
    NOT_APPLICABLE: lazy_gettext("N/A"),
    DONT_KNOW: lazy_gettext("Don't know"),
}

NA_CODE: Final = 0
DK_CODE: Final = 6
CODE_COUNT: Final = 7  # 0 = not applicable, 1–5 = levels, 6 = don't know
INVALID_CODE: Final = -1

NA_WORDS = frozenset(
    {"na", "n/a", "n.a.", "n. a.", "not applicable", "not_applicable", "not-applicable", "does not apply"}
)
DK_WORDS = frozenset(
    {
        "dont_know",
        "dont know",
        "don't know",
        "don’t know",
        "do not know",
        "dk",
        "dont-know",
        "i don't know",
        "i don’t know",
        "i do not know",
        "not sure",
    }
)

# "3 - Defined", "3) Defined", "3: …": a level number, a separator, then words (not "3.5").
_NUMBERED_OPTION = re.compile(r"^([1-5])\s*[-–—:.)=]\s*(?![\d\s])\S")
_LEVEL_WORD = re.compile(r"^level\s*([1-5])$")
# Where survey tools join an option's parts: "Defined (3)", "N/A - not applicable", "Level 3: Defined".
_PART_SEPARATORS = re.compile(r"\s+[-–—|/=]\s+|\s*[:()\[\]]\s*")
_FROM_STORED: Mapping[str, Answer] = {
    **{str(level): level for level in LEVELS},  # type: ignore[misc]
    NOT_APPLICABLE: NOT_APPLICABLE,
    DONT_KNOW: DONT_KNOW,
}


class AnswerError(ValueError):
    """A value that is not an answer; the message says what is allowed."""


def answer_code(value: object) -> int:
    """The engine's code of one written answer, or :data:`INVALID_CODE`.

    ``numbers.Integral`` and ``numbers.Real`` take numpy's scalars too (pandas hands those out).
    """
    if isinstance(value, bool) or value is None or type(value).__name__ == "bool_":
        return INVALID_CODE
    if isinstance(value, numbers.Integral):
        return int(value) if 1 <= value <= 5 else INVALID_CODE
    if isinstance(value, numbers.Real):
        number = float(value)
        whole = math.isfinite(number) and number.is_integer()
        return int(number) if whole and 1 <= number <= 5 else INVALID_CODE
    if not isinstance(value, str):
        return INVALID_CODE
    text = " ".join(value.strip().lower().split())
    if text in NA_WORDS:
        return NA_CODE
    if text in DK_WORDS:
        return DK_CODE
    try:
        return answer_code(float(text))
    except ValueError:
        return INVALID_CODE


def from_code(code: int) -> Answer:
    """The answer an engine code stands for."""
    if code == NA_CODE:
        return NOT_APPLICABLE
    if code == DK_CODE:
        return DONT_KNOW
    return code  # type: ignore[return-value]


def answer_problem(value: object) -> str:
    """Why ``value`` is not an answer, in words for the person who wrote it."""
    if isinstance(value, numbers.Number) and hasattr(value, "item"):
        value = value.item()  # numpy scalars print as plain numbers
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return _("answer is empty (use 'dont_know' or 'na' for a deliberate non-answer)")
    return _(
        "answer {value} is not a level 1 to 5, 'na' (not applicable) or 'dont_know' (don't know)"
    ).format(value=repr(value))


def normalise_answer(value: object) -> Answer:
    """One answer in canonical form; :class:`AnswerError` with a message for the user otherwise."""
    code = answer_code(value)
    if code == INVALID_CODE:
        raise AnswerError(answer_problem(value))
    return from_code(code)


def parse_answer(
    value: object, *, framework: Framework, question: Question | None = None, bank: Bank | None = None
) -> Answer:
    """The canonical answer for anything a person or a survey tool writes (see the module doc).

    ``bank`` (the bank ``framework`` and ``question`` come from) adds the level names and the
    question's descriptors of every language it ships; a text that names different levels in
    two languages is not read as either.
    """
    code = answer_code(value)
    if code != INVALID_CODE:
        return from_code(code)
    if isinstance(value, str):
        text = fold(value)
        words = _level_words(framework, question, bank)
        found = _one_answer(text, words)
        if found is None:
            found = _answer_in_option(text, words)
        if found is not None:
            return found
    shown = _("(empty)") if value is None or (isinstance(value, str) and not value.strip()) else repr(value)
    names = ", ".join(level.name for level in _levels_in_current_language(framework, bank))
    raise AnswerError(
        _(
            "{value} is not an answer: use a level 1 to 5, a level name ({names}), 'N/A' or \"don't know\""
        ).format(value=shown, names=names)
    )


def _levels_in_current_language(framework: Framework, bank: Bank | None) -> tuple[MaturityLevel, ...]:
    """The levels as the person reading the problem names them (the bank's own words without a bank)."""
    if bank is None:
        return framework.levels
    from questionnaires.loader import BankError
    from questionnaires.translations import translated  # reads YAML: only when asked

    try:
        return translated(bank, current_language()).framework.levels
    except BankError:  # a broken translation is the bank check's to report, not this answer's
        return framework.levels


def _level_words(framework: Framework, question: Question | None, bank: Bank | None) -> dict[str, int]:
    """Folded level names and descriptors (without a final full stop) → level, in every language."""
    versions: list[tuple[Framework, Question | None]] = [(framework, question)]
    if bank is not None:
        from questionnaires.translations import every_language  # reads YAML: only when asked

        versions += [
            (other.framework, other.question(question.id) if question is not None else None)
            for other in every_language(bank)[1:]
        ]
    found: dict[str, set[int]] = {}
    for version_framework, version_question in versions:
        for level in version_framework.levels:
            found.setdefault(fold(level.name).rstrip("."), set()).add(level.level)
        for level_number, descriptor in (version_question.levels if version_question else {}).items():
            found.setdefault(fold(descriptor).rstrip("."), set()).add(level_number)
    return {text: levels.pop() for text, levels in found.items() if len(levels) == 1}


def _one_answer(text: str, words: Mapping[str, int]) -> Answer | None:
    """``text`` (folded) read whole: a code word, a number, "level 3", a level name or descriptor."""
    code = answer_code(text)
    if code != INVALID_CODE:
        return from_code(code)
    level_word = _LEVEL_WORD.match(text)
    if level_word:
        return int(level_word.group(1))  # type: ignore[return-value]
    non_answer = _non_answer_words().get(text.rstrip("."))
    if non_answer is not None:
        return non_answer
    return words.get(text.rstrip("."))  # type: ignore[return-value]


@cache
def _non_answer_words() -> dict[str, Answer]:
    """The interface's own words for "not applicable" and "don't know", folded, in every shipped
    language ("sans objet", "weiß nicht"): a survey built from the app's labels imports as it is."""
    words: dict[str, Answer] = {}
    for code in LANGUAGES:
        with language(code):
            for labels in (ANSWER_LABELS, SHORT_ANSWER_LABELS):
                for answer, label in labels.items():
                    words[fold(str(label)).rstrip(".")] = answer  # type: ignore[assignment]
    return words


def _answer_in_option(text: str, words: Mapping[str, int]) -> Answer | None:
    """An option with surrounding text: a leading level number wins ("3 - Defined"), else the
    parts that read as answers must all agree ("Defined (3)", "N/A - not applicable")."""
    numbered = _NUMBERED_OPTION.match(text)
    if numbered:
        return int(numbered.group(1))  # type: ignore[return-value]
    parts = [part for part in _PART_SEPARATORS.split(text) if part]
    if len(parts) < 2:
        return None
    found = {_one_answer(part, words) for part in parts} - {None}
    return found.pop() if len(found) == 1 else None


def to_stored(answer: Answer) -> str:
    """The text the database keeps for an answer."""
    return str(answer)


def from_stored(text: str) -> Answer:
    """The answer the database's text stands for."""
    return _FROM_STORED[text]


def answer_label(answer: Answer, *, short: bool = False) -> str:
    """How an answer reads on a page, in the current language: "3", "Not applicable" ("N/A" when
    ``short``)."""
    labels = SHORT_ANSWER_LABELS if short else ANSWER_LABELS
    return str(labels.get(str(answer), answer))
