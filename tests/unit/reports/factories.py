"""Hand-built banks and scoring results for report tests and the report benchmark.

Reports take results as input, so these build ``AssessmentResult`` and ``Comparison``
objects directly, of any size, with the statistics worked out from a level distribution
(so min, max, mean and spread always agree with each other).
"""

from __future__ import annotations

import random
import shutil
import statistics
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from questionnaires import DEFAULT_BANK_DIR, load_bank
from questionnaires.loader import Bank
from scoring.results import (
    AssessmentResult,
    BacklogItem,
    Change,
    Comparison,
    ComparisonEntry,
    DimensionChange,
    DimensionScore,
    Horizon,
    QuestionScore,
    Roadmap,
    Score,
)

AREAS = ("culture", "devops", "architecture", "procurement", "skills")
STEPS = ("devops-cloud", "product-backlog", "layered-architecture", "supplier-collaboration", "digital-unit")
PILLARS = ("security", "interoperability", "identity", "data", "personalised-services")
LEVEL_NAMES = {1: "Initial", 2: "Developing", 3: "Defined", 4: "Managed", 5: "Optimising"}
HORIZONS = (("now", "Now", 0, 3, 5), ("next", "Next", 3, 12, 8), ("later", "Later", 12, 24, 12))
TARGET = 4.0


def write_bank(directory: Path, questions_per_area: int) -> Bank:
    """A valid bank of ``5 × questions_per_area`` questions on the shipped framework."""
    (directory / "areas").mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    for area_number, area in enumerate(AREAS):
        questions = [
            _question(f"{area}.q{number:02d}", area_number + number)
            for number in range(1, questions_per_area + 1)
        ]
        (directory / "areas" / f"{area}.yaml").write_text(
            yaml.safe_dump({"area": area, "questions": questions}, allow_unicode=True), "utf-8"
        )
    return load_bank(directory)


def _question(question_id: str, seed: int) -> dict[str, Any]:
    return {
        "id": question_id,
        "text": f"How far has the organisation come with practice {question_id} across its teams?",
        "help": "Look at what happens, not at what is planned.",
        "weight": 1 + seed % 3,
        "levels": {level: f"Observable state {level} of {question_id}." for level in range(1, 6)},
        "steps": {STEPS[seed % 5]: 1, STEPS[(seed + 2) % 5]: 0.5},
        "pillars": {PILLARS[seed % 5]: 1, PILLARS[(seed + 3) % 5]: 0.5},
        "actions": {
            level: {
                "title": f"Lift {question_id.split('.')[1]} to level {level}",
                "description": "Agree the next step with the team that owns it; review it in a month.",
                "effort": "SML"[(seed + level) % 3],
            }
            for level in range(2, 6)
        },
    }


def make_result(
    bank: Bank,
    *,
    respondents: int = 5,
    backlog_items: int = 60,
    answered_questions: int | None = None,
    notes_per_question: int = 0,
    seed: int = 1,
    assessment_id: str = "a-1",
) -> AssessmentResult:
    """A consistent result: the first ``answered_questions`` questions (default all) answered."""
    rng = random.Random(seed)
    answered = len(bank.questions) if answered_questions is None else answered_questions
    questions = tuple(
        _question_score(
            question, rng, respondents if index < answered and respondents else 0, notes_per_question
        )
        for index, question in enumerate(bank.questions)
    )
    by_id = {q.question_id: q for q in questions}
    areas = tuple(
        _dimension("area", area.id, area.name, [(q.weight, by_id[q.id]) for q in bank.questions_in(area.id)])
        for area in bank.areas
    )
    steps = tuple(
        _dimension(
            "step",
            step.id,
            step.name,
            [(q.weight * q.steps[step.id], by_id[q.id]) for q in bank.questions if step.id in q.steps],
        )
        for step in bank.framework.steps
    )
    pillars = tuple(
        _dimension(
            "pillar",
            pillar.id,
            pillar.name,
            [
                (q.weight * q.pillars[pillar.id], by_id[q.id])
                for q in bank.questions
                if pillar.id in q.pillars
            ],
        )
        for pillar in bank.framework.pillars
    )
    overall = _score([(q.weight, by_id[q.id]) for q in bank.questions])
    backlog = make_backlog(bank, backlog_items if answered else 0)
    return AssessmentResult(
        assessment_id=assessment_id,
        bank_version=bank.version,
        respondents=respondents if answered else 0,
        overall=overall,
        areas=areas,
        steps=steps,
        pillars=pillars,
        questions=questions,
        backlog=backlog,
        roadmap=make_roadmap(backlog),
        focus_steps=(STEPS[1],),
        focus_pillars=(PILLARS[0],),
        discussion_points=tuple(q.question_id for q in questions if q.discussion),
    )


def _question_score(question: Any, rng: random.Random, respondents: int, notes: int) -> QuestionScore:
    centre = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
    levels = [min(5, max(1, centre + rng.choice((-1, 0, 0, 0, 1, 2)))) for _ in range(respondents)]
    not_applicable = 1 if respondents > 3 and rng.random() < 0.1 else 0
    dont_know = 1 if respondents > 3 and rng.random() < 0.1 else 0
    levels = levels[: max(respondents - not_applicable - dont_know, 0)]
    distribution = tuple(levels.count(level) for level in range(1, 6))
    mean = statistics.fmean(levels) if levels else None
    spread = (max(levels) - min(levels)) if levels else None
    return QuestionScore(
        question_id=question.id,
        area=question.area,
        mean=mean,
        median=statistics.median(levels) if levels else None,
        minimum=min(levels) if levels else None,
        maximum=max(levels) if levels else None,
        std=statistics.pstdev(levels) if levels else None,
        answers=len(levels),
        not_applicable=not_applicable if levels else 0,
        dont_know=dont_know if levels else 0,
        agreement=None if spread is None else 1 - spread / 4,
        discussion=spread is not None and spread >= 2,
        distribution=distribution,  # type: ignore[arg-type]
        target=int(TARGET),
        gap=None if mean is None else max(TARGET - mean, 0.0),
        notes=tuple(f"Note {n + 1} on {question.id}: seen in two teams." for n in range(notes))
        if levels
        else (),
    )


def _score(weighted: Sequence[tuple[float, QuestionScore]]) -> Score:
    answered = [(weight, q.mean) for weight, q in weighted if q.mean is not None]
    total = sum(weight for weight, _ in weighted)
    if not answered:
        return Score(value=None, coverage=0.0)
    value = sum(weight * mean for weight, mean in answered) / sum(weight for weight, _ in answered)
    level = int(value)
    return Score(
        value=value,
        coverage=sum(weight for weight, _ in answered) / total,
        level=level,
        level_name=LEVEL_NAMES[level],
    )


def _dimension(
    kind: str, id_: str, name: str, weighted: Sequence[tuple[float, QuestionScore]]
) -> DimensionScore:
    score = _score(weighted)
    return DimensionScore(
        kind=kind,  # type: ignore[arg-type]
        id=id_,
        name=name,
        score=score,
        target=TARGET,
        gap=None if score.value is None else TARGET - score.value,
        answered_questions=sum(1 for _, q in weighted if q.mean is not None),
        linked_questions=len(weighted),
    )


def make_backlog(bank: Bank, count: int) -> tuple[BacklogItem, ...]:
    """``count`` items, cycling through the questions and their step-ups, ranked in order."""
    items = []
    questions = bank.questions
    for number in range(count):
        question = questions[number % len(questions)]
        to_level = 2 + (number // len(questions)) % 4
        action = question.actions[to_level]
        previous = f"{question.id}:{to_level - 1}" if number >= len(questions) else None
        items.append(
            BacklogItem(
                key=f"{question.id}:{to_level}",
                rank=number + 1,
                question_id=question.id,
                area=question.area,
                from_level=to_level - 1,
                to_level=to_level,
                title=action.title,
                description=action.description,
                effort=action.effort,
                priority=round(10 - number * 0.05, 2),
                steps=tuple(question.steps),
                pillars=tuple(question.pillars),
                reason=f"Gap of {1 + number % 3} levels on a question of weight {question.weight:g}; effort "
                f"{action.effort}.",
                depends_on=(previous,) if previous else (),
            )
        )
    return tuple(items)


def make_roadmap(backlog: Sequence[BacklogItem]) -> Roadmap:
    horizons = []
    start = 0
    for horizon_id, name, first, last, limit in HORIZONS:
        horizons.append(
            Horizon(
                id=horizon_id,
                name=name,
                start_month=first,
                end_month=last,
                limit=limit,  # type: ignore[arg-type]
                items=tuple(backlog[start : start + limit]),
            )
        )
        start += limit
    return Roadmap(horizons=tuple(horizons), unscheduled=tuple(backlog[start:]))


def with_backlog(result: AssessmentResult, backlog: Sequence[BacklogItem]) -> AssessmentResult:
    """``result`` with another backlog (and the roadmap that follows from it)."""
    return replace(result, backlog=tuple(backlog), roadmap=make_roadmap(backlog))


def make_comparison(
    bank: Bank, labels: Sequence[str], *, seed: int = 2, with_changes: bool = True
) -> Comparison:
    """Units with scores on every area, step and pillar; every third unit has a not-scored pillar."""
    rng = random.Random(seed)
    matrices: dict[str, pd.DataFrame] = {}
    names: dict[str, str] = {}
    kinds = {
        "area": [(a.id, a.name) for a in bank.areas],
        "step": [(s.id, s.name) for s in bank.framework.steps],
        "pillar": [(p.id, p.name) for p in bank.framework.pillars],
    }
    overall = {label: round(rng.uniform(1.4, 4.6), 2) for label in labels}
    ordered = sorted(labels, key=lambda label: -overall[label])
    for kind, dimensions in kinds.items():
        rows = []
        for position, label in enumerate(ordered):
            row = [min(5.0, max(1.0, overall[label] + rng.uniform(-0.9, 0.9))) for _ in dimensions]
            if kind == "pillar" and position % 3 == 2:
                row[-1] = np.nan
            rows.append(row)
        matrices[kind] = pd.DataFrame(rows, index=list(ordered), columns=[d for d, _ in dimensions])
        names.update(dict(dimensions))
    entries = tuple(
        ComparisonEntry(
            label=label,
            assessment_id=f"a-{position}",
            overall=Score(
                value=overall[label],
                coverage=round(rng.uniform(0.5, 1), 2),
                level=int(overall[label]),
                level_name=LEVEL_NAMES[int(overall[label])],
            ),
            rank=position + 1,
            percentile=100 * (len(ordered) - position - 1) / max(len(ordered) - 1, 1),
        )
        for position, label in enumerate(ordered)
    )
    changes = ()
    if with_changes:
        changes = tuple(
            _change(label, overall[label], matrices["area"].loc[label], names, rng)
            for position, label in enumerate(ordered)
            if position % 4 != 3
        )
    return Comparison(entries=entries, matrices=matrices, dimension_names=names, changes=changes)


def _change(label: str, after: float, areas: pd.Series, names: dict[str, str], rng: random.Random) -> Change:
    before = min(5.0, max(1.0, after - rng.uniform(-0.6, 1.2)))
    dimensions = []
    for area_id, value in areas.items():
        earlier = min(5.0, max(1.0, value - rng.uniform(-0.6, 1.2)))
        dimensions.append(
            DimensionChange(
                kind="area",
                id=str(area_id),
                name=names[str(area_id)],
                before=earlier,
                after=value,
                delta=value - earlier,
            )
        )
    return Change(
        unit=label,
        before_assessment_id=f"{label}-before",
        after_assessment_id=f"{label}-after",
        overall_before=before,
        overall_after=after,
        overall_delta=after - before,
        dimensions=tuple(dimensions),
    )
