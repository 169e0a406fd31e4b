"""Import responses from a CSV or XLSX file: columns matched, every problem and a preview first,
then all or nothing. A wide file (a survey tool's export) gets a mapping step: each column with
the question it answers and how sure the match is, to change or skip; the choices are remembered
for the organisation's next file from the same form."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

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
from ui.column_mapping import mapping_step
from ui.text import escape_markdown

if TYPE_CHECKING:
    from streamlit.runtime.uploaded_file_manager import UploadedFile

    from assessment.records import OrganisationInfo

PREVIEW_ROWS = 20
IMPORTED_FLASH = "wf_import_done"
UPLOAD_ROUND = "wf_import_round"


Choices = tuple[tuple[str, str], ...]  # header → choice, as a hashable cache key


@st.cache_data(max_entries=8, ttl=900, show_spinner="Reading the file…")
def plan_upload(
    file_id: str, filename: str, bank_version: str, mapping: Choices, _data: bytes
) -> tuple[importing.ColumnPlan | None, tuple[importing.ImportProblem, ...]]:
    """What each column of the file holds, or why the file is no table; nothing is written."""
    try:
        return importing.plan_columns(
            _data, filename=filename, bank=resources.bank(), mapping=dict(mapping)
        ), ()
    except ImportFileError as error:
        return None, error.problems


@st.cache_data(max_entries=8, ttl=900, show_spinner="Reading the file…")
def read_upload(
    file_id: str, filename: str, bank_version: str, mapping: Choices, _data: bytes
) -> tuple[ParsedResponses | None, tuple[importing.ImportProblem, ...]]:
    """The file parsed and checked against the bank, or every problem in it; nothing is written."""
    try:
        parsed = importing.read_responses(
            _data, filename=filename, bank=resources.bank(), mapping=dict(mapping)
        )
        return parsed, ()
    except ImportFileError as error:
        return None, error.problems


def saved_mapping(organisation_id: int | None, plan: importing.ColumnPlan) -> dict[str, str]:
    """The mapping remembered for this form in the organisation (none for a new organisation)."""
    if organisation_id is None or plan.layout != "wide":
        return {}
    with resources.session(write=False) as session:
        found = importing.saved_mapping(
            session=session, actor=state.actor(), organisation_id=organisation_id, plan=plan
        )
    return found or {}


def new_name(noun: str, *, key: str) -> str:
    """The name typed for a new organisation or unit, under its picker's "New …" option."""
    return st.text_input(f"Name of the new {noun}", key=key, max_chars=NAME_LENGTH).strip()


def store(
    parsed: ParsedResponses,
    organisation: str,
    unit: str,
    title: str,
    assessed_on: date,
    remember: dict[str, str],
) -> None:
    """Save every answer in a new assessment (all or nothing) and the column choices, then rerun."""
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
            remember=remember or None,
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


def read_file(
    upload: UploadedFile, organisation: OrganisationInfo | None
) -> tuple[ParsedResponses | None, dict]:
    """The upload read (through the mapping step when it is wide), its problems shown; nothing written.

    Returns the responses when the file can be imported, and the column choices to remember.
    """
    data = upload.getvalue()
    file_name = escape_markdown(upload.name)  # a file's name is user text
    if len(data) > get_settings().import_limit_bytes:
        st.error(f"{file_name} is {len(data) / 1024 / 1024:.1f} MB; the import limit is {limit_mb:.0f} MB.")
        return None, {}
    version = resources.bank().version
    plan, problems = plan_upload(upload.file_id, upload.name, version, (), data)
    saved: dict[str, str] = {}
    if plan is not None and plan.layout == "wide":
        saved = saved_mapping(organisation.id if organisation else None, plan)
        if saved:
            plan, problems = plan_upload(
                upload.file_id, upload.name, version, tuple(sorted(saved.items())), data
            )
    remember: dict[str, str] = {}
    if plan is not None and plan.layout == "wide":
        st.subheader("Columns")
        read_as = f"a {plan.tool} export" if plan.tool else "one row per respondent"
        st.caption(
            f"Read as {read_as}. Each column of the file with the question it answers: change any "
            "that is wrong, and skip those that hold no answers."
            + (" Your choices for this form were remembered from its last import." if saved else "")
        )
        changes = mapping_step(plan, resources.bank(), key=f"import_map_{upload.file_id}_{len(saved)}")
        remember = {**saved, **changes}
    parsed = None
    if plan is not None:
        parsed, problems = read_upload(
            upload.file_id, upload.name, version, tuple(sorted(remember.items())), data
        )
    if problems:
        waiting = plan is not None and any(c.header not in remember for c in plan.unmatched)
        st.error(
            f"{file_name} cannot be imported: {len(problems)} problem(s) listed below. Nothing has been "
            "saved; "
            + (
                "choose a question for each column above that has none, or skip it."
                if waiting
                else "correct the file and upload it again."
            )
        )
        st.table(tables.escaped(problems_table(problems), "Column", "Problem"), hide_index=True)
    return parsed, remember


st.title("Import responses")
st.write(
    "Bring in answers collected elsewhere. Exports of Google Forms, Microsoft Forms, LimeSurvey, "
    "SurveyMonkey and KoboToolbox import as they are: one row per respondent and one column per "
    "question, matched to the question bank by id or text, and checked with you when a column "
    "matches no question on its own. A **long** file works too: one answer per row with the columns "
    "respondent, question, answer (and optionally note, role). Answers may be 1–5, a level name such "
    "as Managed, an option such as 3 - Defined, N/A or don't know."
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
parsed, remember = read_file(upload, organisation) if upload is not None else (None, {})

if parsed is not None:
    st.subheader("Preview")
    layout, respondents, answers = st.columns(3)
    layout.metric("Layout", parsed.layout)
    respondents.metric("Respondents", len(parsed.respondents))
    answers.metric("Answers", len(parsed.answers))
    if parsed.plan is not None and parsed.plan.layout == "wide":
        st.caption(escape_markdown(f"Respondents named from {parsed.plan.respondent.described}."))
    if parsed.ignored_columns:
        st.caption(
            escape_markdown("Columns skipped (no answers in them): " + ", ".join(parsed.ignored_columns))
        )
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
            store,
            parsed,
            organisation_name,
            unit_name,
            title,
            assessed_on,
            remember,
            prefix="Nothing was imported: ",
        )
