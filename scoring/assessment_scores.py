"""One assessment's scores as result objects, read from the score tables of many.

:func:`assessment_row` takes the assessment's slice of every table (or an all-"not scored"
one for an assessment with no answers); :func:`question_scores` and :func:`dimension_scores`
turn it into the :class:`~scoring.results.QuestionScore` and
:class:`~scoring.results.DimensionScore` tuples of its
:class:`~scoring.results.AssessmentResult`, with the targets of the scoring options.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from questionnaires import Bank
from questionnaires.answers import CODE_COUNT
from scoring.matrices import KINDS, BankMatrices
from scoring.options import DEFAULT_AREA_TARGET, ScoringOptions
from scoring.results import DimensionScore, QuestionScore
from scoring.scale import ratio, score_of
from scoring.statistics import QuestionStats, question_stats

if TYPE_CHECKING:  # only the annotation: the engine imports this module to build its results
    from scoring.engine import ScoreTables


@dataclass(frozen=True)
class _Row:
    """One assessment's slice of the tables (or an empty one for an assessment with no answers)."""

    respondents: int
    stats: QuestionStats
    scores: dict[str, np.ndarray]
    coverage: dict[str, np.ndarray]
    answered: dict[str, np.ndarray]
    overall: float
    overall_coverage: float
    notes: Mapping[int, tuple[str, ...]]


def assessment_row(tables: ScoreTables, assessment_id: str, matrices: BankMatrices) -> _Row:
    if assessment_id in tables.overall.index:
        position = tables.position(assessment_id)
        stats = _stats_row(tables.stats, position)
        overall = tables.overall.iloc[position]
        notes = tables.notes[tables.notes["assessment"].to_numpy() == position]
        return _Row(
            respondents=int(overall["respondents"]),
            stats=stats,
            scores={kind: table.score.to_numpy()[position] for kind, table in tables.dimensions.items()},
            coverage={kind: table.coverage.to_numpy()[position] for kind, table in tables.dimensions.items()},
            answered={
                kind: table.answered_questions.to_numpy()[position]
                for kind, table in tables.dimensions.items()
            },
            overall=float(overall["score"]),
            overall_coverage=float(overall["coverage"]),
            notes={
                int(question): tuple(group["note"])
                for question, group in notes.groupby("question", sort=True)
            },
        )
    questions = len(matrices.question_ids)
    nothing = question_stats(np.zeros((CODE_COUNT, 1, questions), dtype=np.int64))
    return _Row(
        respondents=0,
        stats=_stats_row(nothing, 0),
        scores={kind: np.full(len(matrices.ids[kind]), np.nan) for kind in KINDS},
        coverage={kind: np.zeros(len(matrices.ids[kind])) for kind in KINDS},
        answered={kind: np.zeros(len(matrices.ids[kind]), dtype=np.int64) for kind in KINDS},
        overall=math.nan,
        overall_coverage=0.0,
        notes={},
    )


def _stats_row(stats: QuestionStats, position: int) -> QuestionStats:
    return QuestionStats(**{name: value[position] for name, value in vars(stats).items()})


def question_scores(
    row: _Row, matrices: BankMatrices, bank: Bank, options: ScoringOptions
) -> tuple[QuestionScore, ...]:
    stats = row.stats
    scores = []
    for position, question in enumerate(bank.questions):
        answered = bool(stats.answers[position] > 0)
        mean = float(stats.mean[position]) if answered else None
        target = options.question_target(question.id, question.area)
        scores.append(
            QuestionScore(
                question_id=question.id,
                area=question.area,
                mean=mean,
                median=float(stats.median[position]) if answered else None,
                minimum=int(stats.minimum[position]) if answered else None,
                maximum=int(stats.maximum[position]) if answered else None,
                std=float(stats.std[position]) if answered else None,
                answers=int(stats.answers[position]),
                not_applicable=int(stats.not_applicable[position]),
                dont_know=int(stats.dont_know[position]),
                agreement=float(stats.agreement[position]) if answered else None,
                discussion=bool(stats.discussion[position]),
                distribution=tuple(int(count) for count in stats.distribution[position]),
                target=target,
                gap=None if mean is None else target - mean,
                notes=row.notes.get(position, ()),
            )
        )
    return tuple(scores)


def dimension_scores(
    kind: str,
    row: _Row,
    matrices: BankMatrices,
    bank: Bank,
    options: ScoringOptions,
    question_targets: np.ndarray,
) -> tuple[DimensionScore, ...]:
    weights = matrices.weights[kind]
    linked = (weights > 0).sum(axis=0)
    if kind == "area":
        targets = np.array([options.area_target(area) for area in matrices.ids[kind]])
    else:
        targets = ratio(question_targets @ weights, weights.sum(axis=0))
    dimensions = []
    for column, (dimension_id, name) in enumerate(zip(matrices.ids[kind], matrices.names[kind], strict=True)):
        score = score_of(float(row.scores[kind][column]), float(row.coverage[kind][column]), bank)
        target = DEFAULT_AREA_TARGET if math.isnan(targets[column]) else float(targets[column])
        dimensions.append(
            DimensionScore(
                kind=kind,  # type: ignore[arg-type]
                id=dimension_id,
                name=name,
                score=score,
                target=target,
                gap=None if score.value is None else target - score.value,
                answered_questions=int(row.answered[kind][column]),
                linked_questions=int(linked[column]),
            )
        )
    return tuple(dimensions)
