"""AppTests of the Import page's mapping step: a survey tool's export with a column that matches no
question, decided by the person, imported, and remembered for the next file from the same form."""

from __future__ import annotations

from sqlalchemy import Engine

from assessment import db, services
from tests.factories import OPERATOR
from tests.ui.helpers_insight import page, table

# A Google Forms export (small bank: "Question 1 of culture: how far along is it?"). Column D's
# header was rewritten past recognition; column E holds no answers.
EXPORT = (
    b"Timestamp,Email Address,Question 1 of culture: how far along is it?,Pipelines (devops),Department\r\n"
    b"2025/03/01 10:00:11 AM GMT+1,ada@example.org,3 - Defined,Managed (4),Finance\r\n"
    b"2025/03/01 10:05:40 AM GMT+1,bob@example.org,N/A,2,IT\r\n"
)


def choice(app, letter: str):
    return next(box for box in app.selectbox if box.label.startswith(f"Column {letter}:"))


def upload(app, data: bytes = EXPORT):
    app.file_uploader[0].set_value(("Maturity survey (Responses).csv", data, "text/csv")).run()
    assert not app.exception
    return app


def test_the_mapping_step_shows_each_column_lets_the_person_decide_and_remembers(
    engine: Engine, small_bank
) -> None:
    app = page("import_responses").run()
    app.selectbox(key="import_organisation").set_value(-1).run()
    app.text_input(key="import_organisation_name").input("Agency of Imports")
    app.selectbox(key="import_unit").set_value(-1).run()
    app.text_input(key="import_unit_name").input("Data office")
    upload(app)

    assert any("Read as a Google Forms export" in caption.value for caption in app.caption)
    assert choice(app, "C").value == "culture.q1"
    assert choice(app, "D").value is None  # waiting for a decision
    assert choice(app, "B").value == "respondent"  # the e-mail address names the respondents
    assert choice(app, "A").value == "skip"
    assert any("2 column(s) match no question on their own" in w.value for w in app.warning)
    problems = table(app, "Row", "Column", "Problem")
    assert list(problems["Row"]) == ["1", "1"]
    assert not [button for button in app.button if button.key == "import_button"]

    choice(app, "D").set_value("devops.q2").run()
    choice(app, "E").set_value("skip").run()
    assert not app.exception
    assert not app.warning  # every column decided
    assert any("Your choice" in caption.value for caption in app.caption)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics == {"Layout": "wide", "Respondents": "2", "Answers": "4"}
    assert list(table(app, "Respondent", "Question", "Answer")["Question"]) == [
        "culture.q1",
        "devops.q2",
        "culture.q1",
        "devops.q2",
    ]
    app.button(key="import_button").click().run()
    assert not app.exception
    assert any("Imported 4 answers from 2 respondent(s)" in s.value for s in app.success)

    # The next export of the same form, into the same organisation: nothing left to decide.
    upload(app)
    assert choice(app, "D").value == "devops.q2" and choice(app, "E").value == "skip"
    assert any("remembered from its last import" in caption.value for caption in app.caption)
    assert [button for button in app.button if button.key == "import_button"]

    with db.session_scope(engine, write=False) as session:
        [organisation] = services.list_organisations(actor=OPERATOR, session=session)
        remembered = services.find_import_mapping(
            session=session,
            actor=OPERATOR,
            organisation_id=organisation.id,
            headers=EXPORT.decode().splitlines()[0].split(","),
        )
    assert remembered == {"Pipelines (devops)": "devops.q2", "Department": "skip"}


def test_the_person_can_take_the_respondent_from_another_column(engine: Engine, small_bank) -> None:
    app = page("import_responses").run()
    app.selectbox(key="import_organisation").set_value(-1).run()
    upload(app)
    choice(app, "D").set_value("devops.q2").run()
    choice(app, "E").set_value("respondent").run()
    assert not app.exception
    assert list(table(app, "Respondent", "Question", "Answer")["Respondent"]) == [
        "Finance",
        "Finance",
        "IT",
        "IT",
    ]
