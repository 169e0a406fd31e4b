"""One unit over time: its overall and area scores across its assessments, as a chart, a table
and a sentence.

The overall score is drawn in the current-score blue, thick and solid, and each area in its
own dark colour, dash pattern and marker. Dates read as everywhere else in the app
(:func:`scoring.formatting.date_text`), in the hover text too.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from assessment.records import TrendPoint
from questionnaires.i18n import _
from scoring.formatting import HYPHEN_MINUS, TABLE_DIGITS, date_text, delta_text, score_text
from ui.chart_style import CURRENT_COLOUR, GRID_COLOUR, LABEL_COLOUR, LEVEL_TICKS, plotly_text

# One (colour, dash, marker) per area line, each colour at least 4.5:1 on white; the dash and
# marker tell the lines apart without colour. More areas reuse them.
TREND_AREA_STYLES = (
    ("#A84300", "dash", "diamond"),  # dark orange, 6.1:1
    ("#007A5A", "dot", "square"),  # dark bluish green, 5.3:1
    ("#8E4585", "dashdot", "triangle-up"),  # dark reddish purple, 6.3:1
    ("#7A5C00", "longdash", "x"),  # dark ochre, 6.2:1
    ("#5C6370", "longdashdot", "star"),  # slate grey, 6.0:1
)
TREND_HEIGHT_PX = 460
HOVER_HEAD = "%{customdata[0]}<br>%{customdata[1]}<br>"  # the assessment's title and date


def _trend_areas(points: Sequence[TrendPoint]) -> dict[str, str]:
    """Area id → name, in the bank's order, across every point."""
    areas: dict[str, str] = {}
    for point in points:
        for area in point.result.areas:
            areas.setdefault(area.id, area.name)
    return areas


def _area_values(points: Sequence[TrendPoint], area_id: str) -> list[float | None]:
    """The area's score in each assessment; None (a gap) where it is not scored."""
    values = []
    for point in points:
        found = next((a for a in point.result.areas if a.id == area_id), None)
        values.append(found.score.value if found else None)
    return values


def trend_figure(points: Sequence[TrendPoint], *, title: str) -> go.Figure:
    """One unit's overall and area scores across its assessments, by assessment date (1–5).

    A score that is not scored is a gap in its line, never a 0; hovering shows the title.
    """
    dates = [point.assessment.assessed_on for point in points]
    # Title and date as the app writes them: plotly's own date format would be a third one.
    labels = [
        [plotly_text(point.assessment.title), date_text(point.assessment.assessed_on)] for point in points
    ]
    figure = go.Figure()
    for number, (area_id, name) in enumerate(_trend_areas(points).items()):
        colour, dash, symbol = TREND_AREA_STYLES[number % len(TREND_AREA_STYLES)]
        figure.add_trace(
            go.Scatter(
                x=dates,
                y=_area_values(points, area_id),
                name=plotly_text(name),
                mode="lines+markers",
                line={"color": colour, "width": 2, "dash": dash},
                marker={"symbol": symbol, "size": 8},
                customdata=labels,
                connectgaps=False,
                hovertemplate=f"{HOVER_HEAD}{plotly_text(name)} %{{y:.2f}}<extra></extra>",
            )
        )
    # Drawn last so the overall line stays on top of the area lines; first in the legend.
    figure.add_trace(
        go.Scatter(
            x=dates,
            y=[point.result.overall.value for point in points],
            name=_("Overall"),
            legendrank=1,
            mode="lines+markers",
            line={"color": CURRENT_COLOUR, "width": 4},
            marker={"symbol": "circle", "size": 10},
            customdata=labels,
            connectgaps=False,
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>"
            + _("Overall")
            + " %{y:.2f}<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": plotly_text(title)},
        font={"color": LABEL_COLOUR},
        height=TREND_HEIGHT_PX,
        margin={"l": 10, "r": 20, "t": 50, "b": 20},
        # Plotly picks the date ticks: ticks pinned to each assessment collide when two are
        # days apart (a self-assessment and a workshop). Hover and the table give exact dates.
        xaxis={
            "type": "date",
            "nticks": 6,
            "gridcolor": GRID_COLOUR,
            "tickfont": {"color": LABEL_COLOUR},
        },
        yaxis={
            "range": [0.8, 5.2],
            "tickvals": list(LEVEL_TICKS),
            # Streamlit's theme greys axis titles out; the theme's text colour keeps 4.5:1.
            "title": {"text": _("Score (1–5)"), "font": {"color": LABEL_COLOUR}},
            "gridcolor": GRID_COLOUR,
            "zeroline": False,
            "tickfont": {"color": LABEL_COLOUR},
        },
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "xanchor": "left"},
        plot_bgcolor="#FFFFFF",
    )
    return figure


def trend_table(points: Sequence[TrendPoint]) -> pd.DataFrame:
    """The trend as a table: one row per assessment, oldest first; "–" where not scored. Dates
    stay dates: the page's table writes them in the language's format, on one line."""
    areas = _trend_areas(points)
    table = pd.DataFrame(
        {
            _("Date"): [point.assessment.assessed_on for point in points],
            _("Title"): [point.assessment.title for point in points],
            _("Overall (1–5)"): [score_text(point.result.overall.value, TABLE_DIGITS) for point in points],
        }
    )
    for area_id, name in areas.items():
        table[name] = [score_text(value, TABLE_DIGITS) for value in _area_values(points, area_id)]
    return table


def _first_and_last(values: Sequence[float | None]) -> tuple[int, int] | None:
    """Positions of the first and last scored value, when at least two are scored."""
    scored = [i for i, value in enumerate(values) if value is not None]
    return (scored[0], scored[-1]) if len(scored) >= 2 else None


def trend_summary(points: Sequence[TrendPoint]) -> str:
    """One sentence: the overall score from the first to the last assessment, the biggest area moves.

    Each move runs from an area's first scored value to its last; not-scored values are skipped.
    """
    if not points:
        return _("This unit has no assessment yet.")
    overall = [point.result.overall.value for point in points]
    dates = [date_text(point.assessment.assessed_on) for point in points]
    if len(points) == 1:
        return _(
            "Only one assessment so far ({dates}, overall {score}): a trend needs two assessments."
        ).format(dates=dates[0], score=score_text(overall[0]))
    span = _first_and_last(overall)
    if span is None:
        return _("Overall is scored in fewer than two of the {count} assessments: no trend yet.").format(
            count=len(points)
        )
    first, last = span
    sentence = _(
        "Overall went from {score} ({dates}) to {score2} ({dates2}) over {count} assessments"
    ).format(
        score=score_text(overall[first]),
        dates=dates[first],
        score2=score_text(overall[last]),
        dates2=dates[last],
        count=len(points),
    )
    unscored = sum(1 for value in overall if value is None)
    if unscored:
        sentence += " " + _("({count} not scored)").format(count=unscored)
    moves = []
    for area_id, name in _trend_areas(points).items():
        values = _area_values(points, area_id)
        area_span = _first_and_last(values)
        if area_span is not None:
            moves.append((name, (values[area_span[1]] or 0.0) - (values[area_span[0]] or 0.0)))
    if moves:
        name, rise = max(moves, key=lambda move: move[1])
        sentence += (
            "; "
            + _("biggest rise: {name} ({change})").format(
                name=name, change=delta_text(rise, minus=HYPHEN_MINUS)
            )
            if rise >= 0.05
            else "; " + _("no area rose")
        )
        name, fall = min(moves, key=lambda move: move[1])
        if fall <= -0.05:
            sentence += "; " + _("biggest fall: {name} ({change})").format(
                name=name, change=delta_text(fall, minus=HYPHEN_MINUS)
            )
    return sentence + "."
