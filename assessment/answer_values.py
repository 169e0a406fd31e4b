"""Answers as people and survey tools write them, turned into the canonical form.

The canonical answer (see the answers-table contract) is an int level 1–5, ``"na"`` or
``"dont_know"``; the database stores it as text ("1".."5", "na", "dont_know").
Accepted on input, case- and space-insensitive: what ``scoring.answers.normalise_answer``
accepts (3, "3", "3.0", "N/A", "not applicable", "don't know", "dk", …), the framework's
level names ("Managed"), "4 - Managed"-style options, and a question's own level descriptor
text (what a survey built from the bank offers as choices).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assessment.errors import InvalidInputError
from questionnaires import Framework, Question
from scoring.answers import normalise_answer
from scoring.results import DONT_KNOW, NOT_APPLICABLE

Canonical = int | str

_NUMBERED_OPTION = re.compile(r"^([1-5])\s*[-–—:.)]\s*\S")
STORED_TO_CANONICAL: Mapping[str, Canonical] = {
    **{str(level): level for level in range(1, 6)},
    NOT_APPLICABLE: NOT_APPLICABLE,
    DONT_KNOW: DONT_KNOW,
}


def fold(text: str) -> str:
    """Text compared the forgiving way: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


def parse_answer(value: object, *, framework: Framework, question: Question | None = None) -> Canonical:
    """The canonical answer for ``value``; :class:`InvalidInputError` saying what is allowed."""
    try:
        return normalise_answer(value)
    except ValueError:
        pass
    if isinstance(value, str):
        text = fold(value)
        for level in framework.levels:
            if text == fold(level.name):
                return level.level
        if question is not None:
            for level, descriptor in question.levels.items():
                if text == fold(descriptor):
                    return level
        numbered = _NUMBERED_OPTION.match(text)
        if numbered:
            return int(numbered.group(1))
    raise InvalidInputError(invalid_answer_message(value, framework))


def invalid_answer_message(value: object, framework: Framework) -> str:
    shown = "(empty)" if value is None or (isinstance(value, str) and not value.strip()) else repr(value)
    names = ", ".join(level.name for level in framework.levels)
    return f"{shown} is not an answer: use a level 1 to 5, a level name ({names}), 'N/A' or \"don't know\""


def to_stored(answer: Canonical) -> str:
    return str(answer)
