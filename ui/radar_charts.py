"""The radar of an assessment's areas, guiding steps or pillars, with its table and summary.

The radar is the PDF's own drawing (``reports.charts.radar``), shown as inline SVG
(:mod:`ui.svg_chart`), in two sizes: for a desktop and for a phone's 390 px, where names wrap
in short lines of a larger size so they stay readable. A dimension that is not scored leaves
a gap in the current line and reads "not scored" (never a 0).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from reportlab.graphics.shapes import Drawing

from questionnaires.i18n import _
from reports import charts
from scoring.formatting import TABLE_DIGITS, level_name_text, percent_text, score_text
from scoring.results import DimensionScore
from ui.chart_style import NOTHING_SCORED, ONLY_ONE, STRONGEST

# Sizes in points, as reports.charts takes them; ui.svg_chart scales them to the container.
WIDE_RADAR = {"width": 460, "height": 290, "label_width": 120, "label_lines": 4}
NARROW_RADAR = {"width": 280, "height": 236, "label_width": 72, "label_lines": 4, "label_size": 8.5}


def radar_axes(dimensions: Sequence[DimensionScore]) -> list[charts.Axis]:
    """One spoke per dimension: its name, score (None when not scored) and target."""
    return [charts.Axis(d.name, d.score.value, d.target) for d in dimensions]


def radar_drawings(dimensions: Sequence[DimensionScore]) -> tuple[Drawing, Drawing]:
    """Current score against target on the 1–5 scale: (for a wide container, for a phone)."""
    axes = radar_axes(dimensions)
    return charts.radar(axes, **WIDE_RADAR), charts.radar(axes, **NARROW_RADAR)


def dimension_table(dimensions: Sequence[DimensionScore]) -> pd.DataFrame:
    """The radar as a table: one row per dimension, scores written out."""
    return pd.DataFrame(
        {
            _("Name"): [d.name for d in dimensions],
            _("Current (1–5)"): [score_text(d.score.value, TABLE_DIGITS) for d in dimensions],
            _("Level"): [level_name_text(d.score) for d in dimensions],
            _("Target"): [score_text(d.target) for d in dimensions],
            _("Gap"): [score_text(d.gap, TABLE_DIGITS) for d in dimensions],
            _("Coverage"): [percent_text(d.score.coverage) for d in dimensions],
            _("Answered questions"): [
                _("{answered} of {linked}").format(answered=d.answered_questions, linked=d.linked_questions)
                for d in dimensions
            ],
        }
    )


def radar_summary(dimensions: Sequence[DimensionScore], *, noun: str) -> str:
    """One sentence naming the strongest and weakest dimension and how many meet their target.

    ``noun`` is the kind ("area", "step" or "pillar"): each language words the sentence per kind.
    """
    scored = [d for d in dimensions if d.score.value is not None]
    if not scored:
        return str(NOTHING_SCORED[noun])
    strongest = max(scored, key=lambda d: d.score.value or 0.0)
    weakest = min(scored, key=lambda d: d.score.value or 0.0)
    met = sum(1 for d in scored if (d.score.value or 0.0) >= d.target)
    if len(scored) == 1:
        parts = [ONLY_ONE[noun].format(name=strongest.name, score=score_text(strongest.score.value))]
    else:
        parts = [
            STRONGEST[noun].format(name=strongest.name, score=score_text(strongest.score.value)),
            _("Weakest: {name} ({score}).").format(name=weakest.name, score=score_text(weakest.score.value)),
        ]
    parts.append(_("{met} of {count} at or above target.").format(met=met, count=len(dimensions)))
    unscored = len(dimensions) - len(scored)
    if unscored:
        parts.append(_("{count} not scored yet.").format(count=unscored))
    return " ".join(parts)
