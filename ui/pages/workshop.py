"""Workshop (facilitator): join code, link and QR code, open/close, the live answers, and
removing (and restoring) participants; owners also delete the workshop.

The live part is a fragment that reruns on its own every few seconds, so the room sees
new participants and answers without anyone touching the page. Scores come from the
cached result (recomputed only when an answer changed).
"""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import AssessmentInfo, DeletedInfo, OrganisationInfo, WorkshopProgress
from assessment.settings import get_settings
from questionnaires import Bank
from questionnaires.i18n import _
from ui import erasing, language, live, pickers, resources, sections, state, workshop_view
from ui.actions import run_action
from ui.html_table import show_table
from ui.text import escape_markdown

CHANGE_ERROR = "wf_workshop_error"
COPY_LINK = "wf_copy_join_link"  # whether the join link's copy box is open
CHANGES = {
    "rotate": services.rotate_join_code,
    "close": services.close_assessment,
    "reopen": services.reopen_assessment,
}


def pick_workshop() -> int | None:
    """Without ``?assessment=``: choose an organisation, then one of its workshops."""
    organisation = pickers.organisation_picker(key="workshop_organisation", needs=Action.RUN)
    workshops = []
    if organisation is not None:
        with resources.session(write=False) as session:
            assessments = services.list_assessments(
                actor=state.actor(), session=session, organisation_id=organisation.id
            )
        workshops = [info for info in assessments if info.mode == "workshop"]
    if not workshops:
        st.info(_("There is no workshop here yet. Start one on the home page."))
        st.page_link("ui/pages/home.py", label=_("Go to the home page"), icon=":material/home:")
        return None
    chosen = pickers.assessment_picker(workshops, key="workshop_assessment", label=_("Workshop"))
    return None if chosen is None else chosen.id


def workshop_info(assessment_id: int) -> AssessmentInfo:
    """The record of the assessment the page shows (an error when it is gone).

    Read after the workshop's progress, which only its facilitators may read: the record
    carries the join code, and someone who may only view the organisation is refused here.
    """
    with resources.session(write=False) as session:
        services.workshop_progress(actor=state.actor(), session=session, assessment_id=assessment_id)
        return services.get_assessment_info(actor=state.actor(), session=session, assessment_id=assessment_id)


def workshop_progress(assessment_id: int, bank: Bank) -> WorkshopProgress:
    with resources.session(write=False) as session:
        return services.workshop_progress(
            actor=state.actor(), session=session, assessment_id=assessment_id, bank=bank
        )


def change(action: str, assessment_id: int) -> None:
    """Button callback: rotate the join code, close or reopen the workshop."""
    run_action(apply_change, action, assessment_id, show=keep_change_error)


def apply_change(action: str, assessment_id: int) -> None:
    """One of ``CHANGES`` on the workshop, in its own session."""
    with resources.session() as session:
        CHANGES[action](session=session, actor=state.actor(), assessment_id=assessment_id)


def keep_change_error(message: str) -> None:
    """What a callback draws lands at the top of the page: the page shows it under its title."""
    st.session_state[CHANGE_ERROR] = message


def show_join_link(link: str) -> None:
    """The join link as text for the room, and a box to copy it from on request.

    The copy box is Streamlit's code block, whose 1.5 MB of syntax highlighting took the
    browser about 0.3 s on every first paint of this page: it is drawn only once asked for."""
    st.text(link)
    copy = st.popover(
        _("Copy the link"), icon=":material/content_copy:", key=COPY_LINK, on_change="rerun", type="tertiary"
    )
    if copy.open:
        with copy:
            st.code(link, language=None, wrap_lines=True)


def show_join(info: AssessmentInfo) -> None:
    if not info.is_open or not info.join_code:
        st.warning(
            _("The workshop is closed: nobody can join, and answers can no longer change."),
            icon=":material/lock:",
        )
        st.button(_("Reopen the workshop"), on_click=change, args=("reopen", info.id))
        return
    link = workshop_view.join_link(
        workshop_view.app_base_url(st.context.url, get_settings().public_url), info.join_code
    )
    code_column, qr_column = st.columns([3, 2], gap="large")
    with code_column:
        st.metric(_("Join code"), " ".join(info.join_code))
        st.write(_("Participants open this link, or go to the “Join a workshop” page and type the code:"))
        show_join_link(link)
        rotate, close = st.columns(2)
        rotate.button(
            _("New join code"),
            on_click=change,
            args=("rotate", info.id),
            help=_("The old code stops working at once; people who joined keep answering."),
        )
        close.button(
            _("Close the workshop"),
            on_click=change,
            args=("close", info.id),
            help=_("Nobody can join or change answers until you reopen it."),
        )
    with qr_column:
        st.image(
            workshop_view.qr_png(link),
            width=260,
            caption=_("Scan to join"),
            alt=_("QR code of the join link {link}").format(link=link),
        )


def remove_participant(respondent_id: int, typed: str) -> None:
    """Remove a participant (a duplicate who joined twice, …) once their name is typed."""
    with resources.session() as session:
        services.delete_respondent(
            session=session, actor=state.actor(), respondent_id=respondent_id, confirm=typed
        )
    erasing.done(
        _("{strip} is removed, with their answers and notes.").format(strip=escape_markdown(typed.strip()))
    )


def organisation_and_removed(info: AssessmentInfo) -> tuple[OrganisationInfo, list[DeletedInfo]]:
    """The workshop's organisation (for its retention period) and the participants removed from it."""
    with resources.session(write=False) as session:
        organisation = services.get_organisation(
            session=session, actor=state.actor(), organisation_id=info.organisation_id
        )
        deleted = services.list_deleted(
            session=session, actor=state.actor(), organisation_id=info.organisation_id
        )
    removed = [item for item in deleted if item.kind == "respondent" and item.assessment_id == info.id]
    return organisation, removed


def show_participants(info: AssessmentInfo, bank: Bank) -> None:
    """Remove a participant and restore removed ones; owners also delete the whole workshop."""
    progress = run_action(workshop_progress, info.id, bank)
    found = run_action(organisation_and_removed, info)
    if progress is None or found is None:
        return
    organisation, removed = found
    st.header(_("Participants"))
    if not progress.respondents:
        st.write(_("Nobody to remove: nobody has joined."))
    elif removing := sections.opened(
        _("Remove a participant"), key="wf_remove_participant_open", icon=":material/person_remove:"
    ):
        with removing:
            st.caption(_("For someone who joined twice, or who asks to be taken out of the workshop."))
            by_id = {r.respondent_id: r for r in progress.respondents}
            names = {r: f"{p.label} ({erasing.plural(p.answered, 'answer')})" for r, p in by_id.items()}
            chosen = st.selectbox(
                _("Participant"),
                list(by_id),
                format_func=names.__getitem__,
                key="wf_remove_participant",
            )
            leaving = by_id[chosen]
            erasing.confirm_delete(
                key=f"wf_remove_{leaving.respondent_id}",
                name=leaving.label,
                goes=erasing.respondent_goes(leaving.label, leaving.answered),
                retention_days=organisation.retention_days,
                button=_("Remove participant"),
                delete=lambda typed: remove_participant(leaving.respondent_id, typed),
            )
    if removed:
        st.subheader(_("Removed participants"))
        st.caption(
            _(
                "Each can be brought back with their answers {kept_for} after being removed; then the "
                "automatic purge removes them for good."
            ).format(kept_for=erasing.kept_for(organisation.retention_days))
        )
        erasing.show_deleted(removed, key="wf_restore_participant", restore=erasing.restore)
    deleting = may(state.actor(), Action.MANAGE, info.organisation_id) and sections.opened(
        _("Delete this workshop"), key="wf_delete_workshop_open", icon=":material/delete:"
    )
    if deleting:
        with deleting:
            erasing.confirm_delete(
                key="wf_delete_workshop",
                name=info.title,
                goes=erasing.assessment_goes(info),
                retention_days=organisation.retention_days,
                button=_("Delete workshop"),
                delete=lambda typed: erasing.delete_assessment(info.id, typed),
            )


@st.fragment(run_every=workshop_view.REFRESH_SECONDS)
@language.in_session_language  # a fragment's rerun runs without app.py, which sets the language
def live_view(assessment_id: int, bank: Bank) -> None:
    data = run_action(live.live_data, assessment_id, bank)  # gone, or a role taken away meanwhile
    if data is None:
        return
    progress, result = data.progress, data.result
    joined, (finished, not_started) = data.pulse.respondents, workshop_view.finished_figure(progress)
    with sections.metrics_row():
        st.metric(_("Participants"), joined)
        st.metric(_("Answers saved"), data.pulse.answers)
        st.metric(
            _("Finished"),
            finished,
            delta=not_started,
            delta_color="off",
            delta_arrow="off",
            help=_(
                "Of the participants who have answered at least one question, how many answered them all."
            ),
        )
    st.caption(
        _("Updates by itself every {REFRESH_SECONDS} seconds.").format(
            REFRESH_SECONDS=workshop_view.REFRESH_SECONDS
        )
    )
    if not joined:
        st.write(_("Nobody has joined yet."))
        return

    st.subheader(_("How far everyone has got"))
    show_table(
        workshop_view.participants_table(progress),
        label=_("How far everyone has got"),
        bars=[_("Share")],
    )

    st.subheader(_("Discussion points"))
    points = workshop_view.discussion_points(result, bank)
    if points:
        st.caption(_("Questions where the answers lie two levels or more apart: worth talking about."))
        st.markdown("\n".join(f"- {escape_markdown(point)}" for point in points))
    else:
        st.write(_("No disagreement yet: no question has answers two levels or more apart."))

    st.subheader(_("Answers per question"))
    distribution = workshop_view.distribution_table(result, bank)
    if distribution.empty:
        st.write(_("No answers yet."))
        return
    st.caption(
        _(
            "How many people chose each level, level 1 first (“0·2·3·1·0”), and how many answered "
            "N/A or don't know."
        )
    )
    areas = list(dict.fromkeys(distribution[_("Area")]))
    # Only the open tab is drawn, every refresh: the facilitator's browser redraws what is sent.
    tabs = st.tabs(areas, key=f"wf_live_area_{assessment_id}", on_change="rerun")
    for tab, area in zip(tabs, areas, strict=True):
        if tab.open:
            rows = distribution[distribution[_("Area")] == area].drop(columns=[_("Area")])
            with tab:
                show_table(rows, label=_("Answers per question: {area}").format(area=area))


st.title(_("Workshop"))
erasing.show_flash()
selected = state.selected_assessment_id()
info = run_action(workshop_info, selected) if selected is not None else None
if info is None:  # none chosen yet, or one this person may not run: choose one they may
    chosen = pick_workshop()
    info = run_action(workshop_info, chosen) if chosen is not None else None
if info is None:
    st.stop()
bank = services.shown_bank(resources.bank_for(info.bank_version))  # its own bank, in this language

st.markdown(
    f"**{escape_markdown(info.title)}** · {escape_markdown(info.unit)}, {escape_markdown(info.organisation)}"
)
if info.anonymous:
    st.caption(
        _(
            "Anonymous workshop: nobody is asked for a name or role, participants appear as "
            "“Participant 1”, “Participant 2”, …, and notes are shown without their author."
        ),
        help=_("Chosen when the workshop was started; it cannot be changed afterwards."),
    )
if info.mode != "workshop":
    st.info(_("This is a self-assessment, not a workshop: it has no join code or live view."))
    st.page_link(
        "ui/pages/results.py",
        label=_("Its results"),
        icon=":material/monitoring:",
        query_params={"assessment": str(info.id)},
    )
    st.stop()
if message := st.session_state.pop(CHANGE_ERROR, None):
    st.error(message)

st.header(_("Join"))
show_join(info)
st.header(_("Live answers"))
live.page_ran()
live_view(info.id, bank)
st.page_link(
    "ui/pages/results.py",
    label=_("Full results of this workshop"),
    icon=":material/monitoring:",
    query_params={"assessment": str(info.id)},
)
if info.is_open:
    st.caption(_("Close the workshop when everyone is done; you can reopen it later."))
show_participants(info, bank)
