"""The scoring engine: answers table + bank → scores, for one assessment or thousands at once.

:func:`score_tables` is the vectorised core: it codes the answers, counts them with one
``np.bincount`` over (assessment, question, answer code) and multiplies the resulting
(assessments × questions) arrays with the bank's weight matrices. There is no Python loop
over answers or assessments. :func:`score_assessment` and :func:`assessment_result` turn
one assessment's row of those arrays into the full :class:`AssessmentResult`, with
targets, backlog and roadmap (its question and dimension scores are built in
:mod:`scoring.assessment_scores`; levels and weighted means follow :mod:`scoring.scale`).
The method is documented in ``docs/scoring.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from questionnaires import Bank
from scoring.answers import AnswerProblem, AnswersError, CodedAnswers, code_answers
from scoring.assessment_scores import assessment_row, dimension_scores, question_scores
from scoring.backlog import build_backlog
from scoring.matrices import KINDS, BankMatrices, bank_matrices
from scoring.options import ScoringOptions
from scoring.results import AssessmentResult
from scoring.roadmap import plan_roadmap
from scoring.scale import LEVEL_TOLERANCE, ratio, score_of
from scoring.statistics import QuestionStats, count_codes, question_stats


@dataclass(frozen=True)
class DimensionTables:
    """One kind of dimension for every assessment: rows are assessments, columns dimension ids."""

    score: pd.DataFrame
    coverage: pd.DataFrame
    answered_questions: pd.DataFrame


@dataclass(frozen=True)
class ScoreTables:
    """Scores of many assessments, as tables; the input of comparisons and result objects.

    * ``overall``: one row per assessment (sorted ids) with ``score`` (1–5 or NaN when
      not scored), ``index`` (0–100), ``level``, ``coverage``, ``respondents``, ``answers``;
    * ``questions``: one row per (assessment, question) in bank order with the answer
      counts, ``level_1`` … ``level_5``, mean, median, minimum, maximum, std, agreement,
      discussion, answered_share and applicable;
    * ``dimensions``: "area", "step" and "pillar" → :class:`DimensionTables`;
    * ``stats`` holds the same question figures as arrays shaped (assessments, questions),
      and ``notes`` the respondents' non-empty notes.
    """

    bank_version: str
    assessment_ids: tuple[str, ...]
    overall: pd.DataFrame
    questions: pd.DataFrame
    dimensions: dict[str, DimensionTables]
    stats: QuestionStats
    notes: pd.DataFrame

    def position(self, assessment_id: str) -> int:
        """Row of ``assessment_id`` in every table; KeyError when it has no answers."""
        return self.overall.index.get_loc(assessment_id)


def score_tables(answers: pd.DataFrame, bank: Bank) -> ScoreTables:
    """Question, area, step, pillar and overall scores of every assessment in ``answers``.

    Raises :class:`~scoring.answers.AnswersError` naming every bad row. An empty table
    gives tables with no rows.
    """
    matrices = bank_matrices(bank)
    coded = code_answers(answers, matrices.question_ids, bank.replaced_ids)
    shape = (len(coded.assessment_ids), len(matrices.question_ids))
    stats = question_stats(count_codes(coded.assessment, coded.question, coded.code, shape))
    return _tables(coded, stats, matrices, bank.version)


def score_assessment(
    answers: pd.DataFrame,
    bank: Bank,
    options: ScoringOptions | None = None,
    *,
    assessment_id: str | None = None,
) -> AssessmentResult:
    """The full result of one assessment: scores, questions, backlog and roadmap.

    Without ``assessment_id`` the table must hold exactly one assessment. With it, that
    assessment's rows are scored (the whole table is still validated); an assessment with
    no rows at all gives a result where everything is "not scored".
    """
    tables = score_tables(answers, bank)
    if assessment_id is None:
        if len(tables.assessment_ids) != 1:
            found = ", ".join(map(repr, tables.assessment_ids[:5])) or "none"
            raise AnswersError(
                [
                    AnswerProblem(
                        None,
                        f"expected the answers of one assessment, found {len(tables.assessment_ids)} "
                        f"({found}); name the assessment to score or use score_assessments",
                    )
                ]
            )
        assessment_id = tables.assessment_ids[0]
    return assessment_result(tables, assessment_id, bank, options)


def score_assessments(
    answers: pd.DataFrame, bank: Bank, options: ScoringOptions | None = None
) -> tuple[AssessmentResult, ...]:
    """Full results of every assessment in ``answers``, in assessment id order, same options for all."""
    tables = score_tables(answers, bank)
    return tuple(
        assessment_result(tables, assessment_id, bank, options) for assessment_id in tables.assessment_ids
    )


def assessment_result(
    tables: ScoreTables, assessment_id: str, bank: Bank, options: ScoringOptions | None = None
) -> AssessmentResult:
    """Build one assessment's :class:`AssessmentResult` from already computed tables.

    ``options`` (targets, focus, WIP limits) apply to this assessment only, so callers can
    score many assessments in one :func:`score_tables` call and still give each its own.
    An id that is not in ``tables`` gives an all-"not scored" result.
    """
    if tables.bank_version != bank.version:
        raise ValueError(f"the tables were scored with bank {tables.bank_version}, not {bank.version}")
    options = options or ScoringOptions()
    options.check(bank)
    matrices = bank_matrices(bank)
    row = assessment_row(tables, assessment_id, matrices)
    questions = question_scores(row, matrices, bank, options)
    targets = np.array([score.target for score in questions], dtype=np.float64)
    dimensions = {kind: dimension_scores(kind, row, matrices, bank, options, targets) for kind in KINDS}
    backlog = build_backlog(bank, questions, options)
    return AssessmentResult(
        assessment_id=assessment_id,
        bank_version=bank.version,
        respondents=row.respondents,
        overall=score_of(row.overall, row.overall_coverage, bank),
        areas=dimensions["area"],
        steps=dimensions["step"],
        pillars=dimensions["pillar"],
        questions=questions,
        backlog=backlog,
        roadmap=plan_roadmap(backlog, options),
        focus_steps=tuple(options.focus_steps),
        focus_pillars=tuple(options.focus_pillars),
        discussion_points=tuple(score.question_id for score in questions if score.discussion),
    )


# --- the vectorised core ------------------------------------------------------------------


def _tables(coded: CodedAnswers, stats: QuestionStats, matrices: BankMatrices, version: str) -> ScoreTables:
    assessments = pd.Index(coded.assessment_ids, name="assessment", dtype=object)
    answered = stats.answers > 0
    numerator, denominator, answered_weight, applicable_weight = _weighted_sums(
        np.stack([np.where(answered, stats.mean, 0.0), answered, stats.answered_share, stats.applicable]),
        matrices.combined,
    )
    # counts of answered questions: whole numbers, exact whatever the order of the sum
    answered_questions = (answered.astype(np.float64) @ matrices.linked.T).astype(np.int64)
    dimensions: dict[str, DimensionTables] = {}
    for kind in KINDS:
        columns = matrices.columns[kind]
        labels = pd.Index(matrices.ids[kind], name=kind, dtype=object)
        dimensions[kind] = DimensionTables(
            score=pd.DataFrame(
                ratio(numerator[:, columns], denominator[:, columns]), index=assessments, columns=labels
            ),
            coverage=pd.DataFrame(
                _coverage(answered_weight[:, columns], applicable_weight[:, columns]),
                index=assessments,
                columns=labels,
            ),
            answered_questions=pd.DataFrame(
                answered_questions[:, columns], index=assessments, columns=labels
            ),
        )
    overall = _overall(dimensions["area"].score.to_numpy(), matrices.area_weights)
    whole = matrices.columns["overall"]
    with np.errstate(invalid="ignore"):
        levels = np.floor(overall + LEVEL_TOLERANCE)
    overall_table = pd.DataFrame(
        {
            "score": overall,
            "index": (overall - 1.0) / 4.0 * 100.0,
            "level": levels,
            "coverage": _coverage(answered_weight[:, whole], applicable_weight[:, whole])[:, 0],
            "respondents": coded.respondents,
            "answers": stats.answers.sum(axis=1),
        },
        index=assessments,
    )
    return ScoreTables(
        bank_version=version,
        assessment_ids=coded.assessment_ids,
        overall=overall_table,
        questions=_question_table(stats, assessments, matrices),
        dimensions=dimensions,
        stats=stats,
        notes=coded.notes,
    )


def _weighted_sums(quantities: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ_q x_q · weights[k, q] for every quantity x, assessment and column k.

    ``np.einsum`` without BLAS adds the terms of each sum in question order whatever the
    number of assessments, so an assessment gets bit-for-bit the same scores alone or
    among thousands (a BLAS matrix product groups the terms differently for different
    shapes, which shows as last-digit differences and broken ties in rankings).
    """
    return np.einsum("xaq,kq->xak", quantities, weights, optimize=False)


def _coverage(answered_weight: np.ndarray, applicable_weight: np.ndarray) -> np.ndarray:
    """Answered weight / applicable weight; 0 when nothing is applicable."""
    with np.errstate(invalid="ignore", divide="ignore"):
        share = answered_weight / applicable_weight
    return np.where(applicable_weight > 0, share, 0.0)


def _overall(area_scores: np.ndarray, area_weights: np.ndarray) -> np.ndarray:
    """Mean of the scored areas, each weighted by the total weight of its questions."""
    scored = ~np.isnan(area_scores)
    numerator = np.zeros(len(area_scores))
    denominator = np.zeros(len(area_scores))
    for column, weight in enumerate(area_weights):  # five columns, added in area order
        numerator += np.where(scored[:, column], area_scores[:, column] * weight, 0.0)
        denominator += np.where(scored[:, column], weight, 0.0)
    return ratio(numerator, denominator)


def _question_table(stats: QuestionStats, assessments: pd.Index, matrices: BankMatrices) -> pd.DataFrame:
    count = len(assessments)
    questions = len(matrices.question_ids)
    index = pd.MultiIndex(
        levels=[assessments, pd.Index(matrices.question_ids, name="question", dtype=object)],
        codes=[np.repeat(np.arange(count), questions), np.tile(np.arange(questions), count)],
        verify_integrity=False,  # a product of two unique indexes, built here
    )
    columns = {
        "area": pd.Categorical.from_codes(
            np.tile(matrices.question_area, count), categories=matrices.ids["area"]
        ),
        "answers": stats.answers.ravel(),
        "not_applicable": stats.not_applicable.ravel(),
        "dont_know": stats.dont_know.ravel(),
        **{f"level_{level}": stats.distribution[..., level - 1].ravel() for level in range(1, 6)},
        "mean": stats.mean.ravel(),
        "median": stats.median.ravel(),
        "minimum": stats.minimum.ravel(),
        "maximum": stats.maximum.ravel(),
        "std": stats.std.ravel(),
        "agreement": stats.agreement.ravel(),
        "discussion": stats.discussion.ravel(),
        "answered_share": stats.answered_share.ravel(),
        "applicable": stats.applicable.ravel(),
    }
    return pd.DataFrame(columns, index=index, copy=False)  # the arrays are read-only: no defensive copy
