"""The links between a bank's records, checked once every area file has parsed.

Each file is valid against its schema on its own; these checks need the framework and all the
area files at once: every area has exactly one file, each question's id, guiding steps and
pillars name records of the framework, ids are unique, prerequisites name questions of the bank
and form no cycle, and each retired id (``replaces:``) is replaced by one question only. They
read no file: the loader hands over what it parsed, named as the problems should name it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from questionnaires.i18n import _
from questionnaires.problem_text import Problem
from questionnaires.schema import AreaFile, Framework, Question


def cross_reference_problems(
    framework: Framework, area_files: list[tuple[str, AreaFile]], present: set[str], areas_folder: str
) -> Iterator[Problem]:
    """Links between records: ``area_files`` pairs each parsed area file's name with its content,
    ``present`` holds the stems of every area file, parsed or not, and an area without a file is
    reported against ``areas_folder``."""
    area_ids = {area.id for area in framework.areas}
    step_ids = {step.id for step in framework.steps}
    pillar_ids = {pillar.id for pillar in framework.pillars}
    first_seen: dict[str, str] = {}
    area_seen: dict[str, str] = {}
    prerequisites: dict[str, list[str]] = {}
    where_defined: dict[str, str] = {}
    replaces: dict[str, tuple[str, ...]] = {}

    for name, area_file in area_files:
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
        yield Problem(areas_folder, None, _("area '{area}' has no question file").format(area=area_id))

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


def _listing(ids: Iterable[str]) -> str:
    return ", ".join(sorted(ids))
