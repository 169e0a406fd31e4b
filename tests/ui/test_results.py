"""AppTests of the results page: no answers, one answer, many respondents; targets; downloads."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.ui.helpers_insight import app_engine, make_assessment, page

__all__ = ["app_engine"]


def test_an_assessment_without_answers_says_not_scored_yet_and_draws_no_chart(app_engine: Engine) -> None:
    made = make_assessment(app_engine)
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    assert any("Not scored yet" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_one_answer_gives_an_overall_level_three_radar_charts_and_their_tables(app_engine: Engine) -> None:
    made = make_assessment(app_engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Overall level"] == "3 · Defined"
    assert metrics["Index"] == "50 / 100"
    assert len(app.get("plotly_chart")) == 3
    table_expanders = [e.label for e in app.expander if e.label.startswith("Show ")]
    assert len(table_expanders) == 3
    assert any("Only one area is scored: Culture and leadership (3.0 of 5)" in m.value for m in app.markdown)
