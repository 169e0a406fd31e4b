"""The chart builders and their text alternatives, on hand-made result objects (no Streamlit run)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from reportlab.graphics.shapes import Drawing, Group, String

from assessment.records import AssessmentInfo, TrendPoint
from questionnaires import load_bank
from scoring.formatting import date_text
from scoring.results import AssessmentResult, Change, DimensionChange, DimensionScore, Roadmap, Score
from ui import chart_style, comparison_charts, radar_charts, svg_chart, trend_charts
from ui.html_table import table_html


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


def _texts(drawing: Drawing) -> list[str]:
    """Every label of a reportlab drawing, in drawing order."""
    return [node.text for node in _nodes(drawing) if isinstance(node, String)]


def _nodes(group: Group) -> list:
    return [leaf for node in group.contents for leaf in (_nodes(node) if isinstance(node, Group) else [node])]


def _chart(drawings: tuple[Drawing, Drawing]) -> str:
    wide, narrow = drawings
    return svg_chart.chart_html(
        wide=wide, narrow=narrow, title="<b>Title</b>", label="Chart: <i>x</i>", key="k"
    )


@pytest.mark.parametrize(
    "colour", [chart_style.CURRENT_COLOUR] + [colour for colour, _, _ in trend_charts.TREND_AREA_STYLES]
)
def test_trend_lines_have_at_least_3_to_1_contrast_on_white(colour: str) -> None:
    assert _contrast(colour, "#FFFFFF") >= 3


def test_a_dimension_that_is_not_scored_reads_not_scored_on_the_radar_never_a_zero() -> None:
    dimensions = [_dimension("Culture", 3.2), _dimension("Skills", None)]
    assert [axis.value for axis in radar_charts.radar_axes(dimensions)] == [3.2, None]
    for drawing in radar_charts.radar_drawings(dimensions):
        texts = _texts(drawing)
        assert texts[texts.index("Culture") + 1] == "3.2"
        assert texts[texts.index("Skills") + 1] == "not scored"
    table = radar_charts.dimension_table(dimensions)
    assert list(table["Current (1–5)"]) == ["3.20", "–"]
    assert list(table["Level"]) == ["Level 3", "not scored"]


def test_the_radar_keeps_a_long_name_whole_in_lines_of_whole_words_on_a_phone_too() -> None:
    name = "Multi-supplier collaboration with sandboxes and rules"
    wide, narrow = radar_charts.radar_drawings([_dimension(name, 2.0), _dimension("Data", 3.0)])
    for drawing, lines in ((wide, 2), (narrow, 4)):
        texts = _texts(drawing)
        name_lines = texts[texts.index("2.0") - lines : texts.index("2.0")]
        assert " ".join(name_lines) == name, name_lines
    assert narrow.width < wide.width


def test_the_radar_summary_names_the_strongest_and_weakest_and_counts_targets_met() -> None:
    dimensions = [_dimension("Culture", 4.5), _dimension("Skills", 1.5), _dimension("Data", None)]
    assert radar_charts.radar_summary(dimensions, noun="area") == (
        "Strongest area: Culture (4.5 of 5). Weakest: Skills (1.5). "
        "1 of 3 at or above target. 1 not scored yet."
    )
    assert radar_charts.radar_summary([_dimension("Data", None)], noun="pillar") == "No pillar is scored yet."


def test_heatmap_blank_cells_read_as_a_dash_and_user_names_print_literally() -> None:
    matrix = pd.DataFrame(
        {"culture": [3.25, np.nan], "skills": [1.0, 4.0]}, index=["<b>Finance</b>", "Health"]
    )
    names = {"culture": "Culture and leadership", "skills": "Skills"}
    drawings = comparison_charts.heatmap_drawings(matrix, names)
    for drawing in drawings:
        texts = _texts(drawing)
        assert texts[texts.index("<b>Finance</b>") + 1 : texts.index("Health")] == ["3.2", "1.0"]
        assert texts[texts.index("Health") + 1 :] == ["–", "4.0"]
    markup = _chart(drawings)
    assert "&lt;b&gt;Finance&lt;/b&gt;" in svg_chart.svg_text(drawings[0]), "names are text, never markup"
    assert "<b>" not in markup and 'alt="Chart: &lt;i&gt;x&lt;/i&gt;"' in markup
    table = comparison_charts.heatmap_table(matrix, names)
    assert table.to_dict("records") == [
        {"Unit": "<b>Finance</b>", "Culture and leadership": "3.2", "Skills": "1.0"},
        {"Unit": "Health", "Culture and leadership": "–", "Skills": "4.0"},
    ]


def test_guiding_steps_head_their_columns_by_number_and_keep_their_names_for_the_key() -> None:
    framework = load_bank().framework
    codes = comparison_charts.dimension_codes(framework, "step")
    names = {step.id: step.name for step in framework.steps}
    matrix = pd.DataFrame([[3.0] * len(codes)], columns=list(codes), index=["Finance"])
    for drawing in comparison_charts.heatmap_drawings(matrix, names, codes=codes):
        texts = _texts(drawing)
        numbers = [str(step.number) for step in framework.steps]
        assert texts[texts.index(numbers[0]) : texts.index(numbers[0]) + len(numbers)] == numbers
        assert not set(names.values()) & set(texts)
    assert comparison_charts.codes_key(codes, names).startswith(f"1 {framework.steps[0].name} · 2 ")
    assert comparison_charts.dimension_codes(framework, "area") == {}


def test_the_heatmap_grows_a_row_for_each_unit_and_a_line_for_each_line_of_a_long_name() -> None:
    def height(units: list[str]) -> float:
        matrix = pd.DataFrame({"culture": [3.0] * len(units)}, index=units)
        return comparison_charts.heatmap_drawings(matrix, {"culture": "Culture"})[1].height

    one, fifty = height(["Unit 0"]), height([f"Unit {n}" for n in range(50)])
    assert fifty - one == 49 * comparison_charts.HEATMAP_ROW
    assert height(["Agence cantonale du numérique et de la transformation — bureau de Zürich"]) > one


def test_the_phone_heatmap_turns_area_names_to_keep_them_whole() -> None:
    names = {"culture": "Culture and leadership", "skills": "Skills and organisation"}
    matrix = pd.DataFrame({"culture": [3.0], "skills": [2.0]}, index=["Finance"])
    _wide, narrow = comparison_charts.heatmap_drawings(matrix, names)
    assert {"Culture and leadership", "Skills and organisation"} <= set(_texts(narrow))
    assert not any(text.endswith("-") for text in _texts(narrow)), "no word broken with a hyphen"


def test_changes_carry_arrows_and_signed_values() -> None:
    changes = [
        Change(
            "Finance", "1", "2", 2.0, 2.5, 0.5, (DimensionChange("area", "skills", "Skills", 1.0, 2.0, 1.0),)
        ),
        Change("Health", "3", "4", 3.0, 2.8, -0.2, ()),
    ]
    table = comparison_charts.change_table(changes)
    assert list(table["Change"]) == ["▲ +0.50", "▼ -0.20"]
    assert list(table["Biggest area move"]) == ["Skills ▲ +1.00", "–"]
    for drawing in comparison_charts.change_drawings(changes):
        assert {"+0.50", "-0.20"} <= set(_texts(drawing))
    assert comparison_charts.change_summary(changes) == (
        "Since their previous assessment 1 unit(s) rose, 1 fell and 0 held steady. "
        "Biggest rise: Finance (+0.50)."
    )


def test_the_change_table_the_bars_and_the_summary_round_a_change_the_same_way() -> None:
    changes = [
        Change("Procurement", "1", "2", 2.15, 2.10, -0.05, ()),
        Change("Land", "3", "4", 1.8, 1.804, 0.004, ()),
    ]
    table = comparison_charts.change_table(changes)
    bars = _texts(comparison_charts.change_drawings(changes)[0])
    assert list(table["Change"]) == ["▼ -0.05", "→ ±0.00"]
    assert bars[bars.index("Procurement") + 1] == "-0.05" and bars[bars.index("Land") + 1] == "±0.00"
    assert comparison_charts.change_summary(changes).startswith(
        "Since their previous assessment 0 unit(s) rose, 1 fell and 1 held steady."
    )


def test_the_change_table_says_which_two_rounds_it_compares() -> None:
    changes = [Change("Procurement", "1", "2", 2.15, 2.10, -0.05, ())]
    table = comparison_charts.change_table(
        changes, {"Procurement": "Self-assessment: 13 Mar 2024 → 13 Mar 2025"}
    )
    assert list(table["Rounds compared"]) == ["Self-assessment: 13 Mar 2024 → 13 Mar 2025"]


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
    figure = trend_charts.trend_figure(TREND, title="Trend")
    culture, _, data, overall = figure.data  # the overall line is drawn last, on top
    assert [trace.name for trace in figure.data] == ["Culture", "Skills", "Data", "Overall"]
    assert overall.legendrank < min(trace.legendrank or 1000 for trace in (culture, data))
    assert list(overall.x) == [date(2024, 3, 14), date(2024, 9, 1), date(2025, 3, 13)]
    assert list(overall.y) == [2.84, None, 3.26]
    assert list(culture.y) == [2.0, None, 2.9]
    assert list(data.y) == [None, None, 4.0]
    assert list(overall.customdata[0]) == ["&lt;b&gt;Baseline&lt;/b&gt;", "14 Mar 2024"]
    assert "%{customdata[1]}" in overall.hovertemplate, "the date as the app writes it"
    assert "%Y" not in overall.hovertemplate + culture.hovertemplate, "never plotly's own date format"
    assert figure.layout.yaxis.tickvals == (1, 2, 3, 4, 5)
    assert figure.layout.yaxis.range[0] < 1 and figure.layout.yaxis.range[1] > 5


def test_the_trend_table_has_a_row_per_assessment_in_date_order_with_dashes_for_gaps() -> None:
    table = trend_charts.trend_table(TREND)
    assert "wf-date" in table_html(table, label="Trend"), "dates kept on one line"
    assert table.assign(Date=table["Date"].map(date_text)).to_dict("records") == [
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
    assert trend_charts.trend_summary(TREND) == (
        "Overall went from 2.8 (14 Mar 2024) to 3.3 (13 Mar 2025) over 3 assessments (1 not scored); "
        "biggest rise: Culture (+0.9); biggest fall: Skills (-0.3)."
    )


def test_one_assessment_says_a_trend_needs_two() -> None:
    assert trend_charts.trend_summary(TREND[:1]) == (
        "Only one assessment so far (14 Mar 2024, overall 2.8): a trend needs two assessments."
    )
    assert len(trend_charts.trend_table(TREND[:1])) == 1
    assert trend_charts.trend_summary(TREND[1:2] * 2) == (
        "Overall is scored in fewer than two of the 2 assessments: no trend yet."
    )
