"""Load and validate a question bank directory into typed, immutable objects.

A bank directory holds ``framework.yaml`` and one file per area under ``areas/``.
``check_bank`` returns every problem it finds (for content authors); ``load_bank``
raises :class:`BankError` listing them, and caches the result until a file changes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError

from questionnaires.i18n import _, ngettext
from questionnaires.problem_text import located, validation_message
from questionnaires.schema import Area, AreaFile, Framework, Question

DEFAULT_BANK_DIR = Path(__file__).resolve().parent / "bank"
FRAMEWORK_FILE = "framework.yaml"
AREAS_DIR = "areas"

_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Problem(NamedTuple):
    """One thing wrong with a bank: where it is and what is wrong."""

    file: str
    question: str | None
    message: str

    def __str__(self) -> str:
        where = (
            _("{file}: question '{question}'").format(file=self.file, question=self.question)
            if self.question
            else self.file
        )
        return located(where, self.message)


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
        (path, parsed)
        for path in area_paths
        if (parsed := _parse_area_file(path, directory, problems, digest)) is not None
    ]
    if framework is None:
        raise BankError(problems)

    present = {path.stem for path in area_paths}
    problems.extend(_cross_reference_problems(framework, area_files, present, directory))
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


def _cross_reference_problems(
    framework: Framework, area_files: list[tuple[Path, AreaFile]], present: set[str], directory: Path
) -> Iterator[Problem]:
    """Links between records; ``present`` holds the stems of every area file, parsed or not."""
    area_ids = {area.id for area in framework.areas}
    step_ids = {step.id for step in framework.steps}
    pillar_ids = {pillar.id for pillar in framework.pillars}
    first_seen: dict[str, str] = {}
    area_seen: dict[str, str] = {}
    prerequisites: dict[str, list[str]] = {}
    where_defined: dict[str, str] = {}
    replaces: dict[str, tuple[str, ...]] = {}

    for path, area_file in area_files:
        name = _relative(path, directory)
        if area_file.area not in area_ids:
            yield Problem(
                name,
                None,
                _("area '{area}' is not one of the framework's areas: {areas}").format(
                    area=area_file.area, areas=_listing(area_ids)
                ),
            )
        elif area_file.area in area_seen:
            yield Problem(
                name,
                None,
                _("area '{area}' is already defined in {file}").format(
                    area=area_file.area, file=area_seen[area_file.area]
                ),
            )
        else:
            area_seen[area_file.area] = name
        for question in area_file.questions:
            yield from _question_problems(name, question, area_file.area, step_ids, pillar_ids)
            if question.id in first_seen:
                yield Problem(
                    name,
                    question.id,
                    _("duplicate question id (already defined in {file})").format(
                        file=first_seen[question.id]
                    ),
                )
                continue
            first_seen[question.id] = name
            where_defined[question.id] = name
            prerequisites[question.id] = [p.question for p in question.prerequisites]
            replaces[question.id] = question.replaces

    for area_id in sorted(area_ids - set(area_seen) - present):
        yield Problem(AREAS_DIR, None, _("area '{area}' has no question file").format(area=area_id))

    for question_id, required in prerequisites.items():
        for target in required:
            if target not in prerequisites:
                yield Problem(
                    where_defined[question_id],
                    question_id,
                    _("prerequisite '{target}' is not a question in the bank").format(target=target),
                )
    replaced_by: dict[str, str] = {}
    for question_id, olds in replaces.items():
        for old in olds:
            if old in replaced_by:
                yield Problem(
                    where_defined[question_id],
                    question_id,
                    _("replaces '{old}', which '{other}' already replaces").format(
                        old=old, other=replaced_by[old]
                    ),
                )
            replaced_by.setdefault(old, question_id)
    for old, question_id in replaced_by.items():
        if old in prerequisites:
            yield Problem(
                where_defined[question_id],
                question_id,
                _("replaces '{old}', which is still a question in the bank: retire one of the two").format(
                    old=old
                ),
            )
    for cycle in _prerequisite_cycles(prerequisites):
        yield Problem(
            where_defined[cycle[0]],
            cycle[0],
            _("prerequisites form a cycle: {cycle}").format(cycle=" -> ".join(cycle)),
        )


def _question_problems(
    name: str, question: Question, area_id: str, step_ids: set[str], pillar_ids: set[str]
) -> Iterator[Problem]:
    if question.area != area_id:
        yield Problem(
            name, question.id, _("id must start with the file's area, '{area}.'").format(area=area_id)
        )
    for step in question.steps:
        if step not in step_ids:
            yield Problem(
                name,
                question.id,
                _("unknown guiding step '{step}' (known: {known})").format(
                    step=step, known=_listing(step_ids)
                ),
            )
    for pillar in question.pillars:
        if pillar not in pillar_ids:
            yield Problem(
                name,
                question.id,
                _("unknown pillar '{pillar}' (known: {known})").format(
                    pillar=pillar, known=_listing(pillar_ids)
                ),
            )


def _prerequisite_cycles(graph: dict[str, list[str]]) -> Iterable[list[str]]:
    """Each distinct cycle once, as a path that starts and ends on the same question."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    cycles: list[list[str]] = []
    for start in graph:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(graph.get(start, ())))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif child not in graph:
                continue
            elif state.get(child) == 1:
                cycles.append([*path[path.index(child) :], child])
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
    return cycles


def _relative(path: Path, directory: Path) -> str:
    try:
        return str(path.relative_to(directory))
    except ValueError:
        return str(path)


def _listing(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids))
