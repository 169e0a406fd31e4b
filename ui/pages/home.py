"""Home: what Wayfinder does, pick or create an organisation and unit, start an assessment,
and the organisation's recent assessments with their overall score."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import AssessmentInfo
from questionnaires.i18n import _
from scoring.formatting import date_entry_format, month_text, score_with_level
from scoring.results import Score
from ui import pickers, resources, scores, sections, state
from ui.actions import run_action
from ui.html_table import show_table
from ui.text import escape_markdown

INTRO = _(
    "Wayfinder measures how far a public body has come in its digital transformation, across "
    "culture, delivery, architecture, procurement and skills. A leader answers alone in short "
    "sittings, or a whole team answers together in a live workshop. The answers become scores "
    "against the five guiding steps and five pillars, and a prioritised roadmap of what to do "
    "next."
)
RECENT_LIMIT = 20
FLASH = "wf_home_flash"


def flash(message: str) -> None:
    st.session_state[FLASH] = message


def create_organisation(name: str) -> None:
    """Create the organisation and rerun, so the picker above shows it selected."""
    with resources.session() as session:
        organisation = services.create_organisation(actor=state.actor(), session=session, name=name)
    state.select_organisation(organisation.id)
    flash(_("Organisation “{name}” created.").format(name=escape_markdown(organisation.name)))
    st.rerun()


def create_unit(organisation_id: int, name: str, parent_id: int | None) -> None:
    """Create the unit and rerun, so the picker above shows it selected."""
    with resources.session() as session:
        unit = services.create_unit(
            actor=state.actor(),
            session=session,
            organisation_id=organisation_id,
            name=name,
            parent_id=parent_id,
        )
    state.select_unit(unit.id)
    flash(_("Unit “{path}” created.").format(path=escape_markdown(unit.path)))
    st.rerun()


def pick_organisation() -> int | None:
    """The organisation to work in; creating one only for those who may (instance admins)."""
    organisation = pickers.organisation_picker(key="home_organisation")
    if organisation is None and state.actor().is_operator:
        st.write(_("There is no organisation yet: create the first one."))
    elif organisation is None:
        st.info(pickers.no_organisations(), icon=":material/group:")
    creating = pickers.creates_organisations() and sections.opened(
        _("New organisation"),
        key="wf_new_organisation_open",
        icon=":material/add_business:",
        open_now=organisation is None,
    )
    if creating:
        with creating, st.form("new_organisation", border=False):
            name = st.text_input(_("Name of the new organisation"), max_chars=200)
            if st.form_submit_button(_("Create organisation")):
                run_action(create_organisation, name)
    return None if organisation is None else organisation.id


def pick_unit(organisation_id: int) -> int | None:
    """The unit to assess; creating one only for facilitators and owners."""
    with resources.session(write=False) as session:
        units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation_id)
    unit = pickers.unit_picker(units, key="home_unit", label=_("Unit (department or team)"))
    if not may(state.actor(), Action.RUN, organisation_id):
        if unit is None:
            st.write(_("This organisation has no unit yet."))
        return None if unit is None else unit.id
    if unit is None:
        st.write(_("This organisation has no unit yet: create one to assess."))
    paths = {u.id: u.path for u in units}
    no_parent = _("— none: a department —")  # made in the run: a format function must not translate
    creating = sections.opened(
        _("New unit"), key="wf_new_unit_open", icon=":material/add:", open_now=unit is None
    )
    if creating is None:
        return None if unit is None else unit.id
    with creating, st.form("new_unit", border=False):
        name = st.text_input(_("Name of the new unit"), max_chars=200)
        parent = st.selectbox(
            _("Part of (optional)"),
            [None, *paths],
            format_func=lambda unit: no_parent if unit is None else paths[unit],
        )
        if st.form_submit_button(_("Create unit")):
            run_action(create_unit, organisation_id, name, parent)
    return None if unit is None else unit.id


def start_self_assessment(unit_id: int, title: str, on: date, name: str, role: str) -> None:
    """Create the self-assessment with its leader and open the leader's questionnaire."""
    with resources.session() as session:
        assessment, respondent = services.start_self_assessment(
            actor=state.actor(),
            session=session,
            unit_id=unit_id,
            title=title,
            assessed_on=on,
            leader=name,
            role=role,
        )
    state.select_assessment(assessment.id)
    st.session_state[state.RESPONDENT_TOKEN] = respondent.token
    st.switch_page("ui/pages/questionnaire.py", query_params={state.QUERY_TOKEN: respondent.token})


def start_workshop(unit_id: int, title: str, on: date, anonymous: bool) -> None:
    """Create the workshop (``anonymous``: no names asked or stored) and open the facilitator's view."""
    with resources.session() as session:
        assessment = services.create_assessment(
            actor=state.actor(),
            session=session,
            unit_id=unit_id,
            title=title,
            mode="workshop",
            assessed_on=on,
            anonymous=anonymous,
        )
    state.select_assessment(assessment.id)
    st.switch_page("ui/pages/workshop.py", query_params={state.QUERY_ASSESSMENT: str(assessment.id)})


def start_assessment(unit_id: int) -> None:
    """The two ways to start, each form drawn once its section is opened (most visits to Home
    continue or read an assessment: two forms of date pickers cost every load a third of a second)."""
    today = date.today()
    self_column, workshop_column = st.columns(2, gap="large")
    with self_column:
        starting = sections.opened(
            _("Start a self-assessment"), key="wf_start_self", icon=":material/person:"
        )
        st.caption(_("You answer alone, in as many sittings as you like; every answer is saved at once."))
    if starting:
        with starting, st.form("start_self_assessment", border=False):
            title = st.text_input(
                _("Title"), value=_("Self-assessment {month}").format(month=month_text(today)), max_chars=200
            )
            on = st.date_input(_("Date"), value=today, format=date_entry_format(), key="self_date")
            name = st.text_input(_("Your name"), placeholder=_("Leader"), max_chars=120)
            role = st.text_input(_("Your role (optional)"), max_chars=120)
            if st.form_submit_button(_("Start self-assessment"), type="primary"):
                run_action(start_self_assessment, unit_id, title, on, name, role)
    with workshop_column:
        starting = sections.opened(_("Start a workshop"), key="wf_start_workshop", icon=":material/groups:")
        st.caption(_("Participants join with a code or QR code and answer on their own phones."))
    if starting:
        with starting, st.form("start_workshop", border=False):
            title = st.text_input(
                _("Title"),
                value=_("Workshop {month}").format(month=month_text(today)),
                max_chars=200,
                key="workshop_title",
            )
            on = st.date_input(_("Date"), value=today, format=date_entry_format(), key="workshop_date")
            anonymous = st.checkbox(
                _("Anonymous (no names asked or stored)"),
                key="workshop_anonymous",
                help=_(
                    "Participants are not asked for a name or role: they appear as “Participant 1”, "
                    "“Participant 2”, …, and notes are shown without their author. "
                    "It cannot be changed later."
                ),
            )
            if st.form_submit_button(_("Start workshop"), type="primary"):
                run_action(start_workshop, unit_id, title, on, anonymous)


def recent_table(assessments: list[AssessmentInfo], scores: dict[int, Score]) -> pd.DataFrame:
    rows = []
    for info in assessments:
        rows.append(
            {
                _("Date"): info.assessed_on,
                _("Unit"): info.unit,
                _("Assessment"): info.title,
                _("Mode"): _("{mode} (anonymous)").format(mode=info.mode_name)
                if info.anonymous
                else info.mode_name,
                _("Status"): _("open") if info.is_open else _("closed"),
                _("People"): info.respondents,
                _("Overall (1–5)"): score_with_level(scores.get(info.id)),
            }
        )
    return pd.DataFrame(rows)


def show_recent(organisation_id: int) -> None:
    with resources.session(write=False) as session:
        assessments = services.list_assessments(
            actor=state.actor(), session=session, organisation_id=organisation_id
        )
    if not assessments:
        st.write(_("No assessments yet."))
        return
    recent = sorted(assessments, key=lambda info: (info.assessed_on, info.id), reverse=True)[:RECENT_LIMIT]
    show_table(recent_table(recent, scores.overall_scores(organisation_id)), label=_("Recent assessments"))
    info = pickers.assessment_picker(recent, key="home_assessment", label=_("Open an assessment"))
    if info is not None:
        show_links(info)


def show_links(info: AssessmentInfo) -> None:
    params = {state.QUERY_ASSESSMENT: str(info.id)}
    st.page_link("ui/pages/results.py", label=_("Results"), icon=":material/monitoring:", query_params=params)
    if info.mode == "workshop":
        if may(state.actor(), Action.RUN, info.organisation_id):  # the workshop page is the facilitator's
            st.page_link(
                "ui/pages/workshop.py",
                label=_("Workshop view (join code, live answers)"),
                icon=":material/groups:",
                query_params=params,
            )
        return
    with resources.session(write=False) as session:
        respondents = services.own_respondents(actor=state.actor(), session=session, assessment_id=info.id)
    for respondent in respondents:
        st.page_link(
            "ui/pages/questionnaire.py",
            label=_("Continue answering as {label}").format(label=escape_markdown(respondent.label)),
            icon=":material/edit_note:",
            query_params={state.QUERY_TOKEN: respondent.token},
        )


st.title("Wayfinder")
st.write(INTRO)
if message := st.session_state.pop(FLASH, None):
    st.success(message)

st.header(_("Organisation and unit"))
organisation_id = pick_organisation()
unit_id = pick_unit(organisation_id) if organisation_id is not None else None

if unit_id is not None and organisation_id is not None and may(state.actor(), Action.RUN, organisation_id):
    st.header(_("Start an assessment"))
    start_assessment(unit_id)

if organisation_id is not None:
    st.header(_("Recent assessments"))
    show_recent(organisation_id)
