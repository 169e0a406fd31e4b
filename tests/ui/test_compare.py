"""AppTests of the compare page: one unit, fifty units, changes between rounds."""

from __future__ import annotations

import json
import re
from datetime import date

from sqlalchemy import Engine

from assessment import db, demo, services
from scoring.formatting import date_text, score_text
from tests.factories import OPERATOR
from tests.ui.conftest import open_sections
from tests.ui.helpers_insight import (
    page,
    seed_assessment,
    seed_demo,
    shown_tables,
    svg_charts,
    svg_document,
    svg_texts,
    table,
)
from tests.unit.reports.reading import page_texts
from ui import downloads

QUESTIONS = ("culture.leadership-mandate", "devops.release-frequency", "skills.digital-unit")


def test_one_unit_gets_a_one_row_heatmap_a_ranking_and_a_table_alternative(engine: Engine) -> None:
    made = seed_assessment(engine, unit="Digital unit", answers={"Leader": {"culture.leadership-mandate": 4}})
    app = page("compare").run()
    assert not app.exception
    assert app.selectbox(key="compare_organisation").value == made.organisation_id
    ranking = table(app, "Rank", "Percentile")
    assert list(ranking["Unit"]) == ["Digital unit"]
    assert list(ranking["Rank"]) == ["1"]
    heatmap = table(open_sections(app, "wf_table_heatmap"), "Unit", "Culture and leadership")
    assert list(heatmap["Unit"]) == ["Digital unit"]
    assert heatmap.loc[0, "Culture and leadership"] == "4.0"
    assert heatmap.loc[0, "Skills and organisation"] == "–"
    assert any("No unit has two rounds of the same kind yet" in m.value for m in app.markdown)


def _fifty_units(engine: Engine) -> int:
    """Fifty units with one assessment each; the first five also have an earlier, lower round."""
    organisation_id = None
    for number in range(50):
        level = 1 + number % 5
        made = seed_assessment(
            engine,
            organisation="Federal Government",
            organisation_id=organisation_id,
            unit=f"Department {number:02d}",
            assessed_on=date(2025, 3, 1),
            answers={"Head": dict.fromkeys(QUESTIONS, level)},
        )
        organisation_id = made.organisation_id
        if number < 5:
            seed_assessment(
                engine,
                unit_id=made.unit_id,
                title="Last year",
                assessed_on=date(2024, 3, 1),
                answers={"Head": dict.fromkeys(QUESTIONS, 1)},
            )
    assert organisation_id is not None
    return organisation_id


def test_fifty_units_all_appear_ranked_with_a_taller_heatmap_and_their_changes(engine: Engine) -> None:
    _fifty_units(engine)
    app = page("compare").run()
    assert not app.exception
    ranking = table(app, "Rank", "Percentile")
    assert len(ranking) == 50
    assert set(ranking.loc[ranking["Overall (1–5)"] == "5.00", "Rank"]) == {"1"}
    assert len(table(open_sections(app, "wf_table_heatmap"), "Unit", "Culture and leadership")) == 50
    heatmap = svg_charts(app)["compare_heatmap"]
    for variant in ("wide", "narrow"):
        labels = svg_texts(heatmap, variant=variant)
        assert {f"Department {number:02d}" for number in range(50)} <= set(labels), variant
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg_document(heatmap))[1])
    assert height >= 50 * 16, "a row for each unit: the drawing grows with them"
    assert not app.get("plotly_chart"), "no plotly on the page until someone asks for the trend chart"
    changes = table(app, "Before", "After", "Change")
    assert len(changes) == 5
    assert changes.loc[changes["Unit"] == "Department 04", "Change"].item() == "▲ +4.00"


def test_switching_to_pillars_shows_the_pillar_heatmap(engine: Engine) -> None:
    seed_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 4}})
    app = page("compare").run()
    app.get("button_group")[0].set_value("pillar").run()
    assert not app.exception
    assert "Personalised citizen services" in table(open_sections(app, "wf_table_heatmap"), "Unit").columns


def test_one_unit_over_time_shows_the_demo_units_scores_in_every_assessment_in_date_order(
    engine: Engine,
) -> None:
    organisation_id = seed_demo(engine)
    with db.session_scope(engine) as session:
        unit = services.find_unit(
            actor=OPERATOR, session=session, organisation_id=organisation_id, name=demo.WORKSHOP_UNIT
        )
        assert unit is not None
        points = services.unit_trend(actor=OPERATOR, session=session, unit_id=unit.id).points
    assert len(points) == 3  # two self-assessments and the workshop
    app = page("compare").run()
    app.selectbox(key="trend_unit").set_value(unit.id).run()
    assert not app.exception

    trend = table(app, "Date", "Title", "Overall (1–5)")
    assert list(trend["Date"]) == [date_text(p.assessment.assessed_on) for p in points]
    assert list(trend["Title"]) == [p.assessment.title for p in points]
    assert list(trend["Overall (1–5)"]) == [score_text(p.result.overall.value, 2) for p in points]
    for area in points[-1].result.areas:
        expected = [
            score_text(next(a for a in p.result.areas if a.id == area.id).score.value, 2) for p in points
        ]
        assert list(trend[area.name]) == expected

    assert not app.get("plotly_chart"), "the interactive trend chart is drawn on request"
    app.toggle(key="trend_chart_shown").set_value(True).run()
    assert not app.exception
    chart = json.loads(app.get("plotly_chart")[-1].proto.spec)
    overall = next(trace for trace in chart["data"] if trace["name"] == "Overall")
    assert overall["y"] == [p.result.overall.value for p in points]
    first, last = points[0].result.overall.value, points[-1].result.overall.value
    assert any(
        f"Overall went from {first:.1f} ({date_text(points[0].assessment.assessed_on)}) to {last:.1f}"
        in m.value
        and "over 3 assessments" in m.value
        for m in app.markdown
    )


def test_a_unit_with_one_assessment_says_a_trend_needs_two_and_shows_its_row(engine: Engine) -> None:
    made = seed_assessment(
        engine, title="First **look**", answers={"Leader": {"culture.leadership-mandate": 4}}
    )
    app = page("compare").run()
    assert not app.exception
    assert app.selectbox(key="trend_unit").value == made.unit_id
    assert any("a trend needs two assessments" in m.value for m in app.markdown)
    trend = table(app, "Date", "Title", "Overall (1–5)")
    assert trend.to_dict("records")[0]["Title"] == "First **look**", (
        "as typed: a table cell is never markdown"
    )
    assert len(trend) == 1
    assert trend.loc[0, "Culture and leadership"] == "4.00"
    assert trend.loc[0, "Skills and organisation"] == "–"


def test_the_demo_workshop_does_not_hide_the_units_year_on_year_change(engine: Engine) -> None:
    seed_demo(engine)
    app = page("compare").run()
    assert not app.exception
    changes = table(app, "Before", "After", "Change", "Rounds compared").set_index("Unit")
    rounds = changes.loc[demo.WORKSHOP_UNIT, "Rounds compared"]
    first, second = (date_text(day) for day in demo.ROUNDS)
    assert rounds == f"Self-assessment: {first} → {second}", "not the workshop a week after the second one"
    bars = svg_texts(svg_charts(app)["change_chart"])
    for value in changes["Change"].str.split(" ").str[1]:
        assert value in bars, "table and chart round alike"


def test_long_unit_names_are_never_cut_in_the_heatmap_or_the_ranking(engine: Engine) -> None:
    name = "Agence cantonale du numérique et de la transformation — bureau de Zürich"
    seed_assessment(engine, unit=name, answers={"Leader": {"culture.leadership-mandate": 4}})
    app = page("compare").run()
    heatmap = svg_charts(app)["compare_heatmap"]
    for variant in ("wide", "narrow"):
        labels = svg_texts(heatmap, variant=variant)
        first = next(number for number, label in enumerate(labels) if name.startswith(label))
        lines = next(
            labels[first:last]
            for last in range(first + 1, len(labels) + 1)
            if " ".join(labels[first:last]) == name
        )
        assert len(lines) > 1, "wrapped in whole words, never cut"
        assert not any("…" in label for label in labels), variant
    assert list(table(app, "Rank", "Percentile")["Unit"]) == [name], "shown as typed, whole"
    assert shown_tables(app) and not app.dataframe, "tables wrap their text: no grid that cuts it"


def test_compare_offers_the_comparison_pdf_in_the_chosen_language(engine: Engine) -> None:
    made = seed_assessment(engine, unit="Santé", answers={"Leader": {"culture.leadership-mandate": 4}})
    app = page("compare").run()
    app.selectbox(key="compare_pdf_language").set_value("de").run()
    assert not app.exception
    [button] = app.get("download_button")
    assert button.proto.label == "PDF comparison"
    # What the button's builder writes (Streamlit calls it on the click, outside the page run).
    pdf = downloads.comparison_pdf(engine, OPERATOR, made.organisation_id, "Ministry", "de")
    assert pdf.file_name.endswith("-de.pdf")
    text = " ".join(page_texts(pdf.build()))
    assert "Rangliste" in text and "Ranking" not in text
