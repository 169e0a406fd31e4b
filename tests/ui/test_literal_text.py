"""User text is shown literally on every page: a name such as ``![i](x) :red[R] **B**`` never
becomes an image, a colour or bold text (issue 13). Each page is run with such names in every
place a person can type one, and no element that Streamlit renders as markdown may hold the
raw text."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assessment import db, services
from assessment.access import Actor
from tests.factories import make_assessment, make_organisation, make_unit
from tests.ui.helpers_insight import page

HOSTILE = "![i](x) :red[R] **B**"
RAW_MARKERS = ("![i](x)", ":red[R]", "**B**")
MARKDOWN_BODIES = (
    "markdown",
    "caption",
    "error",
    "success",
    "info",
    "warning",
    "title",
    "header",
    "subheader",
)
MARKDOWN_LABELS = ("expander", "button", "metric", "tabs", "text_input", "selectbox", "checkbox", "radio")


def rendered_as_markdown(app: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as markdown: bodies, messages and labels."""
    texts: list[str] = []
    for kind in MARKDOWN_BODIES:
        texts += [str(element.value) for element in getattr(app, kind)]
    for kind in MARKDOWN_LABELS:
        texts += [str(getattr(element, "label", "")) for element in app.get(kind)]
    return texts


def assert_literal(app: AppTest) -> None:
    assert not app.exception, app.exception
    raw = [text for text in rendered_as_markdown(app) if any(marker in text for marker in RAW_MARKERS)]
    assert raw == []


@pytest.fixture
def hostile(engine: Engine) -> dict[str, Any]:
    """An organisation, units, a workshop and a participant with a note, all named hostilely."""
    with db.session_scope(engine) as session:
        organisation = make_organisation(session, name=f"Org {HOSTILE}")
        parent = make_unit(session, organisation.id, name=f"Dept {HOSTILE}")
        unit = make_unit(session, organisation.id, name=f"Unit {HOSTILE}", parent_id=parent.id)
        workshop = make_assessment(session, unit.id, title=f"Title {HOSTILE}", mode="workshop")
        person = services.join_workshop(
            session=session, join_code=workshop.join_code, client="test", label=f"Person {HOSTILE}"
        )
        services.save_answer(
            actor=Actor.participant(person.id), session=session, respondent_id=person.id,
            question_id="culture.leadership-mandate", answer=3, note=f"Note {HOSTILE}",
        )  # fmt: skip
    return {"organisation": organisation, "unit": unit, "assessment": workshop, "person": person}


@pytest.mark.parametrize("name", ["home", "results", "compare", "workshop", "members", "audit", "plan"])
def test_names_titles_and_notes_are_shown_literally_on_every_page(hostile, name: str) -> None:
    assessment = hostile["assessment"]
    app = page(name, query={"assessment": str(assessment.id)})
    app.session_state["wf_organisation_id"] = hostile["organisation"].id
    assert_literal(app.run())


def test_a_participants_own_name_and_notes_are_shown_literally_on_the_questionnaire(hostile) -> None:
    app = page("questionnaire", query={"r": hostile["person"].token})
    assert_literal(app.run())


def test_an_uploaded_files_name_and_the_units_in_its_errors_are_shown_literally(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        organisation = make_organisation(session, name="Agency")
        for parent in ("North", "South"):
            parent_unit = make_unit(session, organisation.id, name=parent)
            make_unit(session, organisation.id, name=f"Payroll {HOSTILE}", parent_id=parent_unit.id)
    app = page("import_responses").run()
    app.file_uploader[0].set_value(
        (f"{HOSTILE}.csv", b"respondent,question,answer\nAna,nope,7\n", "text/csv")
    ).run()
    assert_literal(app)
    assert any("cannot be imported" in error.value for error in app.error)


def test_unit_names_inside_an_import_error_are_shown_literally(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        organisation = make_organisation(session, name="Agency")
        for parent in ("North", "South"):
            parent_unit = make_unit(session, organisation.id, name=parent)
            make_unit(session, organisation.id, name=f"Payroll {HOSTILE}", parent_id=parent_unit.id)
    app = page("import_responses").run()
    app.selectbox(key="import_organisation").set_value(organisation.id).run()
    app.selectbox(key="import_unit").set_value(-1).run()
    app.text_input(key="import_unit_name").input(f"Payroll {HOSTILE}")
    good = b"respondent,question,answer\nAna,culture.leadership-mandate,3\n"
    app.file_uploader[0].set_value((f"{HOSTILE}.csv", good, "text/csv")).run()
    app.button(key="import_button").click().run()
    assert any("several units" in error.value for error in app.error)
    assert_literal(app)
