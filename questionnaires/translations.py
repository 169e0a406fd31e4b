"""The question bank in other languages: read, check and apply ``translations/<lang>/``.

English, in ``framework.yaml`` and ``areas/*.yaml``, is the source. Each other language has a
folder ``translations/<lang>/`` mirroring it with only the texts: ``framework.yaml`` (levels,
steps, pillars, areas) and ``areas/<area>.yaml`` (each question's text, help, level descriptors
and actions), keyed by the English ids (see docs/authoring.md, "Translating the bank").

* :func:`translated` gives the bank in a language: same ids, weights, links and version, every
  text translated, English kept for a field whose translation is missing or empty.
* :func:`read_language` reads a language's folder and reports what is wrong with its structure;
  :func:`questionnaires.translation_gaps.missing_translations` adds what the language lacks.
* :func:`languages` names the languages a bank directory ships.

Translations are not part of the bank's version: answers and scores do not depend on the
language a question was read in, and loading the English bank never reads them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from questionnaires.i18n import _
from questionnaires.loader import (
    AREAS_DIR,
    DEFAULT_BANK_DIR,
    FRAMEWORK_FILE,
    Bank,
    BankError,
    Problem,
    _fingerprint,
    load_bank,
)
from questionnaires.problem_text import located, validation_message
from questionnaires.schema import LEVELS, Question

SOURCE_LANGUAGE = "en"
TRANSLATIONS_DIR = "translations"

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Optional so a missing text is reported by ``translation_gaps`` rather than refused.
Maybe = str | None


class _Translation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class LevelText(_Translation):
    name: Maybe = None
    meaning: Maybe = None


class NamedText(_Translation):
    name: Maybe = None
    description: Maybe = None


class ActionText(_Translation):
    title: Annotated[str, Field(max_length=120)] | None = None  # as long as the English may be
    description: Maybe = None


class QuestionText(_Translation):
    text: Maybe = None
    help: Maybe = None
    levels: dict[int, Maybe] = Field(default_factory=dict)
    actions: dict[int, ActionText] = Field(default_factory=dict)


class FrameworkTranslation(_Translation):
    """``translations/<lang>/framework.yaml``."""

    language: str
    levels: dict[int, LevelText] = Field(default_factory=dict)
    steps: dict[str, NamedText] = Field(default_factory=dict)
    pillars: dict[str, NamedText] = Field(default_factory=dict)
    areas: dict[str, NamedText] = Field(default_factory=dict)


class AreaTranslation(_Translation):
    """``translations/<lang>/areas/<area>.yaml``."""

    language: str
    area: str
    questions: dict[str, QuestionText] = Field(default_factory=dict)


_T = TypeVar("_T", bound=_Translation)


@dataclass
class LanguageFiles:
    """One language folder as read: what parsed, and what is wrong with its structure."""

    framework: FrameworkTranslation | None = None
    areas: dict[str, AreaTranslation] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def languages(bank_dir: Path | str = DEFAULT_BANK_DIR) -> tuple[str, ...]:
    """English, then every language folder under ``translations/``, alphabetically."""
    folder = Path(bank_dir) / TRANSLATIONS_DIR
    found = sorted(
        child.name
        for child in (folder.iterdir() if folder.is_dir() else ())
        if child.is_dir() and not child.name.startswith((".", "_")) and child.name != SOURCE_LANGUAGE
    )
    return (SOURCE_LANGUAGE, *found)


def translated(bank: Bank, language: str) -> Bank:
    """``bank`` with every text in ``language``, English where a translation is missing or empty.

    Ids, weights, links, prerequisites and the version stay the bank's own, so scores are the
    same in every language. A language the bank does not ship gives the bank itself (everything
    falls back to English); malformed translation files raise :class:`BankError`, as a malformed
    bank does. Cached per bank version and language until a translation file changes.
    """
    folder = _home(bank) / TRANSLATIONS_DIR / language
    if language == SOURCE_LANGUAGE or not folder.is_dir():
        return bank
    key = (bank.version, bank.source, language)
    stamp = _fingerprint(folder)  # a language folder has a bank directory's layout
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    read = read_language(bank, language)
    if read.problems:
        raise BankError(read.problems)
    result = _apply(bank, read)
    with _cache_lock:
        if key not in _cache and len(_cache) >= _CACHE_SIZE:
            del _cache[next(iter(_cache))]  # the oldest: banks read once (uploads) come and go
        _cache[key] = (stamp, result)
    return result


def every_language(bank: Bank) -> tuple[Bank, ...]:
    """``bank`` in each language its directory ships, English first."""
    return tuple(translated(bank, language) for language in languages(_home(bank)))


_CACHE_SIZE = 32
_cache: dict[tuple[str, Path, str], tuple[tuple[tuple[str, int, int], ...], Bank]] = {}
_cache_lock = threading.Lock()


def translation_file_name(language: str, *parts: str) -> str:
    """A file of the language's folder as problems name it, relative to the bank directory."""
    return "/".join((TRANSLATIONS_DIR, language, *parts))


def _home(bank: Bank) -> Path:
    """The directory whose ``translations/`` serve ``bank``: its own, or the shipped bank's for
    the same version rebuilt from storage (which has no directory). An older stored version
    stays in English rather than take texts written for different English ones."""
    if (bank.source / TRANSLATIONS_DIR).is_dir() or bank.source == DEFAULT_BANK_DIR:
        return bank.source
    return DEFAULT_BANK_DIR if bank.version == load_bank(DEFAULT_BANK_DIR).version else bank.source


def read_language(bank: Bank, language: str) -> LanguageFiles:
    """Every file of the language's folder that parses, and what is wrong with its structure (a
    file that does not parse, an id the English bank lacks); one problem when there is no folder."""
    folder = _home(bank) / TRANSLATIONS_DIR / language
    read = LanguageFiles()
    if not folder.is_dir():
        shipped = ", ".join(languages(_home(bank)))
        message = _("no translation for language '{language}' (this bank has: {shipped})").format(
            language=language, shipped=shipped
        )
        read.problems.append(Problem(translation_file_name(language), None, message))
        return read
    name = translation_file_name(language, FRAMEWORK_FILE)
    data = _read_yaml(folder / FRAMEWORK_FILE, name, read.problems)
    if data is not None:
        read.framework = _validated(FrameworkTranslation, data, name, read.problems)
    if read.framework is not None:
        read.problems.extend(_framework_problems(bank, read.framework, name, language))

    area_ids = [area.id for area in bank.areas]
    for path in sorted((folder / AREAS_DIR).glob("*.yaml")):
        name = translation_file_name(language, AREAS_DIR, path.name)
        if path.stem not in area_ids:
            message = _("no English area file areas/{file} (areas: {areas})").format(
                file=path.name, areas=", ".join(area_ids)
            )
            read.problems.append(Problem(name, None, message))
            continue
        data = _read_yaml(path, name, read.problems)
        area = _validated(AreaTranslation, data, name, read.problems) if data is not None else None
        if area is not None:
            read.areas[path.stem] = area
            read.problems.extend(_area_problems(bank, area, path.stem, name, language))
    return read


def _read_yaml(path: Path, name: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None  # reported as missing by translation_gaps
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(name, None, _("cannot be read as UTF-8 text: {reason}").format(reason=error)))
        return None
    try:
        data = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", error)
        message = (
            _("invalid YAML at line {line}, column {column}: {problem}").format(
                line=mark.line + 1, column=mark.column + 1, problem=problem
            )
            if mark is not None
            else _("invalid YAML: {problem}").format(problem=problem)
        )
        problems.append(Problem(name, None, message))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(name, None, _("is empty or not a mapping of fields")))
        return None
    return data


def _validated(model: type[_T], data: dict[str, Any], name: str, problems: list[Problem]) -> _T | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            location = list(detail["loc"])
            question = None
            if len(location) >= 2 and location[0] == "questions":
                question, location = str(location[1]), location[2:]
            where = ".".join(str(part) for part in location)
            message = validation_message(detail)
            problems.append(Problem(name, question, located(where, message)))
        return None


def _unknown(kind: str, found: Mapping[Any, Any], known: list[Any]) -> Iterator[str]:
    for key in found:
        if key not in known:
            yield _("{field}: the English bank has no such id (known: {known})").format(
                field=f"{kind}.{key}", known=", ".join(map(str, known))
            )


def _framework_problems(
    bank: Bank, framework: FrameworkTranslation, name: str, language: str
) -> Iterator[Problem]:
    if framework.language != language:
        yield Problem(name, None, _wrong_language(framework.language, language))
    english = bank.framework
    for kind, found, known in (
        ("levels", framework.levels, list(LEVELS)),
        ("steps", framework.steps, [step.id for step in english.steps]),
        ("pillars", framework.pillars, [pillar.id for pillar in english.pillars]),
        ("areas", framework.areas, [area.id for area in english.areas]),
    ):
        for message in _unknown(kind, found, known):
            yield Problem(name, None, message)


def _area_problems(
    bank: Bank, area: AreaTranslation, area_id: str, name: str, language: str
) -> Iterator[Problem]:
    if area.language != language:
        yield Problem(name, None, _wrong_language(area.language, language))
    if area.area != area_id:
        yield Problem(
            name,
            None,
            _("area: '{found}' in the file for area '{area}'").format(found=area.area, area=area_id),
        )
    in_area = {question.id for question in bank.questions_in(area_id)}
    for question_id, text in area.questions.items():
        if question_id not in in_area:
            message = _("the English areas/{area}.yaml has no such question").format(area=area_id)
            yield Problem(name, question_id, message)
            continue
        english = bank.question(question_id)
        for message in _unknown("levels", text.levels, list(LEVELS)):
            yield Problem(name, question_id, message)
        for message in _unknown("actions", text.actions, sorted(english.actions)):
            yield Problem(name, question_id, message)


def _wrong_language(found: str, language: str) -> str:
    return _("language: '{found}' in the folder for '{language}'").format(found=found, language=language)


def _apply(bank: Bank, read: LanguageFiles) -> Bank:
    framework = read.framework or FrameworkTranslation(language="")
    english = bank.framework

    def named(record: Any, texts: Mapping[str, NamedText]) -> Any:
        text = texts.get(record.id) or NamedText()
        return record.model_copy(
            update={"name": text.name or record.name, "description": text.description or record.description}
        )

    levels = tuple(
        level.model_copy(update={"name": t.name or level.name, "meaning": t.meaning or level.meaning})
        for level in english.levels
        for t in (framework.levels.get(level.level) or LevelText(),)
    )
    new_framework = english.model_copy(
        update={
            "levels": levels,
            "steps": tuple(named(step, framework.steps) for step in english.steps),
            "pillars": tuple(named(pillar, framework.pillars) for pillar in english.pillars),
            "areas": tuple(named(area, framework.areas) for area in english.areas),
        }
    )
    questions = tuple(_translated_question(q, _question_text(read, q)) for q in bank.questions)
    return Bank(framework=new_framework, questions=questions, version=bank.version, source=bank.source)


def _question_text(read: LanguageFiles, question: Question) -> QuestionText:
    area = read.areas.get(question.area)
    return (area.questions.get(question.id) if area is not None else None) or QuestionText()


def _translated_question(question: Question, text: QuestionText) -> Question:
    actions = {
        level: action.model_copy(
            update={
                "title": (t := text.actions.get(level) or ActionText()).title or action.title,
                "description": t.description or action.description,
            }
        )
        for level, action in question.actions.items()
    }
    return question.model_copy(
        update={
            "text": text.text or question.text,
            "help": text.help or question.help,
            "levels": {
                level: text.levels.get(level) or descriptor for level, descriptor in question.levels.items()
            },
            "actions": actions,
        }
    )
