"""Home: what Wayfinder does, pick or create an organisation and unit, start an assessment,
and the organisation's recent assessments with their overall score."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from assessment import services
from assessment.errors import WayfinderError
from assessment.records import AssessmentInfo
from scoring.results import Score
from ui import resources, scores, state
from ui.text import escape_markdown

INTRO = (
    "Wayfinder measures how far a public body has come in its digital transformation, across "
    "culture, delivery, architecture, procurement and skills. "
    "A leader answers alone in short sittings, or a whole team answers together in a live workshop. "
    "The answers become scores against the five guiding steps and five pillars, and a prioritised "
    "roadmap of what to do next."
)
RECENT_LIMIT = 20
FLASH = "wf_home_flash"


def flash(message: str) -> None:
    st.session_state[FLASH] = message


def create_organisation(name: str) -> None:
    with resources.session() as session:
        organisation = services.create_organisation(session=session, name=name)
    state.select_organisation(organisation.id)
    st.session_state[state.UNIT_ID] = None
    flash(f"Organisation “{escape_markdown(organisation.name)}” created.")


def create_unit(organisation_id: int, name: str, parent_id: int | None) -> None:
    with resources.session() as session:
        unit = services.create_unit(
            session=session, organisation_id=organisation_id, name=name, parent_id=parent_id
        )
    st.session_state[state.UNIT_ID] = unit.id
    flash(f"Unit “{escape_markdown(unit.path)}” created.")


def pick_organisation() -> int | None:
    with resources.session(write=False) as session:
        organisations = services.list_organisations(session=session)
    names = {organisation.id: organisation.name for organisation in organisations}
    organisation_id = None
    if names:
        ids = list(names)
        selected = state.selected_organisation_id()
        organisation_id = st.selectbox(
            "Organisation",
            ids,
            index=ids.index(selected) if selected in names else 0,
            format_func=names.__getitem__,
        )
        if organisation_id != selected:
            state.select_organisation(organisation_id)
            st.session_state[state.UNIT_ID] = None
    else:
        st.write("There is no organisation yet: create the first one.")
    with st.expander("New organisation", expanded=not names), st.form("new_organisation", border=False):
        name = st.text_input("Name of the new organisation", max_chars=200)
        if st.form_submit_button("Create organisation"):
            run_and_rerun(create_organisation, name)
    return organisation_id


def pick_unit(organisation_id: int) -> int | None:
    with resources.session(write=False) as session:
        units = services.list_units(session=session, organisation_id=organisation_id)
    paths = {unit.id: unit.path for unit in units}
    unit_id = None
    if paths:
        ids = list(paths)
        selected = st.session_state.get(state.UNIT_ID)
        unit_id = st.selectbox(
            "Unit (department or team)",
            ids,
            index=ids.index(selected) if selected in paths else 0,
            format_func=paths.__getitem__,
        )
        st.session_state[state.UNIT_ID] = unit_id
    else:
        st.write("This organisation has no unit yet: create one to assess.")
    with st.expander("New unit", expanded=not paths), st.form("new_unit", border=False):
        name = st.text_input("Name of the new unit", max_chars=200)
        parent = st.selectbox(
            "Part of (optional)",
            [None, *paths],
            format_func=lambda unit: "— none: a department —" if unit is None else paths[unit],
        )
        if st.form_submit_button("Create unit"):
            run_and_rerun(create_unit, organisation_id, name, parent)
    return unit_id


def run_and_rerun(action: Callable[..., None], *args: object) -> None:
    """Run a create action; on success rerun so the pickers above show the new record."""
    try:
        action(*args)
    except WayfinderError as error:
        st.error(escape_markdown(str(error)))
        return
    st.rerun()


def start_self_assessment(unit_id: int, title: str, on: date, name: str, role: str) -> None:
    try:
        with resources.session() as session:
            assessment, respondent = services.start_self_assessment(
                session=session,
                unit_id=unit_id,
                title=title,
                assessed_on=on,
                leader=name,
                role=role,
                bank=resources.bank(),
            )
    except WayfinderError as error:
        st.error(escape_markdown(str(error)))
        return
    state.select_assessment(assessment.id)
    st.session_state[state.RESPONDENT_TOKEN] = respondent.token
    st.switch_page("ui/pages/questionnaire.py", query_params={state.QUERY_TOKEN: respondent.token})


def start_workshop(unit_id: int, title: str, on: date) -> None:
    try:
        with resources.session() as session:
            assessment = services.create_assessment(
                session=session,
                unit_id=unit_id,
                title=title,
                mode="workshop",
                assessed_on=on,
                bank=resources.bank(),
            )
    except WayfinderError as error:
        st.error(escape_markdown(str(error)))
        return
    state.select_assessment(assessment.id)
    st.switch_page("ui/pages/workshop.py", query_params={state.QUERY_ASSESSMENT: str(assessment.id)})


def start_assessment(unit_id: int) -> None:
    today = date.today()
    self_column, workshop_column = st.columns(2, gap="large")
    with self_column, st.form("start_self_assessment"):
        st.subheader("Self-assessment")
        st.caption("You answer alone, in as many sittings as you like; every answer is saved at once.")
        title = st.text_input("Title", value=f"Self-assessment {today:%B %Y}", max_chars=200)
        on = st.date_input("Date", value=today, format="DD.MM.YYYY", key="self_date")
        name = st.text_input("Your name", placeholder="Leader", max_chars=120)
        role = st.text_input("Your role (optional)", max_chars=120)
        if st.form_submit_button("Start self-assessment", type="primary"):
            start_self_assessment(unit_id, title, on, name, role)
    with workshop_column, st.form("start_workshop"):
        st.subheader("Workshop")
        st.caption("Participants join with a code or QR code and answer on their own phones.")
        title = st.text_input("Title", value=f"Workshop {today:%B %Y}", max_chars=200, key="workshop_title")
        on = st.date_input("Date", value=today, format="DD.MM.YYYY", key="workshop_date")
        if st.form_submit_button("Start workshop", type="primary"):
            start_workshop(unit_id, title, on)


def overall_text(score: Score | None) -> str:
    if score is None or not score.scored:
        return "not scored yet"
    return f"{score.value:.2f} · {score.level_name}"


def recent_table(assessments: list[AssessmentInfo], scores: dict[int, Score]) -> pd.DataFrame:
    rows = []
    for info in assessments:
        rows.append(
            {
                "Date": info.assessed_on,
                "Unit": info.unit,
                "Assessment": info.title,
                "Mode": info.mode_name,
                "Status": info.status,
                "People": info.respondents,
                "Overall (1–5)": overall_text(scores.get(info.id)),
            }
        )
    return pd.DataFrame(rows)


def show_recent(organisation_id: int) -> None:
    with resources.session(write=False) as session:
        assessments = services.list_assessments(session=session, organisation_id=organisation_id)
    if not assessments:
        st.write("No assessments yet.")
        return
    recent = sorted(assessments, key=lambda info: (info.assessed_on, info.id), reverse=True)[:RECENT_LIMIT]
    st.dataframe(
        recent_table(recent, scores.overall_scores(organisation_id)),
        hide_index=True,
        column_config={
            "Date": st.column_config.DateColumn(format="DD.MM.YYYY", width="small"),
            "Unit": st.column_config.TextColumn(width="medium"),
            "Assessment": st.column_config.TextColumn(width="medium"),
            "Mode": st.column_config.TextColumn(width="small"),
            "Status": st.column_config.TextColumn(width="small"),
            "People": st.column_config.NumberColumn(width="small", help="Respondents"),
            "Overall (1–5)": st.column_config.TextColumn(width="medium"),
        },
        key="wf_home_recent",
    )
    labels = {info.id: f"{info.assessed_on:%d.%m.%Y} · {info.unit} · {info.title}" for info in recent}
    chosen = st.selectbox("Open an assessment", list(labels), format_func=labels.__getitem__)
    info = next(info for info in recent if info.id == chosen)
    state.select_assessment(info.id)
    show_links(info)


def show_links(info: AssessmentInfo) -> None:
    params = {state.QUERY_ASSESSMENT: str(info.id)}
    st.page_link("ui/pages/results.py", label="Results", icon=":material/monitoring:", query_params=params)
    if info.mode == "workshop":
        st.page_link(
            "ui/pages/workshop.py",
            label="Workshop view (join code, live answers)",
            icon=":material/groups:",
            query_params=params,
        )
        return
    with resources.session(write=False) as session:
        respondents = services.list_respondents(session=session, assessment_id=info.id)
    for respondent in respondents:
        st.page_link(
            "ui/pages/questionnaire.py",
            label=f"Continue answering as {escape_markdown(respondent.label)}",
            icon=":material/edit_note:",
            query_params={state.QUERY_TOKEN: respondent.token},
        )


st.title("Wayfinder")
st.write(INTRO)
if message := st.session_state.pop(FLASH, None):
    st.success(message)

st.header("Organisation and unit")
organisation_id = pick_organisation()
unit_id = pick_unit(organisation_id) if organisation_id is not None else None

if unit_id is not None:
    st.header("Start an assessment")
    start_assessment(unit_id)

if organisation_id is not None:
    st.header("Recent assessments")
    show_recent(organisation_id)
