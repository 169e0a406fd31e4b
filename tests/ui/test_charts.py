"""The chart builders and their text alternatives, on hand-made result objects (no Streamlit run)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from assessment.records import AssessmentInfo, TrendPoint
from scoring.results import AssessmentResult, Change, DimensionChange, DimensionScore, Roadmap, Score
from ui import charts


def _dimension(name: str, value: float | None, target: float = 4.0) -> DimensionScore:
    level = None if value is None else int(value)
    score = Score(value, 0.0 if value is None else 1.0, level, None if value is None else f"Level {level}")
    gap = None if value is None else target - value
    return DimensionScore("area", name.lower(), name, score, target, gap, 0 if value is None else 3, 3)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_heatmap_cell_text_has_at_least_4_5_to_1_contrast_on_every_colour_of_the_scale() -> None:
    assert all(_contrast(charts.LABEL_COLOUR, colour) >= 4.5 for _, colour in charts.HEATMAP_SCALE)


def test_the_scale_gets_darker_from_level_1_to_level_5_so_it_reads_in_greyscale() -> None:
    lightness = [_luminance(colour) for _, colour in charts.HEATMAP_SCALE]
    assert lightness == sorted(lightness, reverse=True)


@pytest.mark.parametrize(
    "colour",
    [charts.CURRENT_COLOUR, charts.TARGET_COLOUR, charts.FALL_COLOUR]
    + [colour for colour, _, _ in charts.TREND_AREA_STYLES],
)
def test_chart_lines_and_bars_have_at_least_3_to_1_contrast_on_white(colour: str) -> None:
    assert _contrast(colour, "#FFFFFF") >= 3


def test_a_dimension_that_is_not_scored_leaves_a_gap_in_the_radar_never_a_zero() -> None:
    figure = charts.radar_figure([_dimension("Culture", 3.2), _dimension("Skills", None)], title="Areas")
    current = next(trace for trace in figure.data if trace.name == "Current")
    assert list(current.r) == [3.2, None, 3.2]
    table = charts.dimension_table([_dimension("Culture", 3.2), _dimension("Skills", None)])
    assert list(table["Current (1–5)"]) == ["3.20", "–"]
    assert list(table["Level"]) == ["Level 3", "not scored"]


def test_the_radar_summary_names_the_strongest_and_weakest_and_counts_targets_met() -> None:
    dimensions = [_dimension("Culture", 4.5), _dimension("Skills", 1.5), _dimension("Data", None)]
    assert charts.radar_summary(dimensions, noun="area") == (
        "Strongest area: Culture (4.5 of 5). Weakest: Skills (1.5). "
        "1 of 3 at or above target. 1 not scored yet."
    )
    assert charts.radar_summary([_dimension("Data", None)], noun="pillar") == "No pillar is scored yet."


def test_heatmap_blank_cells_read_as_a_dash_and_user_names_print_literally() -> None:
    matrix = pd.DataFrame(
        {"culture": [3.25, np.nan], "skills": [1.0, 4.0]}, index=["<b>Finance</b>", "Health"]
    )
    names = {"culture": "Culture and leadership", "skills": "Skills"}
    figure = charts.heatmap_figure(matrix, names, title="Areas")
    heatmap = figure.data[0]
    assert heatmap.z[1][0] is None
    assert heatmap.text[1][0] == "–"
    assert heatmap.text[0][0] == "3.2"
    assert heatmap.y[0] == "&lt;b&gt;Finance&lt;/b&gt;"
    table = charts.heatmap_table(matrix, names)
    assert table.to_dict("records") == [
        {"Unit": "<b>Finance</b>", "Culture and leadership": "3.2", "Skills": "1.0"},
        {"Unit": "Health", "Culture and leadership": "–", "Skills": "4.0"},
    ]


def test_heatmap_height_grows_with_the_number_of_units() -> None:
    assert charts.heatmap_height(50) - charts.heatmap_height(1) == 49 * charts.HEATMAP_ROW_PX


def test_changes_carry_arrows_and_signed_values() -> None:
    changes = [
        Change(
            "Finance", "1", "2", 2.0, 2.5, 0.5, (DimensionChange("area", "skills", "Skills", 1.0, 2.0, 1.0),)
        ),
        Change("Health", "3", "4", 3.0, 2.8, -0.2, ()),
    ]
    table = charts.change_table(changes)
    assert list(table["Change"]) == ["▲ +0.5", "▼ -0.2"]
    assert list(table["Biggest area move"]) == ["Skills ▲ +1.0", "–"]
    assert list(charts.change_figure(changes, title="Change").data[0].text) == ["+0.50", "-0.20"]
    assert charts.change_summary(changes) == (
        "Since their previous assessment 1 unit(s) rose, 1 fell and 0 held steady. "
        "Biggest rise: Finance (+0.50)."
    )


def _point(number: int, on: date, title: str, overall: float | None, **areas: float | None) -> TrendPoint:
    info = AssessmentInfo(
        number,
        1,
        "Ministry",
        7,
        "Finance",
        title,
        on,
        "self",
        "closed",
        1,
        "1",
        None,
        datetime(2025, 1, 1),
        None,
    )
    scores = tuple(_dimension(name, value) for name, value in areas.items())
    overall_score = Score(overall, 0.0 if overall is None else 1.0)
    result = AssessmentResult(str(number), "1", 1, overall_score, scores, (), (), (), (), Roadmap(()))
    return TrendPoint(info, result)


TREND = [
    _point(1, date(2024, 3, 14), "<b>Baseline</b>", 2.84, Culture=2.0, Skills=3.0, Data=None),
    _point(2, date(2024, 9, 1), "Mid-year", None, Culture=None, Skills=None, Data=None),
    _point(3, date(2025, 3, 13), "Second round", 3.26, Culture=2.9, Skills=2.7, Data=4.0),
]


def test_the_trend_draws_overall_and_each_area_by_date_with_gaps_where_not_scored_never_zero() -> None:
    figure = charts.trend_figure(TREND, title="Trend")
    culture, _, data, overall = figure.data  # the overall line is drawn last, on top
    assert [trace.name for trace in figure.data] == ["Culture", "Skills", "Data", "Overall"]
    assert overall.legendrank < min(trace.legendrank or 1000 for trace in (culture, data))
    assert list(overall.x) == [date(2024, 3, 14), date(2024, 9, 1), date(2025, 3, 13)]
    assert list(overall.y) == [2.84, None, 3.26]
    assert list(culture.y) == [2.0, None, 2.9]
    assert list(data.y) == [None, None, 4.0]
    assert overall.customdata[0] == "&lt;b&gt;Baseline&lt;/b&gt;"
    assert "%{customdata}" in overall.hovertemplate
    assert figure.layout.yaxis.tickvals == (1, 2, 3, 4, 5)
    assert figure.layout.yaxis.range[0] < 1 and figure.layout.yaxis.range[1] > 5


def test_the_trend_table_has_a_row_per_assessment_in_date_order_with_dashes_for_gaps() -> None:
    assert charts.trend_table(TREND).to_dict("records") == [
        {
            "Date": "14 Mar 2024",
            "Title": "<b>Baseline</b>",
            "Overall (1–5)": "2.84",
            "Culture": "2.00",
            "Skills": "3.00",
            "Data": "–",
        },
        {
            "Date": "1 Sept 2024",
            "Title": "Mid-year",
            "Overall (1–5)": "–",
            "Culture": "–",
            "Skills": "–",
            "Data": "–",
        },
        {
            "Date": "13 Mar 2025",
            "Title": "Second round",
            "Overall (1–5)": "3.26",
            "Culture": "2.90",
            "Skills": "2.70",
            "Data": "4.00",
        },
    ]


def test_the_trend_summary_runs_from_the_first_to_the_last_scored_value_and_names_the_biggest_moves() -> None:
    assert charts.trend_summary(TREND) == (
        "Overall went from 2.8 (14 Mar 2024) to 3.3 (13 Mar 2025) over 3 assessments (1 not scored); "
        "biggest rise: Culture (+0.9); biggest fall: Skills (-0.3)."
    )


def test_one_assessment_says_a_trend_needs_two() -> None:
    assert charts.trend_summary(TREND[:1]) == (
        "Only one assessment so far (14 Mar 2024, overall 2.8): a trend needs two assessments."
    )
    assert len(charts.trend_table(TREND[:1])) == 1
    assert charts.trend_summary(TREND[1:2] * 2) == (
        "Overall is scored in fewer than two of the 2 assessments: no trend yet."
    )
