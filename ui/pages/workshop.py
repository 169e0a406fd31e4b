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
from ui import erasing, live, pickers, resources, state, workshop_view
from ui.actions import run_action
from ui.text import escape_markdown

CHANGE_ERROR = "wf_workshop_error"
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
        st.info("There is no workshop here yet. Start one on the home page.")
        st.page_link("ui/pages/home.py", label="Go to the home page", icon=":material/home:")
        return None
    chosen = pickers.assessment_picker(workshops, key="workshop_assessment", label="Workshop")
    return None if chosen is None else chosen.id


def workshop_info(assessment_id: int) -> AssessmentInfo:
    """The record of the assessment the page shows (an error when it is gone).

    Read after the workshop's progress, which only its facilitators may read: the record
    carries the join code, and someone who may only view the organisation is refused here.
    """
    with resources.session(write=False) as session:
        services.workshop_progress(
            actor=state.actor(), session=session, assessment_id=assessment_id, bank=resources.bank()
        )
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


def show_join(info: AssessmentInfo) -> None:
    if not info.is_open or not info.join_code:
        st.warning(
            "The workshop is closed: nobody can join, and answers can no longer change.",
            icon=":material/lock:",
        )
        st.button("Reopen the workshop", on_click=change, args=("reopen", info.id))
        return
    link = workshop_view.join_link(
        workshop_view.app_base_url(st.context.url, get_settings().public_url), info.join_code
    )
    code_column, qr_column = st.columns([3, 2], gap="large")
    with code_column:
        st.metric("Join code", " ".join(info.join_code))
        st.write("Participants open this link, or go to the “Join a workshop” page and type the code:")
        st.code(link, language=None)
        rotate, close = st.columns(2)
        rotate.button(
            "New join code",
            on_click=change,
            args=("rotate", info.id),
            help="The old code stops working at once; people who joined keep answering.",
        )
        close.button(
            "Close the workshop",
            on_click=change,
            args=("close", info.id),
            help="Nobody can join or change answers until you reopen it.",
        )
    with qr_column:
        st.image(
            workshop_view.qr_png(link),
            width=260,
            caption="Scan to join",
            alt=f"QR code of the join link {link}",
        )


def remove_participant(respondent_id: int, typed: str) -> None:
    """Remove a participant (a duplicate who joined twice, …) once their name is typed."""
    with resources.session() as session:
        services.delete_respondent(
            session=session, actor=state.actor(), respondent_id=respondent_id, confirm=typed
        )
    erasing.done(f"{escape_markdown(typed.strip())} is removed, with their answers and notes.")


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
    st.header("Participants")
    if progress.respondents:
        with st.expander("Remove a participant", icon=":material/person_remove:"):
            st.caption("For someone who joined twice, or who asks to be taken out of the workshop.")
            by_id = {r.respondent_id: r for r in progress.respondents}
            chosen = st.selectbox(
                "Participant",
                list(by_id),
                format_func=lambda r: f"{by_id[r].label} ({erasing.plural(by_id[r].answered, 'answer')})",
                key="wf_remove_participant",
            )
            leaving = by_id[chosen]
            erasing.confirm_delete(
                key=f"wf_remove_{leaving.respondent_id}",
                name=leaving.label,
                goes=erasing.respondent_goes(leaving.label, leaving.answered),
                retention_days=organisation.retention_days,
                button="Remove participant",
                delete=lambda typed: remove_participant(leaving.respondent_id, typed),
            )
    else:
        st.write("Nobody to remove: nobody has joined.")
    if removed:
        st.subheader("Removed participants")
        st.caption(
            f"Each can be brought back with their answers {erasing.kept_for(organisation.retention_days)} "
            "after being removed; then the automatic purge removes them for good."
        )
        erasing.show_deleted(removed, key="wf_restore_participant", restore=erasing.restore)
    if may(state.actor(), Action.MANAGE, info.organisation_id):
        with st.expander("Delete this workshop", icon=":material/delete:"):
            erasing.confirm_delete(
                key="wf_delete_workshop",
                name=info.title,
                goes=erasing.assessment_goes(info),
                retention_days=organisation.retention_days,
                button="Delete workshop",
                delete=lambda typed: erasing.delete_assessment(info.id, typed),
            )


@st.fragment(run_every=workshop_view.REFRESH_SECONDS)
def live_view(assessment_id: int, bank: Bank) -> None:
    data = run_action(live.live_data, assessment_id, bank)  # gone, or a role taken away meanwhile
    if data is None:
        return
    progress, result = data.progress, data.result
    joined, finished = len(progress.respondents), workshop_view.finished_count(progress)
    participants_metric, answers_metric, finished_metric = st.columns(3)
    participants_metric.metric("Participants", joined)
    answers_metric.metric("Answers saved", progress.answers)
    finished_metric.metric("Finished", f"{finished} of {joined}")
    st.caption(f"Updates by itself every {workshop_view.REFRESH_SECONDS} seconds.")
    if not joined:
        st.write("Nobody has joined yet.")
        return

    st.subheader("How far everyone has got")
    st.dataframe(
        workshop_view.participants_table(progress),
        hide_index=True,
        column_config={
            "Share": st.column_config.ProgressColumn(
                f"Answered of {progress.questions}", format="percent", min_value=0.0, max_value=1.0
            )
        },
    )

    st.subheader("Discussion points")
    points = workshop_view.discussion_points(result, bank)
    if points:
        st.caption("Questions where the answers lie two levels or more apart: worth talking about.")
        for point in points:
            st.markdown(f"- {escape_markdown(point)}")
    else:
        st.write("No disagreement yet: no question has answers two levels or more apart.")

    st.subheader("Answers per question")
    distribution = workshop_view.distribution_table(result, bank)
    if distribution.empty:
        st.write("No answers yet.")
        return
    st.caption("How many people chose each level; the small chart shows the same counts.")
    st.dataframe(
        distribution,
        hide_index=True,
        column_config={
            "Question": st.column_config.TextColumn(width="large"),
            "Levels 1–5": st.column_config.BarChartColumn("Levels 1–5", y_min=0, width="small"),
            **{
                column: st.column_config.NumberColumn(width="small") for column in workshop_view.COUNT_COLUMNS
            },
        },
    )


st.title("Workshop")
erasing.show_flash()
bank = resources.bank()
selected = state.selected_assessment_id()
info = run_action(workshop_info, selected) if selected is not None else None
if info is None:  # none chosen yet, or one this person may not run: choose one they may
    chosen = pick_workshop()
    info = run_action(workshop_info, chosen) if chosen is not None else None
if info is None:
    st.stop()

st.markdown(
    f"**{escape_markdown(info.title)}** · {escape_markdown(info.unit)}, {escape_markdown(info.organisation)}"
)
if info.anonymous:
    st.caption(
        "Anonymous workshop: nobody is asked for a name or role, participants appear as "
        "“Participant 1”, “Participant 2”, …, and notes are shown without their author.",
        help="Chosen when the workshop was started; it cannot be changed afterwards.",
    )
if info.mode != "workshop":
    st.info("This is a self-assessment, not a workshop: it has no join code or live view.")
    st.page_link(
        "ui/pages/results.py",
        label="Its results",
        icon=":material/monitoring:",
        query_params={"assessment": str(info.id)},
    )
    st.stop()
if message := st.session_state.pop(CHANGE_ERROR, None):
    st.error(message)

st.header("Join")
show_join(info)
st.header("Live answers")
live_view(info.id, bank)
st.page_link(
    "ui/pages/results.py",
    label="Full results of this workshop",
    icon=":material/monitoring:",
    query_params={"assessment": str(info.id)},
)
if info.is_open:
    st.caption("Close the workshop when everyone is done; you can reopen it later.")
show_participants(info, bank)
