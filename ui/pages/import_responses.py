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
from questionnaires import Bank
from questionnaires.answers import answer_label
from questionnaires.i18n import _, current_language
from scoring.formatting import date_entry_format
from ui import pickers, resources, sections, state
from ui.actions import run_action
from ui.column_mapping import mapping_step
from ui.html_table import show_table
from ui.text import escape_markdown

if TYPE_CHECKING:
    from streamlit.runtime.uploaded_file_manager import UploadedFile

    from assessment.records import OrganisationInfo

PREVIEW_ROWS = 20
IMPORTED_FLASH = "wf_import_done"
UPLOAD_ROUND = "wf_import_round"


Choices = tuple[tuple[str, str], ...]  # header → choice, as a hashable cache key


@st.cache_data(max_entries=8, ttl=900, show_spinner=_("Reading the file…"))
def plan_upload(
    file_id: str, filename: str, bank_version: str, mapping: Choices, language: str, _data: bytes
) -> tuple[importing.ColumnPlan | None, tuple[importing.ImportProblem, ...]]:
    """What each column of the file holds, or why the file is no table; nothing is written.

    The problems are written in ``language``, the reader's: it is part of the cache key, so
    switching language shows them again in the new one."""
    try:
        return importing.plan_columns(
            _data, filename=filename, bank=resources.bank_for(bank_version), mapping=dict(mapping)
        ), ()
    except ImportFileError as error:
        return None, error.problems


@st.cache_data(max_entries=8, ttl=900, show_spinner=_("Reading the file…"))
def read_upload(
    file_id: str, filename: str, bank_version: str, mapping: Choices, language: str, _data: bytes
) -> tuple[ParsedResponses | None, tuple[importing.ImportProblem, ...]]:
    """The file parsed and checked against the bank, or every problem in it (in ``language``);
    nothing is written."""
    try:
        parsed = importing.read_responses(
            _data, filename=filename, bank=resources.bank_for(bank_version), mapping=dict(mapping)
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


def import_bank(organisation: OrganisationInfo | None) -> Bank:
    """The bank a file is checked against and imported with: the organisation's own (tailored)
    bank when it adopted one, else the installed bank."""
    if organisation is None:
        return resources.bank()
    with resources.session(write=False) as session:
        return services.bank_of_organisation(
            session=session, actor=state.actor(), organisation_id=organisation.id
        )


def new_name(label: str, *, key: str) -> str:
    """The name typed for a new organisation or unit, under its picker's "New …" option."""
    return st.text_input(label, key=key, max_chars=NAME_LENGTH).strip()


def store(
    parsed: ParsedResponses,
    organisation: str,
    unit: str,
    title: str,
    assessed_on: date,
    remember: dict[str, str],
    bank: Bank,
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
            bank=bank,
            remember=remember or None,
        )
    state.select_assessment(result.assessment.id)
    st.session_state[IMPORTED_FLASH] = (
        result.assessment.id,
        result.assessment.organisation_id,
        _(
            "Imported {answers} answers from {respondents} respondent(s) into a new assessment (id {id})."
        ).format(answers=result.answers, respondents=result.respondents, id=result.assessment.id),
    )
    st.rerun()


def problems_table(problems: tuple[importing.ImportProblem, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("Row"): ["" if p.row is None else str(p.row) for p in problems],
            _("Column"): [p.column or "" for p in problems],
            _("Problem"): [p.message for p in problems],
        }
    )


def preview_table(parsed: ParsedResponses) -> pd.DataFrame:
    rows = parsed.answers[:PREVIEW_ROWS]
    return pd.DataFrame(
        {
            _("Respondent"): [a.respondent for a in rows],
            _("Question"): [a.question_id for a in rows],
            _("Answer"): [answer_label(a.answer, short=True) for a in rows],
            _("Note"): [a.note or "" for a in rows],
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
        st.error(
            _("{file_name} is {count:.1f} MB; the import limit is {limit_mb:.0f} MB.").format(
                file_name=file_name, count=len(data) / 1024 / 1024, limit_mb=limit_mb
            )
        )
        return None, {}
    bank = import_bank(organisation)
    version = bank.version
    plan, problems = plan_upload(upload.file_id, upload.name, version, (), current_language(), data)
    saved: dict[str, str] = {}
    if plan is not None and plan.layout == "wide":
        saved = saved_mapping(organisation.id if organisation else None, plan)
        if saved:
            plan, problems = plan_upload(
                upload.file_id, upload.name, version, tuple(sorted(saved.items())), current_language(), data
            )
    remember: dict[str, str] = {}
    if plan is not None and plan.layout == "wide":
        st.subheader(_("Columns"))
        read_as = _("a {tool} export").format(tool=plan.tool) if plan.tool else _("one row per respondent")
        st.caption(
            _(
                "Read as {read_as}. Each column of the file with the question it answers: change any that "
                "is wrong, and skip those that hold no answers."
            ).format(read_as=read_as)
            + (_(" Your choices for this form were remembered from its last import.") if saved else "")
        )
        changes = mapping_step(
            plan, services.shown_bank(bank), key=f"import_map_{upload.file_id}_{len(saved)}"
        )
        remember = {**saved, **changes}
    parsed = None
    if plan is not None:
        parsed, problems = read_upload(
            upload.file_id, upload.name, version, tuple(sorted(remember.items())), current_language(), data
        )
    if problems:
        waiting = plan is not None and any(c.header not in remember for c in plan.unmatched)
        st.error(
            _(
                "{file_name} cannot be imported: {count} problem(s) listed below. Nothing has been saved; "
            ).format(file_name=file_name, count=len(problems))
            + (
                _("choose a question for each column above that has none, or skip it.")
                if waiting
                else _("correct the file and upload it again.")
            )
        )
        show_table(problems_table(problems), label=_("Problems"))
    return parsed, remember


# No anchor link: its icon, wrapped after a title as wide as a phone, left an empty line.
st.title(_("Import responses"), anchor=False)
st.write(
    _(
        "Bring in answers collected elsewhere. Exports of Google Forms, Microsoft Forms, "
        "LimeSurvey, SurveyMonkey and KoboToolbox import as they are: one row per respondent and "
        "one column per question, matched to the question bank by id or text, and checked with you "
        "when a column matches no question on its own. A **long** file works too: one answer per "
        "row with the columns respondent, question, answer (and optionally note, role). Answers "
        "may be 1–5, a level name such as Managed, an option such as 3 - Defined, N/A or don't "
        "know."
    )
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
        label=_("Open the results of the imported assessment"),
        query_params={"assessment": str(assessment_id)},
        icon=":material/insights:",
    )

st.header(_("Where the responses go"))
organisation = pickers.organisation_picker(
    key="import_organisation",
    # Only instance admins create organisations; anyone else imports into one they facilitate.
    new_option=_("New organisation…") if pickers.creates_organisations() else None,
    needs=Action.RUN,
)
if organisation is None and not pickers.creates_organisations():
    st.info(pickers.no_organisations())
    st.stop()
organisation_name = (
    organisation.name
    if organisation
    else new_name(_("Name of the new organisation"), key="import_organisation_name")
)
units = []
if organisation is not None:
    with resources.session(write=False) as session:
        units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation.id)
unit = pickers.unit_picker(units, key="import_unit", new_option=_("New unit…"))
# The path, not the name: two units may share a name under different parents.
unit_name = unit.path if unit else new_name(_("Name of the new unit"), key="import_unit_name")
title = st.text_input(
    _("Assessment title"), value=_("Imported responses"), key="import_title", max_chars=NAME_LENGTH
).strip()
assessed_on = st.date_input(
    _("Assessment date"), value=date.today(), key="import_date", format=date_entry_format()
)

st.header(_("The file"))
upload = st.file_uploader(
    _("Responses file (CSV or XLSX, at most {limit_mb:.0f} MB)").format(limit_mb=limit_mb),
    type=["csv", "xlsx"],
    key=f"import_file_{st.session_state.get(UPLOAD_ROUND, 0)}",
)
parsed, remember = read_file(upload, organisation) if upload is not None else (None, {})

if parsed is not None:
    st.subheader(_("Preview"))
    with sections.metrics_row():
        st.metric(_("Layout"), parsed.layout)
        st.metric(_("Respondents"), len(parsed.respondents))
        st.metric(_("Answers"), len(parsed.answers))
    if parsed.plan is not None and parsed.plan.layout == "wide":
        st.caption(
            _("Respondents named from {columns}.").format(
                columns=escape_markdown(parsed.plan.respondent.described)
            )
        )
    if parsed.ignored_columns:
        st.caption(
            _("Columns skipped (no answers in them): {columns}").format(
                columns=escape_markdown(", ".join(parsed.ignored_columns))
            )
        )
    st.caption(
        _("The first {count} answers as they will be saved:").format(
            count=min(PREVIEW_ROWS, len(parsed.answers))
        )
    )
    st.dataframe(preview_table(parsed), hide_index=True, key="import_preview")

    if not organisation_name or not unit_name:
        st.warning(
            _("Name the organisation and the unit before importing.")
            if not organisation_name and not unit_name
            else _("Name the organisation before importing.")
            if not organisation_name
            else _("Name the unit before importing.")
        )
    if st.button(
        _("Import {count} answers").format(count=len(parsed.answers)),
        type="primary",
        disabled=not organisation_name or not unit_name or not title,
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
            import_bank(organisation),
            prefix=_("Nothing was imported: "),
        )
