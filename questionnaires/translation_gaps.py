"""What a language's translation of the bank lacks or gets wrong, for ``bank --check``.

:func:`missing_translations` lists the problems found reading ``translations/<lang>/`` (a file
that does not parse, an id or field the English bank lacks), then every text of the English
bank the language leaves missing or empty. :mod:`questionnaires.translations` reads the files
and applies them; a gap there only means English shows through.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from questionnaires.i18n import _, ngettext
from questionnaires.loader import AREAS_DIR, FRAMEWORK_FILE, Bank, load_bank
from questionnaires.problem_text import Problem, located
from questionnaires.schema import LEVELS, Question
from questionnaires.translations import (
    SOURCE_LANGUAGE,
    TRANSLATIONS_DIR,
    FrameworkTranslation,
    LanguageFiles,
    QuestionText,
    read_language,
    translation_file_name,
)


def missing_translations(bank_dir: Path | str, language: str) -> list[Problem]:
    """Every missing or empty text of ``language``, and every id or field the English bank lacks.

    Each problem names the file (relative to ``bank_dir``), the question where there is one, and
    the field ("levels.3", "actions.4.title", "steps.devops-cloud.name"). English is complete
    by definition (``check_bank`` validates it); an empty list means the language is complete.
    """
    bank = load_bank(bank_dir)
    if language == SOURCE_LANGUAGE:
        return []
    read = read_language(bank, language)
    if not (bank.source / TRANSLATIONS_DIR / language).is_dir():
        return read.problems  # one problem for the whole language, not one per file
    return [*read.problems, *_gaps(bank, read, language)]


def _gap(value: str | None, present: bool) -> str | None:
    """Why a translated text is unusable, or None when it is there."""
    if not present:
        return _("missing translation")
    return None if value else _("empty translation")


def _gaps(bank: Bank, read: LanguageFiles, language: str) -> Iterator[Problem]:
    name = translation_file_name(language, FRAMEWORK_FILE)
    if read.framework is None:
        if not (bank.source / name).is_file():  # a malformed file is already reported
            message = _("missing: the framework's levels, steps, pillars and areas are untranslated")
            yield Problem(name, None, message)
    else:
        for where, record, fields in _framework_texts(bank, read.framework):
            for field_name in fields:
                gap = _gap(
                    getattr(record, field_name, None),
                    record is not None and field_name in record.model_fields_set,
                )
                if gap:
                    yield Problem(name, None, located(f"{where}.{field_name}", gap))
    for area in bank.areas:
        name = translation_file_name(language, AREAS_DIR, f"{area.id}.yaml")
        translation = read.areas.get(area.id)
        if translation is None:
            if not (bank.source / name).is_file():
                count = len(bank.questions_in(area.id))
                message = ngettext(
                    "missing: the area's {count} question(s) are untranslated",
                    "missing: the area's {count} question(s) are untranslated",
                    count,
                )
                yield Problem(name, None, message.format(count=count))
            continue
        for question in bank.questions_in(area.id):
            for where, gap in _question_gaps(question, translation.questions.get(question.id)):
                yield Problem(name, question.id, located(where, gap))


def _framework_texts(
    bank: Bank, framework: FrameworkTranslation
) -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    english = bank.framework
    for level in english.levels:
        yield f"levels.{level.level}", framework.levels.get(level.level), ("name", "meaning")
    for kind, records, translations in (
        ("steps", english.steps, framework.steps),
        ("pillars", english.pillars, framework.pillars),
        ("areas", english.areas, framework.areas),
    ):
        for record in records:
            yield f"{kind}.{record.id}", translations.get(record.id), ("name", "description")


def _question_gaps(question: Question, text: QuestionText | None) -> Iterator[tuple[str, str]]:
    if text is None:
        yield "text, help, levels and actions", _("missing translation")
        return
    for field_name in ("text", "help"):
        gap = _gap(getattr(text, field_name), field_name in text.model_fields_set)
        if gap:
            yield field_name, gap
    for level in LEVELS:
        gap = _gap(text.levels.get(level), level in text.levels)
        if gap:
            yield f"levels.{level}", gap
    for level in sorted(question.actions):
        action = text.actions.get(level)
        for field_name in ("title", "description"):
            present = action is not None and field_name in action.model_fields_set
            gap = _gap(getattr(action, field_name, None), present)
            if gap:
                yield f"actions.{level}.{field_name}", gap
