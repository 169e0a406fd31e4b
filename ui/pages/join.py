"""Join a workshop: a participant adds themselves with the room's code and gets a private link.

The join code (``?join=<code>``) only lets someone create their own respondent while the
workshop is open; what they answer is tied to the secret token they receive here. The code is
looked up once per browser session as soon as it is known, so an anonymous workshop is joined
without being asked for a name (the service stores none in any case); a wrong code counts
towards the limit on guessing exactly as joining does. A browser that already joined that
workshop (its cookie, see ``ui.browser``) goes back to its own questionnaire instead of joining
twice; "I am someone else" on the questionnaire brings a second person on the device here.
"""

from __future__ import annotations

import streamlit as st

from assessment import services
from assessment.errors import AssessmentClosedError, NotFoundError, WayfinderError
from assessment.records import RespondentInfo
from questionnaires.i18n import _
from ui import browser, identity, resources, state
from ui.actions import run_action
from ui.text import escape_markdown

LOOKED_UP = "wf_join_looked_up"  # join code -> True/False (anonymous or not), or why it does not work
RESUME_CHECKED = "wf_join_resume_checked"  # (join code, tokens) this session looked up to resume
UNKNOWN_CODE = "unknown"


def refusals(code: str) -> dict[type[WayfinderError], str]:
    """What the page says when ``code`` does not let anyone join."""
    return {
        NotFoundError: _(
            "No open workshop has the code “{name}”. Check it with the facilitator: the code changes "
            "when they start a new round."
        ).format(name=escape_markdown(code.strip())),
        AssessmentClosedError: _(
            "This workshop is closed, so nobody can join it now. Ask the facilitator to reopen it."
        ),
    }


def look_up(code: str) -> bool | str | None:
    """Whether the workshop of ``code`` is anonymous, or why the code does not work (None: no code).

    Once per code and browser session: every rerun (typing a name) would otherwise count a
    wrong code again.
    """
    key = "".join(code.split()).upper()
    if not key:
        return None
    found = st.session_state.setdefault(LOOKED_UP, {})
    if key not in found:
        found[key] = UNKNOWN_CODE
        anonymous = run_action(
            is_anonymous, code, messages=refusals(code), show=lambda message: found.update({key: message})
        )
        if anonymous is not None:
            found[key] = anonymous
    return found[key]


def resume(code: str) -> None:
    """Open the questionnaire of the participant this browser already joined the workshop as
    (its cookie, or this session), instead of adding the same person twice.

    Asked once per code and set of tokens in a browser session; not after "I am someone else".
    """
    own = st.session_state.get(state.RESPONDENT_TOKEN)
    tokens = [*browser.remembered_tokens(), *([own] if own else [])]
    asked = ("".join(code.split()).upper(), *tokens)
    checked = st.session_state.setdefault(RESUME_CHECKED, set())
    if st.session_state.get(state.JOIN_AS_NEW) or not tokens or asked in checked:
        return
    checked.add(asked)
    respondent = run_action(returning_participant, code, tokens, messages=refusals(code))
    if respondent is not None:
        st.session_state[state.RESUMED] = respondent.id
        open_questionnaire(respondent)


def returning_participant(code: str, tokens: list[str]) -> RespondentInfo | None:
    with resources.session() as session:
        return services.returning_participant(
            session=session, join_code=code, client=identity.client_key(), tokens=tokens
        )


def open_questionnaire(respondent: RespondentInfo) -> None:
    state.select_assessment(respondent.assessment_id)
    st.session_state[state.RESPONDENT_TOKEN] = respondent.token
    st.switch_page("ui/pages/questionnaire.py", query_params={state.QUERY_TOKEN: respondent.token})


def is_anonymous(code: str) -> bool:
    with resources.session() as session:
        return services.workshop_is_anonymous(session=session, join_code=code, client=identity.client_key())


def join(code: str, name: str, role: str) -> None:
    """Create the participant's respondent and open their questionnaire, or say what is wrong."""
    if not code.strip():
        st.error(_("Type the join code the facilitator shows (six letters and digits)."))
        return
    run_action(join_workshop, code, name, role, messages=refusals(code))


def join_workshop(code: str, name: str, role: str) -> None:
    """Add the participant to the workshop with ``code`` and open their own questionnaire."""
    with resources.session() as session:
        respondent = services.join_workshop(
            client=identity.client_key(), session=session, join_code=code, label=name, role=role
        )
    st.session_state[state.JOIN_AS_NEW] = False
    st.session_state[state.RESUMED] = None
    open_questionnaire(respondent)


def show_already_joined() -> None:
    """A participant who opens the join link again in the same browser continues instead."""
    token = st.session_state.get(state.RESPONDENT_TOKEN)
    if not token:
        return
    with resources.session(write=False) as session:
        respondent = services.respondent_by_token(session=session, token=token)
    if respondent is not None:
        st.page_link(
            "ui/pages/questionnaire.py",
            label=_("You have already joined as {label}: continue answering").format(
                label=escape_markdown(respondent.label)
            ),
            icon=":material/edit_note:",
            query_params={state.QUERY_TOKEN: token},
        )


st.set_page_config(
    page_title=_("Join a workshop · Wayfinder"), page_icon=":material/group_add:", layout="centered"
)
st.title(_("Join a workshop"))
st.write(_("Answer the workshop's questions on your own device."))
show_already_joined()
code = st.text_input(
    _("Join code"),
    value=st.query_params.get(state.QUERY_JOIN, ""),
    max_chars=12,
    key="wf_join_code",
    help=_("Six letters and digits, shown by the facilitator. Press Enter to check it."),
)
found = look_up(code)
if isinstance(found, bool):  # a valid code: this browser may have joined already
    resume(code)
refused = st.empty()  # why the code does not work, unless joining says it again below
with st.form("join"):
    if found is True:
        st.info(
            _(
                "This workshop is anonymous: you are not asked for your name, and nothing that names you "
                "is stored. You appear as “Participant” with a number."
            ),
            icon=":material/visibility_off:",
        )
        name = role = ""
    else:
        st.caption(
            _(
                "Give your name, or leave it empty to stay anonymous: you then appear as “Participant” "
                "with a number."
            )
        )
        name = st.text_input(
            _("Your name (optional)"), max_chars=120, placeholder=_("Leave empty to stay anonymous")
        )
        role = st.text_input(
            _("Your role (optional)"), max_chars=120, placeholder=_("e.g. product owner, architect")
        )
    submitted = st.form_submit_button(_("Join and start answering"), type="primary")
if submitted:
    join(code, name, role)
elif isinstance(found, str) and found != UNKNOWN_CODE:
    refused.error(found)
st.caption(
    _(
        "After joining you get a personal link to your own answers. It is private: do not share "
        "it, whoever has it can change your answers."
    )
)
