"""What a respondent can do with their own link and data, under the questionnaire's header and at its end.

Their personal link, to copy or e-mail to themselves (the address bar is not its only
carrier); "welcome back" when the join link resumed this browser's participant; and "Your
data": everything stored about them as JSON and, while the assessment is open, withdrawing
their answers.
"""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.access import Actor
from assessment.records import AssessmentInfo, Participation, RespondentInfo
from assessment.settings import get_settings
from questionnaires.i18n import _
from ui import answering, downloads, erasing, resources, sections, state
from ui.actions import run_action
from ui.text import escape_markdown

WITHDRAWING = "wf_withdrawing"  # the participant asked to withdraw: show the confirmation
WITHDRAWN = "wf_withdrawn"  # what to say once withdrawn (the link no longer opens anything)
WITHDRAW_ERROR = "wf_withdraw_error"
PERSONAL_LINK = "wf_personal_link"  # whether the personal link's expander is open
YOUR_DATA = "wf_your_data"  # whether "Your data" is open


def show_personal_link(info: AssessmentInfo, respondent: RespondentInfo) -> None:
    """The personal link to copy or e-mail to oneself: the address bar is not the only place.

    Drawn only once opened (a rerun): the copy box is Streamlit's code block, whose 1.5 MB of
    syntax highlighting the browser would otherwise fetch and run on every first paint of the
    questionnaire, for a box that stays closed."""
    section = sections.opened(
        _("Your personal link: copy it or e-mail it to yourself"), key=PERSONAL_LINK, icon=":material/link:"
    )
    if section is None:
        return
    link = answering.personal_link(st.context.url, respondent.token, get_settings().public_url)
    with section:
        st.caption(
            _(
                "Open it on any device to come back to your own answers. Copy it with the button at the "
                "right of the box; the e-mail button opens your mail app with a message to yourself."
            )
        )
        st.code(link, language=None, wrap_lines=True)
        st.link_button(
            _("E-mail the link to myself"), answering.mail_to_self(link, info.title), icon=":material/mail:"
        )


def show_welcome_back(info: AssessmentInfo, respondent: RespondentInfo) -> None:
    """After the join link resumed this browser's participant: say so, and let someone else join."""
    if st.session_state.get(state.RESUMED) != respondent.id:
        return
    st.info(
        _(
            "Welcome back: this device had already joined the workshop as **{label}**, so you go on "
            "with your own answers."
        ).format(label=escape_markdown(respondent.label)),
        icon=":material/waving_hand:",
    )
    if (
        info.is_open
        and info.join_code
        and st.button(
            _("I am someone else: join as a new participant"),
            key="wf_someone_else",
            icon=":material/person_add:",
        )
    ):
        st.session_state[state.RESUMED] = None
        st.session_state[state.JOIN_AS_NEW] = True
        st.session_state[state.RESPONDENT_TOKEN] = None
        st.switch_page("ui/pages/join.py", query_params={state.QUERY_JOIN: info.join_code})


def withdraw(respondent_id: int, retention_days: int) -> None:
    """Button callback: take back this respondent's answers and notes, or keep why not."""
    run_action(
        withdraw_now,
        respondent_id,
        retention_days,
        prefix=_("Not withdrawn: "),
        show=lambda message: st.session_state.update({WITHDRAW_ERROR: message}),
    )
    st.session_state[WITHDRAWING] = False


def withdraw_now(respondent_id: int, retention_days: int) -> None:
    """Withdraw, then forget the personal link in this browser and say what happened."""
    with resources.session() as session:
        services.withdraw(
            session=session, actor=Actor.participant(respondent_id), respondent_id=respondent_id
        )
    st.session_state[WITHDRAWN] = _(
        "Your answers and notes are withdrawn: they no longer count in any result, and your "
        "personal link no longer opens them. If this was a mistake, ask the facilitator: they can "
        "restore them {kept_for}."
    ).format(kept_for=erasing.kept_for(retention_days))
    st.session_state[state.RESPONDENT_TOKEN] = None
    st.query_params.pop(state.QUERY_TOKEN, None)


def show_your_data(participation: Participation, answered: int) -> None:
    """What is stored about the respondent, its download, and withdrawing while open.

    Drawn only once opened: its download is the respondent's whole record as JSON, which would
    otherwise be read and sent on every load of the questionnaire."""
    section = sections.opened(
        _("Your data: what is stored about you, to download or withdraw"),
        key=YOUR_DATA,
        icon=":material/shield_person:",
    )
    if section is None:
        return
    with section:
        show_stored(participation, answered)


def show_stored(participation: Participation, answered: int) -> None:
    """The record's description, its download and withdrawing (a confirmation first)."""
    info, respondent = participation.assessment, participation.respondent
    name = (
        _("a number instead of a name (this workshop is anonymous)")
        if info.anonymous
        else _("your name (**{label}**) and role as you gave them").format(
            label=escape_markdown(respondent.label)
        )
    )
    st.markdown(
        _(
            "Wayfinder stores {name}, your {plural} and notes, and when you joined. The facilitators "
            "and owners of the organisation see them; viewers see only the scores."
        ).format(name=name, plural=erasing.plural(answered, "answer"))
    )
    st.page_link("ui/pages/privacy.py", label=_("Privacy notice"), icon=":material/shield_person:")
    st.download_button(
        _("Download everything stored about me (JSON)"),
        data=downloads.person_data(resources.engine(), participation.actor, respondent.token),
        file_name=f"wayfinder-my-data-{respondent.id}.json",
        mime="application/json",
        key="wf_my_data",
        icon=":material/download:",
    )
    if message := st.session_state.pop(WITHDRAW_ERROR, None):
        st.error(message)
    if not info.is_open:
        st.caption(_("The assessment is closed: to have your answers removed, ask its facilitator."))
        return
    if not st.session_state.get(WITHDRAWING):
        st.button(
            _("Withdraw my answers"),
            key="wf_withdraw",
            icon=":material/person_remove:",
            on_click=lambda: st.session_state.update({WITHDRAWING: True}),
            help=_("Removes your answers and notes from this assessment while it is open."),
        )
        return
    st.warning(
        _(
            "This removes you (**{label}**) with your {plural} and notes from “{title}” and its "
            "results, and your personal link stops working. If it was a mistake, the facilitator can "
            "restore them {kept_for}; after that they are removed for good."
        ).format(
            label=escape_markdown(respondent.label),
            plural=erasing.plural(answered, "answer"),
            title=escape_markdown(info.title),
            kept_for=erasing.kept_for(participation.retention_days),
        ),
        icon=":material/warning:",
    )
    confirm, cancel = st.columns(2)
    confirm.button(
        _("Yes, withdraw my answers"),
        type="primary",
        key="wf_withdraw_confirm",
        on_click=withdraw,
        args=(respondent.id, participation.retention_days),
    )
    cancel.button(
        _("Cancel"), key="wf_withdraw_cancel", on_click=lambda: st.session_state.update({WITHDRAWING: False})
    )
