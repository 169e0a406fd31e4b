"""Many assessments side by side, and the change of one unit between two assessments.

Ranks use standard competition ranking on the overall score (1 is the highest; equal
scores share a rank, the next rank is skipped: 1, 2, 2, 4). An entry's percentile is the
share of the *other* scored entries it beats, ties counting half:
100 × (lower + ½ · equal) / (scored − 1); None when it is not scored or has no peer.
Entries that are not scored come last, without rank or percentile, never as 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from questionnaires import Bank
from scoring.engine import ScoreTables, score_of
from scoring.matrices import KINDS, bank_matrices
from scoring.results import (
    AssessmentResult,
    Change,
    Comparison,
    ComparisonEntry,
    DimensionChange,
    Score,
)


@dataclass(frozen=True)
class _Frames:
    """Overall score and coverage per assessment id, and one assessment × dimension frame per kind."""

    overall: pd.Series
    coverage: pd.Series
    matrices: dict[str, pd.DataFrame]


def compare(
    scores: ScoreTables | Sequence[AssessmentResult],
    bank: Bank,
    *,
    labels: Mapping[str, str] | None = None,
    changes: Mapping[str, tuple[str, str]] | None = None,
) -> Comparison:
    """Rank assessments against each other.

    ``scores`` holds every assessment needed, from one :func:`~scoring.engine.score_tables`
    call or as results. ``labels`` maps the assessment ids to show to their unit label
    (default: every assessment, labelled by its id). ``changes`` maps a label to the two
    assessment ids (earlier, later; both in ``scores``) whose change to report for that unit:
    which two rounds to compare is the caller's rule.
    """
    frames = _frames(scores)
    labels = dict(labels) if labels is not None else {str(i): str(i) for i in frames.overall.index}
    missing = [
        assessment_id
        for assessment_id in [*labels, *(i for pair in (changes or {}).values() for i in pair)]
        if assessment_id not in frames.overall.index
    ]
    if missing:
        raise KeyError(f"no scores for assessment(s) {', '.join(map(repr, missing))}")
    names = _dimension_names(bank)
    ids = list(labels)
    overall = frames.overall.reindex(ids).to_numpy(dtype=np.float64)
    ranks, percentiles = _ranks(overall)
    order = sorted(range(len(ids)), key=lambda i: (ranks[i] is None, ranks[i] or 0, labels[ids[i]]))
    entries = tuple(
        ComparisonEntry(
            label=labels[ids[i]],
            assessment_id=ids[i],
            overall=score_of(float(overall[i]), float(frames.coverage[ids[i]]), bank),
            rank=ranks[i],
            percentile=percentiles[i],
        )
        for i in order
    )
    ordered_ids = [ids[i] for i in order]
    row_labels = pd.Index([labels[i] for i in ordered_ids], name="unit", dtype=object)
    matrices = {
        kind: frames.matrices[kind].reindex(ordered_ids).set_axis(row_labels, axis=0) for kind in KINDS
    }
    return Comparison(
        entries=entries,
        matrices=matrices,
        dimension_names=names,
        changes=tuple(
            _change(frames, names, unit, before, after) for unit, (before, after) in (changes or {}).items()
        ),
        ranks={kind: matrix.rank(ascending=False, method="min") for kind, matrix in matrices.items()},
    )


def change_between(before: AssessmentResult, after: AssessmentResult, unit: str) -> Change:
    """How ``unit`` moved from its ``before`` to its ``after`` assessment, overall and per dimension."""
    frames = _frames([before, after])
    names = {
        dimension.id: dimension.name
        for result in (before, after)
        for dimension in (*result.areas, *result.steps, *result.pillars)
    }
    return _change(frames, names, unit, before.assessment_id, after.assessment_id)


def _frames(scores: ScoreTables | Sequence[AssessmentResult]) -> _Frames:
    if isinstance(scores, ScoreTables):
        return _Frames(
            overall=scores.overall["score"],
            coverage=scores.overall["coverage"],
            matrices={kind: scores.dimensions[kind].score for kind in KINDS},
        )
    ids = pd.Index([result.assessment_id for result in scores], name="assessment", dtype=object)
    by_kind = {
        kind: [getattr(result, attribute) for result in scores]
        for kind, attribute in (("area", "areas"), ("step", "steps"), ("pillar", "pillars"))
    }
    return _Frames(
        overall=pd.Series([_value(result.overall) for result in scores], index=ids, dtype=np.float64),
        coverage=pd.Series([result.overall.coverage for result in scores], index=ids, dtype=np.float64),
        matrices={
            kind: pd.DataFrame(
                [[_value(dimension.score) for dimension in dimensions] for dimensions in rows],
                index=ids,
                columns=pd.Index(
                    [dimension.id for dimension in rows[0]] if rows else [], name=kind, dtype=object
                ),
                dtype=np.float64,
            )
            for kind, rows in by_kind.items()
        },
    )


def _ranks(overall: np.ndarray) -> tuple[list[int | None], list[float | None]]:
    scored = overall[~np.isnan(overall)]
    peers = len(scored) - 1
    ranks: list[int | None] = []
    percentiles: list[float | None] = []
    for value in overall:
        if math.isnan(value):
            ranks.append(None)
            percentiles.append(None)
            continue
        higher = int((scored > value).sum())
        lower = int((scored < value).sum())
        ties = peers - higher - lower
        ranks.append(higher + 1)
        percentiles.append(100.0 * (lower + 0.5 * ties) / peers if peers > 0 else None)
    return ranks, percentiles


def _change(frames: _Frames, names: Mapping[str, str], unit: str, before_id: str, after_id: str) -> Change:
    before = _optional(frames.overall.get(before_id))
    after = _optional(frames.overall.get(after_id))
    dimensions = []
    for kind in KINDS:
        matrix = frames.matrices[kind]
        for dimension_id in matrix.columns:
            old = _optional(matrix.at[before_id, dimension_id])
            new = _optional(matrix.at[after_id, dimension_id])
            dimensions.append(
                DimensionChange(
                    kind=kind,  # type: ignore[arg-type]
                    id=str(dimension_id),
                    name=names.get(str(dimension_id), str(dimension_id)),
                    before=old,
                    after=new,
                    delta=_delta(old, new),
                )
            )
    return Change(
        unit=unit,
        before_assessment_id=before_id,
        after_assessment_id=after_id,
        overall_before=before,
        overall_after=after,
        overall_delta=_delta(before, after),
        dimensions=tuple(dimensions),
    )


def _dimension_names(bank: Bank) -> dict[str, str]:
    matrices = bank_matrices(bank)
    return {
        dimension_id: name
        for kind in KINDS
        for dimension_id, name in zip(matrices.ids[kind], matrices.names[kind], strict=True)
    }


def _value(score: Score) -> float:
    return math.nan if score.value is None else score.value


def _optional(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _delta(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else after - before
