"""Import responses from a CSV or XLSX file: preview and every problem first, then all or nothing."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessment import importing, services
from assessment.errors import WayfinderError
from assessment.importing import ImportFileError, ParsedResponses
from assessment.models import NAME_LENGTH
from assessment.settings import get_settings
from questionnaires.answers import answer_label
from ui import resources, state, tables

NEW = -1
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


def choose(
    label: str, names: dict[int, str], *, key: str, new_label: str, shown: dict[int, str] | None = None
) -> tuple[int | None, str]:
    """An existing record, or a name typed for a new one: (id or None, name)."""
    choices = {**(shown or names), NEW: new_label}
    picked = st.selectbox(label, list(choices), format_func=choices.__getitem__, key=key)
    if picked == NEW:
        return None, st.text_input(
            f"Name of the new {label.lower()}", key=f"{key}_name", max_chars=NAME_LENGTH
        ).strip()
    return picked, names[picked]


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
    st.session_state["import_organisation"] = organisation_id
    st.success(summary)
    st.page_link(
        "ui/pages/results.py",
        label="Open the results of the imported assessment",
        query_params={"assessment": str(assessment_id)},
        icon=":material/insights:",
    )

st.header("Where the responses go")
with resources.session(write=False) as session:
    organisations = {o.id: o.name for o in services.list_organisations(session=session)}
organisation_id, organisation_name = choose(
    "Organisation", organisations, key="import_organisation", new_label="New organisation…"
)
units = []
if organisation_id is not None:
    state.select_organisation(organisation_id)
    with resources.session(write=False) as session:
        units = services.list_units(session=session, organisation_id=organisation_id)
unit_id, unit_name = choose(
    "Unit",
    {u.id: u.name for u in units},
    shown={u.id: u.path for u in units},
    key="import_unit",
    new_label="New unit…",
)
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
    if len(data) > get_settings().import_limit_bytes:
        st.error(f"{upload.name} is {len(data) / 1024 / 1024:.1f} MB; the import limit is {limit_mb:.0f} MB.")
    else:
        parsed, problems = read_upload(upload.file_id, upload.name, resources.bank().version, data)
        if problems:
            st.error(
                f"{upload.name} cannot be imported: {len(problems)} problem(s) listed below. "
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
        try:
            with resources.session() as session:
                result = importing.store_responses(
                    session=session,
                    parsed=parsed,
                    organisation=organisation_name,
                    unit=unit_name,
                    title=title,
                    assessed_on=assessed_on,
                    mode="workshop" if len(parsed.respondents) > 1 else "self",
                    bank=resources.bank(),
                )
        except WayfinderError as error:
            st.error(f"Nothing was imported: {error}")
        else:
            state.select_assessment(result.assessment.id)
            st.session_state[IMPORTED_FLASH] = (
                result.assessment.id,
                result.assessment.organisation_id,
                f"Imported {result.answers} answers from {result.respondents} respondent(s) "
                f"into a new assessment (id {result.assessment.id}).",
            )
            st.rerun()
