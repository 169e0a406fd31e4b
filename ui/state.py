"""Session-state keys, query parameters and the selection helpers every page shares.

Only ids and plain values live in session state, never ORM objects or sessions (an ORM
object outliving its session raises ``DetachedInstanceError``): the database is the storage,
session state only remembers what is selected.
"""

from __future__ import annotations

import streamlit as st

from assessment.access import Actor

ORGANISATION_ID = "wf_organisation_id"
UNIT_ID = "wf_unit_id"
ASSESSMENT_ID = "wf_assessment_id"
RESPONDENT_TOKEN = "wf_token"
ACTOR = "wf_actor"  # who is using this session, set afresh by app.py on every run
RESUMED = "wf_resumed"  # the respondent the join link resumed in this browser (instead of a new join)
JOIN_AS_NEW = "wf_join_as_new"  # someone else on a device that had joined: the join page adds them

QUERY_ASSESSMENT = "assessment"
QUERY_TOKEN = "r"
QUERY_JOIN = "join"

_DEFAULTS: dict[str, object] = {
    ORGANISATION_ID: None,
    UNIT_ID: None,
    ASSESSMENT_ID: None,
    RESPONDENT_TOKEN: None,
}


def init_state() -> None:
    """Give every shared key a value so pages can read them without checks."""
    for key, value in _DEFAULTS.items():
        st.session_state.setdefault(key, value)


def selected_assessment_id() -> int | None:
    """The assessment this page shows: ``?assessment=<id>`` wins and is remembered."""
    raw = st.query_params.get(QUERY_ASSESSMENT)
    if raw is not None:
        try:
            assessment_id = int(raw)
        except ValueError:
            assessment_id = None
        if assessment_id is not None and assessment_id > 0:
            st.session_state[ASSESSMENT_ID] = assessment_id
            return assessment_id
    return st.session_state.get(ASSESSMENT_ID)


def select_assessment(assessment_id: int | None) -> None:
    """Remember the assessment and keep an ``?assessment=`` parameter in step with it."""
    st.session_state[ASSESSMENT_ID] = assessment_id
    if QUERY_ASSESSMENT in st.query_params:
        if assessment_id is None:
            del st.query_params[QUERY_ASSESSMENT]
        else:
            st.query_params[QUERY_ASSESSMENT] = str(assessment_id)


def selected_organisation_id() -> int | None:
    return st.session_state.get(ORGANISATION_ID)


def select_organisation(organisation_id: int | None) -> None:
    st.session_state[ORGANISATION_ID] = organisation_id


def selected_unit_id() -> int | None:
    return st.session_state.get(UNIT_ID)


def select_unit(unit_id: int | None) -> None:
    st.session_state[UNIT_ID] = unit_id


def respondent_token() -> str | None:
    """The respondent answering in this browser: ``?r=<token>`` wins and is remembered."""
    token = st.query_params.get(QUERY_TOKEN)
    if token:
        st.session_state[RESPONDENT_TOKEN] = token
        return token
    return st.session_state.get(RESPONDENT_TOKEN)


def actor() -> Actor:
    """Who is using this session (``ui.identity.current_actor``, read by ``app.py`` each run);
    a visitor until then, so nothing is shown to a session whose identity is not known yet."""
    found = st.session_state.get(ACTOR)
    return found if isinstance(found, Actor) else Actor.visitor()


def set_actor(current: Actor) -> None:
    st.session_state[ACTOR] = current
