"""The radar of an assessment's areas, guiding steps or pillars, with its table and summary.

A dimension that is not scored leaves a gap in the current line (never a 0). The radar is drawn
for a phone's 390 px as well as a desktop: names wrap in short lines, and the margins leave
room for the longest line on both sides, so no label is clipped.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from questionnaires.i18n import _
from scoring.formatting import SCORE_DIGITS, TABLE_DIGITS, level_name_text, percent_text, score_text
from scoring.results import DimensionScore
from ui.chart_style import (
    CURRENT_COLOUR,
    GRID_COLOUR,
    LABEL_COLOUR,
    LEVEL_TICKS,
    NOTHING_SCORED,
    ONLY_ONE,
    STRONGEST,
    TARGET_COLOUR,
    plotly_text,
    wrapped,
)

RADAR_WRAP = 14  # characters per line of a corner's name
RADAR_FONT_PX = 12
RADAR_CHAR_PX = 7  # about one character of the label font
RADAR_HEIGHT_PX = 460


def _closed(values: list) -> list:
    """A radar polygon returns to its first corner."""
    return [*values, values[0]] if values else values


def _radar_line(
    values: list,
    labels: list[str],
    name: str,
    line: dict[str, object],
    symbol: str,
    *,
    digits: int = SCORE_DIGITS,
    **style: object,
) -> go.Scatterpolar:
    """One closed line of the radar, its hover text written to ``digits`` decimals."""
    return go.Scatterpolar(
        r=values,
        theta=labels,
        name=name,
        mode="lines+markers",
        line=line,
        marker={"symbol": symbol, "size": 8},
        hovertemplate=f"%{{theta}}<br>{name} %{{r:.{digits}f}}<extra></extra>",
        **style,
    )


def side_margin_px(names: Sequence[str]) -> int:
    """Room on the left and right for the longest line of a corner's name (plotly's polar
    chart does not make room for its labels itself)."""
    longest = max(
        (len(line) for name in names for line in wrapped(name, RADAR_WRAP).split("<br>")), default=0
    )
    return 16 + RADAR_CHAR_PX * min(longest, RADAR_WRAP + 6)


def radar_figure(dimensions: Sequence[DimensionScore], *, title: str) -> go.Figure:
    """Current score against target for each area, step or pillar on the 1–5 scale."""
    labels = _closed([wrapped(d.name, RADAR_WRAP) for d in dimensions])
    current = _closed([d.score.value for d in dimensions])
    targets = _closed([d.target for d in dimensions])
    figure = go.Figure()
    figure.add_trace(
        _radar_line(
            targets, labels, _("Target"), {"color": TARGET_COLOUR, "dash": "dash", "width": 2}, "diamond"
        )
    )
    figure.add_trace(
        _radar_line(
            current,
            labels,
            _("Current"),
            {"color": CURRENT_COLOUR, "width": 3},
            "circle",
            digits=TABLE_DIGITS,
            fill="toself",
            fillcolor="rgba(0, 114, 178, 0.18)",
            connectgaps=False,
        )
    )
    side = side_margin_px([d.name for d in dimensions])
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        polar={
            "radialaxis": {
                "range": [0, 5],
                "tickvals": list(LEVEL_TICKS),
                "gridcolor": GRID_COLOUR,
                "angle": 90,
                "tickangle": 90,
                "tickfont": {"color": LABEL_COLOUR},
            },
            "angularaxis": {
                "gridcolor": GRID_COLOUR,
                "direction": "clockwise",
                "tickfont": {"color": LABEL_COLOUR, "size": RADAR_FONT_PX},
            },
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0.5, "xanchor": "center"},
        margin={"l": side, "r": side, "t": 90, "b": 50},
        height=RADAR_HEIGHT_PX,
    )
    return figure


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
