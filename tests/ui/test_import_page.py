"""AppTests of the import page: every problem listed before anything is written; a good file imports."""

from __future__ import annotations

from sqlalchemy import Engine

from assessment import db, services
from tests.factories import OPERATOR
from tests.ui.helpers_insight import page, table
from ui import language as ui_language

GOOD_LONG = (
    "respondent;question;answer;note\r\n"
    "Ana;culture.leadership-mandate;3;Signed strategy exists\r\n"
    "Ana;devops.release-frequency;Managed;\r\n"
    "Ben;culture.leadership-mandate;N/A;\r\n"
).encode("utf-8-sig")
BAD_LONG = (
    b"respondent,question,answer\n"
    b"Ana,culture.leadership-mandate,7\n"
    b"Ana,culture.no-such-question,3\n"
    b",devops.release-frequency,2\n"
)


def _organisations(engine: Engine) -> list[str]:
    with db.session_scope(engine, write=False) as session:
        return [o.name for o in services.list_organisations(actor=OPERATOR, session=session)]


def _fill_in(app, organisation: str = "Agency of Imports", unit: str = "Data office"):
    app.selectbox(key="import_organisation").set_value(-1).run()
    app.text_input(key="import_organisation_name").input(organisation)
    app.selectbox(key="import_unit").set_value(-1).run()
    app.text_input(key="import_unit_name").input(unit)
    return app


def test_a_bad_file_lists_each_problem_with_row_and_column_and_writes_nothing(engine: Engine) -> None:
    app = _fill_in(page("import_responses").run())
    app.file_uploader[0].set_value(("answers.csv", BAD_LONG, "text/csv")).run()
    assert not app.exception
    problems = table(app, "Row", "Column", "Problem")
    assert list(problems["Row"]) == ["2", "3", "4"]
    assert problems.loc[0, "Column"] == "column C 'answer'"
    assert "7" in problems.loc[0, "Problem"]
    assert "culture.no-such-question" in problems.loc[1, "Problem"]
    assert "respondent is empty" in problems.loc[2, "Problem"]
    assert not [b for b in app.button if b.key == "import_button"]
    assert _organisations(engine) == []


def test_a_good_file_shows_a_preview_then_imports_all_answers_on_the_button(engine: Engine) -> None:
    app = _fill_in(page("import_responses").run())
    app.file_uploader[0].set_value(("answers.csv", GOOD_LONG, "text/csv")).run()
    assert not app.exception
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {"Layout": "long", "Respondents": "2", "Answers": "3"}
    assert list(table(app, "Respondent", "Question", "Answer")["Answer"]) == ["3", "4", "N/A"]
    assert _organisations(engine) == []

    app.button(key="import_button").click().run()
    assert not app.exception
    assert any("Imported 3 answers from 2 respondent(s)" in s.value for s in app.success)
    with db.session_scope(engine, write=False) as session:
        [assessment] = services.list_assessments(actor=OPERATOR, session=session)
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=assessment.id)
    assert (assessment.organisation, assessment.unit, assessment.mode) == (
        "Agency of Imports",
        "Data office",
        "workshop",
    )
    assert sorted(answers["respondent"]) == ["Ana", "Ana", "Ben"]
    assert "Signed strategy exists" in set(answers["note"])


def test_the_problems_follow_the_reader_when_they_switch_language_after_uploading(engine: Engine) -> None:
    app = _fill_in(page("import_responses").run())
    app.file_uploader[0].set_value(("answers.csv", BAD_LONG, "text/csv")).run()
    assert "respondent is empty" in table(app, "Row", "Column", "Problem").loc[2, "Problem"]
    app.selectbox(key=ui_language.PICKER).set_value("fr").run()
    assert not app.exception
    problems = table(app, "Ligne", "Colonne", "Problème")
    assert "le répondant est vide" in problems.loc[2, "Problème"]
