"""Load and validate a question bank directory into typed, immutable objects.

A bank directory holds ``framework.yaml`` and one file per area under ``areas/``.
Each file is validated here against its schema; the links between files are checked by
:mod:`questionnaires.bank_checks`. ``check_bank`` returns every problem it finds (for content
authors); ``load_bank`` raises :class:`BankError` listing them, and caches the result until a
file changes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from questionnaires.bank_checks import cross_reference_problems
from questionnaires.i18n import _, ngettext
from questionnaires.problem_text import Problem, located, validation_message
from questionnaires.schema import Area, AreaFile, Framework, Question

DEFAULT_BANK_DIR = Path(__file__).resolve().parent / "bank"
FRAMEWORK_FILE = "framework.yaml"
AREAS_DIR = "areas"

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BankError(Exception):
    """A bank that cannot be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        listing = "\n".join(f"  - {problem}" for problem in problems)
        count = len(problems)
        heading = ngettext(
            "the question bank has {count} problem(s):", "the question bank has {count} problem(s):", count
        )
        super().__init__(f"{heading.format(count=count)}\n{listing}")


@dataclass(frozen=True)
class Bank:
    """The validated framework and all questions, in area order then file order."""

    framework: Framework
    questions: tuple[Question, ...]
    version: str
    source: Path

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @property
    def areas(self) -> tuple[Area, ...]:
        return self.framework.areas

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    @cached_property
    def replaced_ids(self) -> dict[str, str]:
        """Each id of an earlier bank version (``replaces:``) and the id of the question replacing it."""
        return {old: question.id for question in self.questions for old in question.replaces}

    def current(self, question_id: str) -> Question | None:
        """The question with this id, or the one that replaces it (``replaces:``): an answers file
        written for an earlier bank version still reads; None when neither exists."""
        return self._by_id.get(self.replaced_ids.get(question_id, question_id))

    def questions_in(self, area_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.area == area_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: the framework and each area with its questions."""
        framework = self.framework.model_dump(mode="json", exclude={"areas"})
        areas = [
            {
                **area.model_dump(mode="json"),
                "questions": [q.model_dump(mode="json") for q in self.questions_in(area.id)],
            }
            for area in self.framework.areas
        ]
        return {"version": self.version, "framework": framework, "areas": areas}


def load_bank(path: Path | str = DEFAULT_BANK_DIR) -> Bank:
    """Load a bank directory, cached until one of its files changes on disk."""
    directory = Path(path).resolve()
    key = (directory, _fingerprint(directory))
    with _cache_lock:
        cached = _cache.get(directory)
        if cached is not None and cached[0] == key:
            return cached[1]
    bank = _load_uncached(directory)
    with _cache_lock:
        _cache[directory] = (key, bank)
    return bank


def read_bank(path: Path | str) -> Bank:
    """Load a bank directory without the cache: for a bank read once, such as an upload."""
    return _load_uncached(Path(path).resolve())


def check_bank(path: Path | str) -> list[Problem]:
    """Every problem in a bank directory; an empty list means it loads."""
    try:
        _load_uncached(Path(path).resolve())
    except BankError as error:
        return error.problems
    return []


_cache: dict[Path, tuple[tuple[Path, tuple[tuple[str, int, int], ...]], Bank]] = {}
_cache_lock = threading.Lock()


def _bank_files(directory: Path) -> list[Path]:
    areas = sorted((directory / AREAS_DIR).glob("*.yaml")) if (directory / AREAS_DIR).is_dir() else []
    return [directory / FRAMEWORK_FILE, *areas]


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    stamps = []
    for file in _bank_files(directory):
        try:
            stat = file.stat()
        except OSError:
            stamps.append((str(file), -1, -1))
        else:
            stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def _load_uncached(directory: Path) -> Bank:
    if not directory.is_dir():
        raise BankError([Problem(str(directory), None, _("is not a directory"))])
    problems: list[Problem] = []
    digest = hashlib.sha256()
    framework_path, *area_paths = _bank_files(directory)

    framework = _parse_framework(framework_path, directory, problems, digest)
    if not area_paths:
        problems.append(
            Problem(_relative(directory / AREAS_DIR, directory), None, _("no area files (*.yaml) found"))
        )
    area_files = [
        (_relative(path, directory), parsed)
        for path in area_paths
        if (parsed := _parse_area_file(path, directory, problems, digest)) is not None
    ]
    if framework is None:
        raise BankError(problems)

    present = {path.stem for path in area_paths}
    problems.extend(cross_reference_problems(framework, area_files, present, AREAS_DIR))
    if problems:
        raise BankError(problems)

    questions_by_area = {area_file.area: area_file.questions for _, area_file in area_files}
    ordered = tuple(q for area in framework.areas for q in questions_by_area.get(area.id, ()))
    return Bank(framework=framework, questions=ordered, version=digest.hexdigest()[:12], source=directory)


def _read_yaml(path: Path, directory: Path, problems: list[Problem], digest: Any) -> Any:
    name = _relative(path, directory)
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(
            Problem(name, None, _("cannot be read: {reason}").format(reason=error.strerror or error))
        )
        return None
    digest.update(name.encode() + b"\0" + raw + b"\0")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(name, None, _("is not UTF-8 text (byte {position})").format(position=error.start))
        )
        return None
    try:
        data = yaml.load(text, Loader=_YamlLoader)
    except yaml.YAMLError as error:
        problems.append(
            Problem(name, None, _("invalid YAML {position}").format(position=_yaml_position(error)))
        )
        return None
    if data is None:
        problems.append(Problem(name, None, _("is empty")))
    return data


def _yaml_position(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return f"({problem})"
    return _("at line {line}, column {column}: {problem}").format(
        line=mark.line + 1, column=mark.column + 1, problem=problem
    )


def _parse_framework(path: Path, directory: Path, problems: list[Problem], digest: Any) -> Framework | None:
    data = _read_yaml(path, directory, problems, digest)
    if data is None:
        return None
    try:
        return Framework.model_validate(data)
    except ValidationError as error:
        name = _relative(path, directory)
        problems.extend(Problem(name, None, message) for message in _messages(error))
        return None


def _parse_area_file(path: Path, directory: Path, problems: list[Problem], digest: Any) -> AreaFile | None:
    name = _relative(path, directory)
    data = _read_yaml(path, directory, problems, digest)
    if data is None:
        return None
    try:
        return AreaFile.model_validate(data)
    except ValidationError as error:
        problems.extend(_area_problems(name, data, error))
        return None


def _area_problems(name: str, data: Any, error: ValidationError) -> Iterator[Problem]:
    raw_questions = data.get("questions") if isinstance(data, dict) else None
    for detail in error.errors():
        location = detail["loc"]
        question = None
        field_path = location
        if len(location) >= 2 and location[0] == "questions" and isinstance(location[1], int):
            question = _raw_question_id(raw_questions, location[1])
            field_path = location[2:]
        where = ".".join(str(part) for part in field_path)
        message = validation_message(detail)
        yield Problem(name, question, located(where, message))


def _raw_question_id(raw_questions: Any, index: int) -> str:
    try:
        question_id = raw_questions[index].get("id")
    except (AttributeError, IndexError, KeyError, TypeError):
        question_id = None
    return str(question_id) if question_id else f"#{index + 1} (no id)"


def _messages(error: ValidationError) -> Iterator[str]:
    for detail in error.errors():
        where = ".".join(str(part) for part in detail["loc"])
        message = validation_message(detail)
        yield located(where, message)


def _relative(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)
