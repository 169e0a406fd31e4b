"""AppTests of the results page: no answers, one answer, many respondents; targets; downloads."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, date, datetime, timedelta

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import select

from assessment import db, services
from assessment.models import AnswerRow
from assessment.records import AssessmentInfo
from questionnaires import load_bank
from tests.factories import OPERATOR, make_respondent
from tests.ui.conftest import open_sections
from tests.ui.helpers_insight import (
    page,
    seed_assessment,
    seed_demo,
    shown_tables,
    svg_charts,
    svg_texts,
    table,
)
from ui import downloads
from ui.roadmap_lanes import lanes_html


def test_an_assessment_without_answers_says_not_scored_yet_and_draws_no_chart(engine: Engine) -> None:
    made = seed_assessment(engine)
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    assert any("Not scored yet" in info.value for info in app.info)
    assert not svg_charts(app) and not app.get("plotly_chart")


def test_one_answer_gives_an_overall_level_three_radar_charts_and_their_tables(engine: Engine) -> None:
    made = seed_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Overall level"] == "3 · Defined"
    assert metrics["Index"] == "50 / 100"
    # Only the open tab is drawn; each of the others when it is chosen. The radar is the PDF's
    # drawing as inline SVG, named for screen readers, with the area names as its labels.
    [(key, radar)] = svg_charts(app).items()
    assert key == "radar_areas" and not app.get("plotly_chart")
    assert 'alt="Radar chart: Areas: current and target. Only one area' in radar
    assert "Culture and leadership" in svg_texts(radar) and "3.0" in svg_texts(radar)
    assert "<figcaption" in radar and "Areas: current and target</figcaption>" in radar
    assert [e.label for e in app.expander if e.label.startswith("Show ")] == [
        "Show as a table: Areas: current and target"
    ]
    assert any("Only one area is scored: Culture and leadership (3.0 of 5)" in m.value for m in app.markdown)
    for tab in ("Guiding steps", "Pillars"):
        app.session_state["wf_standing"] = tab
        app.run()
        assert list(svg_charts(app)) == [{"Guiding steps": "radar_steps", "Pillars": "radar_pillars"}[tab]]
        assert [e.label for e in app.expander if e.label.startswith("Show ")] == [
            f"Show as a table: {tab}: current and target"
        ]


def _backlog(app) -> list[str]:
    return list(table(app, "Rank", "Action", "Why")["Level"])


def test_saving_a_higher_target_and_a_focus_recomputes_the_backlog(engine: Engine) -> None:
    made = seed_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert _backlog(app) == ["3 → 4"]
    assert not app.number_input, "the editor is drawn when opened"
    open_sections(app, "wf_targets_open")

    app.number_input(key=f"target_{made.assessment.id}_culture").set_value(5.0)
    app.multiselect(key=f"focus_steps_{made.assessment.id}").set_value(["digital-unit"])
    next(button for button in app.button if button.label == "Save targets and focus").click().run()
    assert not app.exception
    assert _backlog(app) == ["3 → 4", "4 → 5"]
    assert any("Targets and focus saved" in s.value for s in app.success)
    with db.session_scope(engine, write=False) as session:
        info = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=made.assessment.id)
    assert info.area_targets["culture"] == 5.0
    assert info.focus_steps == ("digital-unit",)


def test_an_answer_saved_elsewhere_shows_on_the_next_run(engine: Engine) -> None:
    made = seed_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 2}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert {m.label: m.value for m in app.metric}["Overall level"] == "2 · Developing"
    with db.session_scope(engine) as session:
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=made.respondent_ids[0],
            question_id="culture.leadership-mandate",
            answer=4,
        )
    app.run()
    assert {m.label: m.value for m in app.metric}["Overall level"] == "4 · Managed"


def test_names_and_notes_are_shown_as_text_never_as_markup(engine: Engine) -> None:
    note = "See [the plan](javascript:alert(1)) <b>now</b>"
    made = seed_assessment(engine, organisation="**Bold** <script>x</script>", answers={})
    with db.session_scope(engine) as session:
        respondent = make_respondent(session, made.assessment.id, "Leader")
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=respondent.id,
            question_id="culture.leadership-mandate",
            answer=3,
            note=note,
        )
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    notes = table(app, "Question", "Note")
    assert list(notes["Note"]) == [note], "the text as typed"
    drawn = next(element.proto.body for element in app.get("html") if "javascript" in element.proto.body)
    assert "See [the plan](javascript:alert(1)) &lt;b&gt;now&lt;/b&gt;" in drawn, "escaped, never markup"
    header = app.header[0].value
    assert header.startswith(r"\*\*Bold\*\* \<script\>")


def _demo_workshop(engine: Engine) -> AssessmentInfo:
    organisation_id = seed_demo(engine)
    with db.session_scope(engine, write=False) as session:
        assessments = services.list_assessments(
            actor=OPERATOR, session=session, organisation_id=organisation_id
        )
    return next(a for a in assessments if a.mode == "workshop")


def test_the_demo_workshop_shows_every_section_with_its_backlog_roadmap_and_discussion_points(
    engine: Engine,
) -> None:
    workshop = _demo_workshop(engine)
    app = page("results", query={"assessment": str(workshop.id)}).run()
    assert not app.exception
    assert [h.value for h in app.header][1:] == [
        "Where you stand",
        "Areas in detail",
        "Prioritised backlog",
        "Roadmap",
        "Targets and focus",
        "Downloads",
        "Share read-only",
    ]
    [lanes] = [element.proto.body for element in app.get("html") if 'class="wf-lanes"' in element.proto.body]
    assert re.findall(r"<h3>(.*?)</h3>", lanes) == [
        "Now (0–3 months)",
        "Next (3–12 months)",
        "Later (12–24 months)",
    ]
    with db.session_scope(engine, write=False) as session:
        result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=workshop.id)
    backlog = table(app, "Rank", "Action", "Why")
    assert list(backlog["Action"]) == [item.title for item in result.backlog[:15]]
    marked = 0
    for area in result.areas:  # one area's table at a time: only the open tab is drawn
        app.session_state["wf_area_detail"] = area.name
        app.run()
        discussed = [frame for frame in shown_tables(app) if "Discuss" in frame.columns]
        assert len(discussed) == 1, area.name
        marked += (discussed[0]["Discuss"] == "yes").sum()
    assert marked == len(result.discussion_points) > 0
    assert {b.key for b in app.get("download_button")} == {
        "download_pdf",
        "download_xlsx",
        "download_json",
        "download_csv",
    }


def test_every_download_builds_a_file_of_its_kind(engine: Engine) -> None:
    workshop = _demo_workshop(engine)
    bank = load_bank()
    with db.session_scope(engine, write=False) as session:
        result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=workshop.id)
    files = {
        export.kind: export.build()
        for export in downloads.assessment_downloads(
            engine, OPERATOR, workshop, result, bank, csv_table="backlog"
        )
    }
    assert files["pdf"].startswith(b"%PDF")
    assert zipfile.ZipFile(io.BytesIO(files["xlsx"])).namelist()
    assert json.loads(files["json"])["result"]["assessment_id"] == str(workshop.id)
    backlog = pd.read_csv(io.BytesIO(files["csv"]))
    assert len(backlog) == len(result.backlog)


def test_without_a_link_the_page_offers_organisation_then_assessment_and_opens_the_latest(
    engine: Engine,
) -> None:
    first = seed_assessment(
        engine, organisation="Alpha Agency", answers={"A": {"culture.leadership-mandate": 2}}
    )
    older = seed_assessment(
        engine, organisation="Beta Bureau", unit="Digital unit", title="Old", assessed_on=date(2023, 1, 1)
    )
    newer = seed_assessment(
        engine,
        unit_id=older.unit_id,
        title="New",
        assessed_on=date(2025, 1, 1),
        answers={"B": {"culture.leadership-mandate": 5}},
    )
    app = page("results").run()
    assert not app.exception
    assert app.header[0].value.startswith("Alpha Agency"), "the latest assessment, the choice closed"
    assert "results_assessment" not in {box.key for box in app.selectbox}, "drawn once the choice is opened"
    open_sections(app, "wf_choose_assessment")
    assert app.selectbox(key="results_assessment").value == first.assessment.id
    app.selectbox(key="results_organisation").set_value(older.organisation_id).run()
    assert app.selectbox(key="results_assessment").value == newer.assessment.id
    assert app.header[0].value == "Beta Bureau — Digital unit"
    assert {m.label: m.value for m in app.metric}["Overall level"] == "5 · Optimising"


def test_a_link_to_a_missing_assessment_says_so_and_offers_the_choice(engine: Engine) -> None:
    made = seed_assessment(engine)
    app = page("results", query={"assessment": "999"}).run()
    assert not app.exception
    assert "There is no assessment with id 999" in app.error[0].value
    assert app.selectbox(key="results_assessment").value == made.assessment.id


def test_a_save_that_commits_after_a_later_one_is_not_hidden_by_the_cached_scores(engine: Engine) -> None:
    """A save stamps its time before it commits: on another app server, a slower save can commit
    after a later one, leaving the data version (count, latest change) as it was. Until that can
    no longer happen (``rules.settled``), the page must not serve the scores it cached."""
    made = seed_assessment(
        engine, answers={"Ada": {"culture.leadership-mandate": 3}, "Ben": {"culture.leadership-mandate": 3}}
    )
    ada, ben = made.respondent_ids
    latest = datetime.now(UTC)

    def stamp(respondent_id: int, value: str, at: datetime) -> None:
        with db.session_scope(engine) as session:
            row = session.exec(select(AnswerRow).where(AnswerRow.respondent_id == respondent_id)).one()
            row.value, row.updated_at = value, at
            session.add(row)

    stamp(ada, "3", latest)
    stamp(ben, "3", latest - timedelta(seconds=2))
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert {m.label: m.value for m in app.metric}["Overall level"] == "3 · Defined"
    stamp(ben, "5", latest - timedelta(seconds=1))  # committed now, stamped before Ada's save
    app.run()
    assert {m.label: m.value for m in app.metric}["Overall level"] == "4 · Managed"


def test_the_roadmap_lanes_are_escaped_text_and_the_unscheduled_list_is_drawn_when_opened(
    engine: Engine,
) -> None:
    workshop = _demo_workshop(engine)
    app = page("results", query={"assessment": str(workshop.id)}).run()
    lanes = [element.proto.body for element in app.get("html") if 'class="wf-lanes"' in element.proto.body]
    assert len(lanes) == 1, "the three horizons, not yet the unscheduled actions"
    [label] = [section.label for section in app.expander if section.label.startswith("Not scheduled yet")]
    unscheduled = int(re.search(r"\((\d+)\)", label)[1])

    open_sections(app, "wf_unscheduled")

    lanes = [element.proto.body for element in app.get("html") if 'class="wf-lanes"' in element.proto.body]
    assert len(lanes) == 2 and lanes[1].count("<li>") == unscheduled > 0
    assert "<h3>" not in lanes[1], "the expander's label is its heading"


def test_lanes_write_every_line_as_text() -> None:
    html = lanes_html([("Now <b>", ["#1 <script>x</script> & more"]), ("Next", [])], empty="Nothing planned.")
    assert (
        "<h3>Now &lt;b&gt;</h3>" in html and "<li>#1 &lt;script&gt;x&lt;/script&gt; &amp; more</li>" in html
    )
    assert "<h3>Next</h3><p>Nothing planned.</p>" in html
