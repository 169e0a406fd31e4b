"""Question statistics computed from answer counts, for every (assessment, question) at once.

The engine counts how many respondents gave each answer code to each question; every
statistic follows exactly from those counts (sums of small integers), so the result does
not depend on the order of rows or respondents.

* mean, median (the middle answer, or the mean of the two middle ones), minimum, maximum;
* std: the population standard deviation of the answers given (0 for one answer);
* agreement: Tastle and Wierman's consensus for ordinal scales,
  1 + Σ p_i·log2(1 − |i − mean| / 4): 1 when everyone gives the same level, 0 when the
  answers split evenly between 1 and 5;
* discussion: the answers spread over 2 levels or more (maximum − minimum ≥ 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from questionnaires.answers import CODE_COUNT, DK_CODE, NA_CODE

LEVEL_VALUES = np.arange(1, 6, dtype=np.float64)
SCALE_WIDTH = 4.0
DISCUSSION_SPREAD = 2


@dataclass(frozen=True)
class QuestionStats:
    """Arrays shaped (assessments, questions); NaN where a question has no level answer.

    ``distribution`` has a last axis of 5: how many respondents chose level 1 … 5.
    ``answers`` counts the level answers, ``not_applicable`` and ``dont_know`` the others.
    ``answered_share`` is levels / (levels + don't know): the evidence a question has.
    ``applicable`` is False only when every response to the question was "not applicable".
    """

    distribution: np.ndarray
    answers: np.ndarray
    not_applicable: np.ndarray
    dont_know: np.ndarray
    mean: np.ndarray
    median: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    std: np.ndarray
    agreement: np.ndarray
    discussion: np.ndarray
    answered_share: np.ndarray
    applicable: np.ndarray


def count_codes(
    assessment: np.ndarray, question: np.ndarray, code: np.ndarray, shape: tuple[int, int]
) -> np.ndarray:
    """How often each answer code was given, shaped (CODE_COUNT, assessments, questions).

    The code axis comes first so that each code's counts are one contiguous plane: the
    statistics below are then element-wise operations on a few planes, which numpy does
    much faster than reductions along a short last axis.
    """
    assessments, questions = shape
    cells = assessments * questions
    flat = code.astype(np.int64)
    flat *= cells
    flat += assessment.astype(np.int64) * questions
    flat += question
    return np.bincount(flat, minlength=CODE_COUNT * cells).reshape(CODE_COUNT, assessments, questions)


def question_stats(counts: np.ndarray) -> QuestionStats:
    """Every statistic of every (assessment, question) from the counts of :func:`count_codes`.

    Each step works plane by plane (one level's counts at a time): a handful of element-wise
    operations on (assessments × questions) arrays, which stay in cache.
    """
    levels = counts[1:6]
    dont_know = counts[DK_CODE]
    not_applicable = counts[NA_CODE]
    answers = _level_sum(levels, (1, 1, 1, 1, 1))
    answered = answers > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = _level_sum(levels, (1, 2, 3, 4, 5)) / answers
        variance = _level_sum(levels, (1, 4, 9, 16, 25)) / answers - mean**2
        agreement = _agreement(levels, answers, mean)
    minimum, median, maximum = _order_statistics(levels, answers)
    stats = QuestionStats(
        distribution=levels.transpose(1, 2, 0),
        answers=answers,
        not_applicable=not_applicable,
        dont_know=dont_know,
        mean=mean,
        median=median,
        minimum=minimum,
        maximum=maximum,
        std=np.sqrt(np.maximum(variance, 0.0)),
        agreement=agreement,
        discussion=answered & (maximum - minimum >= DISCUSSION_SPREAD),
        answered_share=answers / np.maximum(answers + dont_know, 1),
        applicable=answered | (dont_know > 0) | (not_applicable == 0),
    )
    for array in vars(stats).values():
        array.setflags(write=False)  # shared by the tables and every result built from them
    return stats


def _level_sum(levels: np.ndarray, factors: tuple[int, ...]) -> np.ndarray:
    """Σ factor_i · count_i over the five level planes, in whole numbers (exact)."""
    total = levels[0] * factors[0]
    for index in range(1, 5):
        total += levels[index] * factors[index]
    return total


def _agreement(levels: np.ndarray, answers: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Tastle–Wierman consensus 1 + Σ p_i·log2(1 − |i − mean|/4), as Σ p_i·log2(4 − |i − mean|) − 1.

    4 − |i − mean| is 0 only at the far end of the scale from the mean, where no answer
    lies, so it is floored at the smallest float to keep 0 · log2(0) out of the sum.
    """
    weighted = np.zeros(answers.shape)
    term = np.empty(answers.shape)
    for index, level in enumerate(LEVEL_VALUES):
        np.subtract(mean, level, out=term)
        np.abs(term, out=term)
        np.subtract(SCALE_WIDTH, term, out=term)
        np.maximum(term, np.finfo(np.float64).tiny, out=term)
        np.log2(term, out=term)
        term *= levels[index]
        weighted += term
    return np.clip(weighted / answers - 1.0, 0.0, 1.0)


def _order_statistics(levels: np.ndarray, answers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Minimum, median and maximum, read off the cumulative counts c_1 … c_4 (answers at or below a level).

    The answer at position p (from 0) is 1 + the number of levels with c_i ≤ p; the median
    is the mean of the answers at positions ⌊(n − 1)/2⌋ and ⌊n/2⌋. The minimum is 1 + the
    number of levels with c_i = 0, the maximum 5 − the number of levels with c_i = n.
    """
    lower_position = (answers - 1) // 2
    upper_position = answers // 2
    lower = np.ones(answers.shape, dtype=np.int64)
    upper = np.ones(answers.shape, dtype=np.int64)
    minimum = np.ones(answers.shape, dtype=np.int64)
    maximum = np.full(answers.shape, 5, dtype=np.int64)
    cumulative = levels[0].copy()
    for index in range(4):
        if index:
            cumulative += levels[index]
        lower += cumulative <= lower_position
        upper += cumulative <= upper_position
        minimum += cumulative == 0
        maximum -= cumulative == answers
    answered = answers > 0
    return (
        np.where(answered, minimum, np.nan),
        np.where(answered, (lower + upper) / 2.0, np.nan),
        np.where(answered, maximum, np.nan),
    )
