"""Import responses from a CSV or XLSX file: preview and every problem first, then all or nothing."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessment import importing, services
from assessment.access import Action
from assessment.importing import ImportFileError, ParsedResponses
from assessment.models import NAME_LENGTH
from assessment.settings import get_settings
from questionnaires.answers import answer_label
from ui import pickers, resources, state, tables
from ui.actions import run_action
from ui.text import escape_markdown

PREVIEW_ROWS = 20
IMPORTED_FLASH = "wf_import_done"
UPLOAD_ROUND = "wf_import_round"


@st.cache_data(max_entries=8, ttl=900, show_spinner="Reading the file…")
def read_upload(
    file_id: str, filename: str, bank_version: str, _data: bytes
) -> tuple[ParsedResponses | None, tuple[importing.ImportProblem, ...]]:
    """The file parsed and checked against the bank, or every problem in it; nothing is written."""
    try:
        return importing.read_responses(_data, filename=filename, bank=resources.bank()), ()
    except ImportFileError as error:
        return None, error.problems


def new_name(noun: str, *, key: str) -> str:
    """The name typed for a new organisation or unit, under its picker's "New …" option."""
    return st.text_input(f"Name of the new {noun}", key=key, max_chars=NAME_LENGTH).strip()


def store(parsed: ParsedResponses, organisation: str, unit: str, title: str, assessed_on: date) -> None:
    """Save every answer in a new assessment (all or nothing), then rerun to say so."""
    with resources.session() as session:
        result = importing.store_responses(
            actor=state.actor(),
            session=session,
            parsed=parsed,
            organisation=organisation,
            unit=unit,
            title=title,
            assessed_on=assessed_on,
            mode="workshop" if len(parsed.respondents) > 1 else "self",
            bank=resources.bank(),
        )
    state.select_assessment(result.assessment.id)
    st.session_state[IMPORTED_FLASH] = (
        result.assessment.id,
        result.assessment.organisation_id,
        f"Imported {result.answers} answers from {result.respondents} respondent(s) "
        f"into a new assessment (id {result.assessment.id}).",
    )
    st.rerun()


def problems_table(problems: tuple[importing.ImportProblem, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Row": ["" if p.row is None else str(p.row) for p in problems],
            "Column": [p.column or "" for p in problems],
            "Problem": [p.message for p in problems],
        }
    )


def preview_table(parsed: ParsedResponses) -> pd.DataFrame:
    rows = parsed.answers[:PREVIEW_ROWS]
    return pd.DataFrame(
        {
            "Respondent": [a.respondent for a in rows],
            "Question": [a.question_id for a in rows],
            "Answer": [answer_label(a.answer, short=True) for a in rows],
            "Note": [a.note or "" for a in rows],
        }
    )


st.title("Import responses")
st.write(
    "Bring in answers collected elsewhere, for example with a survey tool. Two layouts work: "
    "**long**, one answer per row with the columns respondent, question, answer (and optionally note, role); "
    "or **wide**, one row per respondent and one column per question, headed by the question's id or text. "
    "Answers may be 1–5, a level name such as Managed, N/A or don't know."
)
limit_mb = get_settings().import_limit_bytes / 1024 / 1024

imported = st.session_state.pop(IMPORTED_FLASH, None)
if imported is not None:
    assessment_id, organisation_id, summary = imported
    # Start the next import from a clean form, in the organisation just imported into.
    st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
    state.select_organisation(organisation_id)
    st.success(summary)
    st.page_link(
        "ui/pages/results.py",
        label="Open the results of the imported assessment",
        query_params={"assessment": str(assessment_id)},
        icon=":material/insights:",
    )

st.header("Where the responses go")
organisation = pickers.organisation_picker(
    key="import_organisation",
    # Only instance admins create organisations; anyone else imports into one they facilitate.
    new_option="New organisation…" if pickers.creates_organisations() else None,
    needs=Action.RUN,
)
if organisation is None and not pickers.creates_organisations():
    st.info(pickers.no_organisations())
    st.stop()
organisation_name = (
    organisation.name if organisation else new_name("organisation", key="import_organisation_name")
)
units = []
if organisation is not None:
    with resources.session(write=False) as session:
        units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation.id)
unit = pickers.unit_picker(units, key="import_unit", new_option="New unit…")
unit_name = unit.name if unit else new_name("unit", key="import_unit_name")
title = st.text_input(
    "Assessment title", value="Imported responses", key="import_title", max_chars=NAME_LENGTH
).strip()
assessed_on = st.date_input("Assessment date", value=date.today(), key="import_date", format="YYYY-MM-DD")

st.header("The file")
upload = st.file_uploader(
    f"Responses file (CSV or XLSX, at most {limit_mb:.0f} MB)",
    type=["csv", "xlsx"],
    key=f"import_file_{st.session_state.get(UPLOAD_ROUND, 0)}",
)
parsed: ParsedResponses | None = None
if upload is not None:
    data = upload.getvalue()
    file_name = escape_markdown(upload.name)  # a file's name is user text
    if len(data) > get_settings().import_limit_bytes:
        st.error(f"{file_name} is {len(data) / 1024 / 1024:.1f} MB; the import limit is {limit_mb:.0f} MB.")
    else:
        parsed, problems = read_upload(upload.file_id, upload.name, resources.bank().version, data)
        if problems:
            st.error(
                f"{file_name} cannot be imported: {len(problems)} problem(s) listed below. "
                "Nothing has been saved; correct the file and upload it again."
            )
            st.table(tables.escaped(problems_table(problems), "Column", "Problem"), hide_index=True)

if parsed is not None:
    st.subheader("Preview")
    layout, respondents, answers = st.columns(3)
    layout.metric("Layout", parsed.layout)
    respondents.metric("Respondents", len(parsed.respondents))
    answers.metric("Answers", len(parsed.answers))
    if parsed.ignored_columns:
        st.caption("Columns skipped (no answers in them): " + ", ".join(parsed.ignored_columns))
    st.caption(f"The first {min(PREVIEW_ROWS, len(parsed.answers))} answers as they will be saved:")
    st.dataframe(preview_table(parsed), hide_index=True, key="import_preview")

    missing = [
        name for name, value in (("organisation", organisation_name), ("unit", unit_name)) if not value
    ]
    if missing:
        st.warning(f"Name the {' and the '.join(missing)} before importing.")
    if st.button(
        f"Import {len(parsed.answers)} answers",
        type="primary",
        disabled=bool(missing) or not title,
        key="import_button",
    ):
        run_action(
            store, parsed, organisation_name, unit_name, title, assessed_on, prefix="Nothing was imported: "
        )
