"""Scores, levels and changes as people read them: one set of rules for the pages, the PDFs and the CLI.

Pure text functions (no Streamlit, no reportlab), so every layer above ``scoring`` uses them.

The rules:

- **Not scored** reads "–" (an en dash), never 0 and never "nan": ``None`` and NaN both mean
  that no answer stands behind the number.
- **Scores** on the 1–5 scale (and gaps, means, standard deviations on the same scale) have
  one decimal by default: in sentences, chart labels, heatmap cells, targets and the PDFs.
  Screen tables and headline metrics, where people compare neighbouring values, pass
  ``TABLE_DIGITS`` (two decimals). A median is a whole or half level: one decimal.
- **The index** (0–100), percentiles and ranks are whole numbers; **shares** (coverage,
  agreement) are whole percentages.
- **Changes** always carry a sign: "+0.4", "−0.3", and "±0.0" when they round to nothing,
  with the same decimals as the scores they compare. Print uses the true minus sign
  (``MINUS``), which is never read as a hyphen; the pages pass ``minus=HYPHEN_MINUS``, the
  sign their tables, chart labels and summaries have always shown.
- **A level** reads "3 · Defined": its number and the framework's name for it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only annotations: the CLI imports this module without numpy and pandas
    from scoring.results import Score

NOT_SCORED = "–"
NOT_SCORED_WORDS = "not scored"
MINUS = "\u2212"
HYPHEN_MINUS = "-"
SCORE_DIGITS = 1
TABLE_DIGITS = 2


def is_missing(value: float | None) -> bool:
    """True for a number that is not there: None, or NaN (a blank cell of a score matrix)."""
    return value is None or math.isnan(value)


def score_text(value: float | None, digits: int = SCORE_DIGITS) -> str:
    """A 1–5 score (or a gap, mean or spread on that scale): "3.2", or "–" when not scored."""
    return NOT_SCORED if is_missing(value) else f"{value:.{digits}f}"


def index_text(value: float | None) -> str:
    """The 0–100 maturity index or a percentile, as a whole number."""
    return NOT_SCORED if is_missing(value) else f"{value:.0f}"


def rank_text(rank: int | None) -> str:
    """A rank in a comparison; units that are not scored have none."""
    return NOT_SCORED if rank is None else str(rank)


def percent_text(share: float | None) -> str:
    """A share between 0 and 1 (coverage, agreement) as a whole percentage: "88%"."""
    return NOT_SCORED if is_missing(share) else f"{share * 100:.0f}%"


def delta_text(value: float | None, digits: int = SCORE_DIGITS, *, minus: str = MINUS) -> str:
    """A change with its sign: "+0.4", "−0.3", or "±0.0" when it rounds to no change."""
    if is_missing(value):
        return NOT_SCORED
    if round(value, digits) == 0:
        return f"±{0:.{digits}f}"
    return f"+{value:.{digits}f}" if value > 0 else f"{minus}{-value:.{digits}f}"


def spread_text(minimum: int | None, maximum: int | None) -> str:
    """The range of levels people chose: "2–4", "3" when they all agree, "–" without answers."""
    if minimum is None or maximum is None:
        return NOT_SCORED
    return str(minimum) if minimum == maximum else f"{minimum}–{maximum}"


def level_text(score: Score) -> str:
    """The level a score reaches, number and name: "3 · Defined"."""
    return f"{score.level} · {score.level_name}" if score.scored else NOT_SCORED_WORDS


def level_name_text(score: Score, missing: str = NOT_SCORED_WORDS) -> str:
    """The name of the level a score reaches, or ``missing`` when it is not scored."""
    return score.level_name or missing


def score_with_level(score: Score | None, digits: int = TABLE_DIGITS) -> str:
    """A score and the name of its level, for a list of assessments: "3.25 · Defined"."""
    if score is None or not score.scored:
        return f"{NOT_SCORED_WORDS} yet"
    return f"{score_text(score.value, digits)} · {score.level_name}"
