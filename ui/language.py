"""The language of this browser session: chosen once per script run, changed with the picker.

Each run of the script has its own thread, so :func:`apply` (called by ``app.py`` before any
page) sets :mod:`questionnaires.i18n`'s language for the run. Where it comes from, first found:

1. ``?lang=fr`` in the address (a link someone shared, or the picker's own choice);
2. what was picked in this browser session;
3. what the person keeps: a participant's language stored on their respondent (set from their
   first visit, so each participant of a workshop reads it in their own language), a signed-in
   person's stored preference;
4. the browser's language (``st.context.locale``) on a first visit;
5. English.

Callbacks (``on_change``, ``on_click``) run before ``app.py`` in the run's thread: one that
writes a message wraps itself in :func:`in_session_language`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import streamlit as st

from assessment import services
from assessment.access import Actor
from questionnaires.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    _,
    current_language,
    language_name,
    normalise_language,
    set_language,
)
from ui import resources, state

CHOSEN = "wf_language"  # the language of this browser session, once known
KEPT_FOR = "wf_language_kept_for"  # (token, language) this session has checked is stored
PICKER = "wf_language_picker"
QUERY_LANGUAGE = "lang"

_Callback = TypeVar("_Callback", bound=Callable[..., Any])


def apply(actor: Actor) -> str:
    """Find this run's language (see the module doc), make it current, and return it."""
    from_address = normalise_language(st.query_params.get(QUERY_LANGUAGE))
    chosen = (
        from_address
        or normalise_language(st.session_state.get(CHOSEN))
        or _kept(actor)
        or normalise_language(_browser_locale())
        or DEFAULT_LANGUAGE
    )
    st.session_state[CHOSEN] = chosen
    set_language(chosen)
    _keep_for_participant(chosen, chosen_in_address=from_address is not None)
    return chosen


def show_picker(actor: Actor) -> None:
    """The language picker in the sidebar, on every page; the choice is kept for the person."""
    st.session_state[PICKER] = current_language()
    st.sidebar.selectbox(
        _("Language"),
        LANGUAGES,
        format_func=language_name,
        key=PICKER,
        on_change=_picked,
        args=(actor,),
    )


def in_session_language(callback: _Callback) -> _Callback:
    """``callback`` run in this session's language (callbacks run before ``app.py`` sets it)."""

    @wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        set_language(normalise_language(st.session_state.get(CHOSEN)) or DEFAULT_LANGUAGE)
        return callback(*args, **kwargs)

    return run  # type: ignore[return-value]


def _picked(actor: Actor) -> None:
    code = st.session_state[PICKER]
    st.session_state[CHOSEN] = code
    set_language(code)
    if QUERY_LANGUAGE in st.query_params or code != DEFAULT_LANGUAGE:
        st.query_params[QUERY_LANGUAGE] = code
    token = state.respondent_token()
    with resources.session() as session:
        if token:
            participation = services.participation_for(session=session, token=token)
            if participation is not None:
                services.set_respondent_language(
                    session=session,
                    actor=participation.actor,
                    respondent_id=participation.respondent.id,
                    language=code,
                )
        if actor.kind == "person":
            services.set_person_language(session=session, actor=actor, language=code)


def _kept(actor: Actor) -> str | None:
    """The language kept for whoever this is: the participant's, else the signed-in person's."""
    token = state.respondent_token()
    if not token and actor.kind != "person":
        return None
    with resources.session(write=False) as session:
        if token:
            respondent = services.respondent_by_token(session=session, token=token)
            if respondent is not None and respondent.language:
                return normalise_language(respondent.language)
        return normalise_language(services.person_language(session=session, actor=actor))


def _keep_for_participant(code: str, *, chosen_in_address: bool) -> None:
    """A participant's language is kept on their respondent, so they find it again from another
    device: their first one (their browser's), and later any they choose (picker or ``?lang=``).
    Checked once per session and language, not on every run."""
    token = state.respondent_token()
    if not token or st.session_state.get(KEPT_FOR) == (token, code):
        return
    with resources.session(write=False) as session:
        participation = services.participation_for(session=session, token=token)
    if participation is None:
        return
    st.session_state[KEPT_FOR] = (token, code)
    kept = participation.respondent.language
    if kept == code or (kept and not chosen_in_address):
        return
    with resources.session() as session:
        services.set_respondent_language(
            session=session,
            actor=participation.actor,
            respondent_id=participation.respondent.id,
            language=code,
        )


def _browser_locale() -> str | None:
    """The browser's language ("fr-CH"), or None where there is none (a test harness)."""
    try:
        locale = st.context.locale
    except (AttributeError, RuntimeError):
        return None
    return locale if isinstance(locale, str) else None
