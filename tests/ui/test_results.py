"""AppTests of the results page: no answers, one answer, many respondents; targets; downloads."""

from __future__ import annotations

from sqlalchemy import Engine

from assessment import db, services
from tests.ui.helpers_insight import make_assessment, page, table
from ui.text import escape_markdown


def test_an_assessment_without_answers_says_not_scored_yet_and_draws_no_chart(engine: Engine) -> None:
    made = make_assessment(engine)
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    assert any("Not scored yet" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_one_answer_gives_an_overall_level_three_radar_charts_and_their_tables(engine: Engine) -> None:
    made = make_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Overall level"] == "3 · Defined"
    assert metrics["Index"] == "50 / 100"
    assert len(app.get("plotly_chart")) == 3
    table_expanders = [e.label for e in app.expander if e.label.startswith("Show ")]
    assert len(table_expanders) == 3
    assert any("Only one area is scored: Culture and leadership (3.0 of 5)" in m.value for m in app.markdown)


def _backlog(app) -> list[str]:
    return list(table(app, "Rank", "Action", "Why")["Level"])


def test_saving_a_higher_target_and_a_focus_recomputes_the_backlog(engine: Engine) -> None:
    made = make_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert _backlog(app) == ["3 → 4"]

    app.number_input(key=f"target_{made.assessment.id}_culture").set_value(5.0)
    app.multiselect(key=f"focus_steps_{made.assessment.id}").set_value(["digital-unit"])
    app.button[-1].click().run()  # the form's submit button
    assert not app.exception
    assert _backlog(app) == ["3 → 4", "4 → 5"]
    assert any("Targets and focus saved" in s.value for s in app.success)
    with db.session_scope(engine, write=False) as session:
        info = services.get_assessment_info(session=session, assessment_id=made.assessment.id)
    assert info.area_targets["culture"] == 5.0
    assert info.focus_steps == ("digital-unit",)


def test_an_answer_saved_elsewhere_shows_on_the_next_run(engine: Engine) -> None:
    made = make_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 2}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert {m.label: m.value for m in app.metric}["Overall level"] == "2 · Developing"
    with db.session_scope(engine) as session:
        services.save_answer(
            session=session,
            respondent_id=made.respondent_ids[0],
            question_id="culture.leadership-mandate",
            answer=4,
        )
    app.run()
    assert {m.label: m.value for m in app.metric}["Overall level"] == "4 · Managed"


def test_names_and_notes_are_shown_as_text_never_as_markup(engine: Engine) -> None:
    note = "See [the plan](javascript:alert(1)) <b>now</b>"
    made = make_assessment(engine, organisation="**Bold** <script>x</script>", answers={})
    with db.session_scope(engine) as session:
        respondent = services.add_respondent(
            session=session, assessment_id=made.assessment.id, label="Leader"
        )
        services.save_answer(
            session=session,
            respondent_id=respondent.id,
            question_id="culture.leadership-mandate",
            answer=3,
            note=note,
        )
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    notes = table(app, "Question", "Note")
    assert list(notes["Note"]) == [escape_markdown(note)]
    assert escape_markdown(note).startswith(r"See \[the plan\]\(javascript\:alert\(1\)\) \<b\>")
    header = app.header[0].value
    assert header.startswith(r"\*\*Bold\*\* \<script\>")
