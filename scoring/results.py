"""Result objects of the scoring engine.

Plain frozen dataclasses: ``reports/`` and the app render them without recomputing
anything, and the CLI turns them into JSON with :func:`to_jsonable`. A score that has
no answered question behind it has ``value=None`` ("not scored"), never 0.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from questionnaires.schema import Effort

DimensionKind = Literal["area", "step", "pillar"]
HorizonId = Literal["now", "next", "later"]


@dataclass(frozen=True)
class Score:
    """A maturity score on the 1–5 scale, with the evidence behind it.

    ``coverage`` is answered weight / applicable weight (0–1); ``value`` is None when
    nothing applicable was answered.
    """

    value: float | None
    coverage: float
    level: int | None = None
    level_name: str | None = None
    # the name of the next level when the score is within ALMOST_MARGIN below it ("almost Defined")
    almost_level_name: str | None = None

    @property
    def scored(self) -> bool:
        return self.value is not None

    @property
    def index(self) -> float | None:
        """The score as an index 0–100: (score − 1) / 4 × 100."""
        return None if self.value is None else (self.value - 1.0) / 4.0 * 100.0


@dataclass(frozen=True)
class QuestionScore:
    """One question across an assessment's respondents."""

    question_id: str
    area: str
    mean: float | None
    median: float | None
    minimum: int | None
    maximum: int | None
    std: float | None
    answers: int
    not_applicable: int
    dont_know: int
    agreement: float | None
    discussion: bool
    distribution: tuple[int, int, int, int, int]
    target: int
    gap: float | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionScore:
    """An area, guiding step or pillar: its score against its target."""

    kind: DimensionKind
    id: str
    name: str
    score: Score
    target: float
    gap: float | None
    answered_questions: int
    linked_questions: int


@dataclass(frozen=True)
class BacklogItem:
    """One step up for one question: an action from the bank, ranked."""

    key: str
    rank: int
    question_id: str
    area: str
    from_level: int
    to_level: int
    title: str
    description: str
    effort: Effort
    priority: float
    steps: tuple[str, ...]
    pillars: tuple[str, ...]
    reason: str
    depends_on: tuple[str, ...] = ()
    # find out where the question stands (most answered "don't know"): no level step yet
    find_out: bool = False
    urgent: bool = False  # a security basic, ranked before the other steps


@dataclass(frozen=True)
class Horizon:
    id: HorizonId
    name: str
    start_month: int
    end_month: int
    limit: int
    items: tuple[BacklogItem, ...]


@dataclass(frozen=True)
class Roadmap:
    """Backlog items placed into Now / Next / Later; ``unscheduled`` did not fit.

    ``start_months`` gives each placed item's first month (0-based) by its key.
    """

    horizons: tuple[Horizon, ...]
    unscheduled: tuple[BacklogItem, ...] = ()
    start_months: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class AssessmentResult:
    assessment_id: str
    bank_version: str
    respondents: int
    overall: Score
    areas: tuple[DimensionScore, ...]
    steps: tuple[DimensionScore, ...]
    pillars: tuple[DimensionScore, ...]
    questions: tuple[QuestionScore, ...]
    backlog: tuple[BacklogItem, ...]
    roadmap: Roadmap
    focus_steps: tuple[str, ...] = ()
    focus_pillars: tuple[str, ...] = ()
    discussion_points: tuple[str, ...] = field(default=())


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples, numpy numbers and NaN turned into JSON-ready data (NaN becomes null).

    A DataFrame (the comparison matrices) becomes ``{row label: {column: value}}``.
    """
    if isinstance(value, pd.DataFrame):
        return {
            str(row): to_jsonable(dict(columns)) for row, columns in value.to_dict(orient="index").items()
        }
    if isinstance(value, np.generic):
        return to_jsonable(value.item())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Score):
            data["index"] = to_jsonable(value.index)
        return data
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


@dataclass(frozen=True)
class DimensionChange:
    """How one area, step or pillar moved between two assessments of a unit."""

    kind: DimensionKind
    id: str
    name: str
    before: float | None
    after: float | None
    delta: float | None


@dataclass(frozen=True)
class Change:
    """The change of one unit between an earlier and a later assessment."""

    unit: str
    before_assessment_id: str
    after_assessment_id: str
    overall_before: float | None
    overall_after: float | None
    overall_delta: float | None
    dimensions: tuple[DimensionChange, ...]


@dataclass(frozen=True)
class ComparisonEntry:
    """One unit's latest assessment in a comparison, with its rank among the others."""

    label: str
    assessment_id: str
    overall: Score
    rank: int | None
    percentile: float | None


@dataclass(frozen=True)
class VersionNote:
    """The question bank versions a comparison or trend spans, oldest first, and on how many
    questions its scores were computed (all of them when one version is involved)."""

    versions: tuple[str, ...]
    questions_compared: int

    @property
    def versions_differ(self) -> bool:
        return len(self.versions) > 1


@dataclass(frozen=True)
class UnitTrend:
    """One unit's rounds, oldest first, each with a label ("2025-03-01 Baseline") and its result;
    scored on the questions their bank versions share when those differ (``versions``)."""

    unit: str
    rounds: tuple[tuple[str, AssessmentResult], ...]
    versions: VersionNote


@dataclass(frozen=True)
class Comparison:
    """Many units side by side.

    ``matrices`` maps "area", "step" and "pillar" to a DataFrame: one row per entry label
    (in rank order), one column per dimension id, values the 1–5 score or NaN when not
    scored. ``changes`` holds each unit's change since its previous assessment, if any.
    ``ranks`` has the same shape as ``matrices``: each unit's rank per dimension (1 is the
    highest score, ties share a rank), NaN when not scored.
    """

    entries: tuple[ComparisonEntry, ...]
    matrices: dict[str, Any]
    dimension_names: dict[str, str]
    changes: tuple[Change, ...] = ()
    ranks: dict[str, Any] = field(default_factory=dict)
    versions: VersionNote | None = None  # None: computed before versions were compared
