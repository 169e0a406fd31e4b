"""The 1–5 maturity scale: the weighted mean that puts a score on it, the level a score reaches
and the :class:`~scoring.results.Score` that names it.

One set of rules for the score tables of many assessments (:mod:`scoring.engine`) and the
result objects of one (:mod:`scoring.assessment_scores`).
"""

from __future__ import annotations

import math

import numpy as np

from questionnaires import Bank
from questionnaires.schema import HIGHEST_LEVEL
from scoring.results import Score

LEVEL_TOLERANCE = 1e-9  # a mean of 2.9999999999 from float rounding is level 3, not 2
ALMOST_MARGIN = 0.05  # a score this close below the next level reads "almost <next level>"


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """A weighted mean on the 1–5 scale: NaN (not scored) where nothing was answered."""
    with np.errstate(invalid="ignore", divide="ignore"):
        value = numerator / denominator
    return np.clip(np.where(denominator > 0, value, np.nan), 1.0, 5.0)


def level_of(value: float) -> int:
    """The maturity level of a score: its floor, tolerant of float rounding just below a whole level."""
    return min(5, max(1, math.floor(value + LEVEL_TOLERANCE)))


def score_of(value: float, coverage: float, bank: Bank) -> Score:
    """A :class:`Score` from a raw value (NaN when not scored), with its level and level name."""
    if math.isnan(value):
        return Score(value=None, coverage=coverage)
    level = level_of(value)
    almost = level < HIGHEST_LEVEL and value >= level + 1 - ALMOST_MARGIN
    return Score(
        value=value,
        coverage=coverage,
        level=level,
        level_name=bank.framework.level_name(level),
        almost_level_name=bank.framework.level_name(level + 1) if almost else None,
    )
