"""Questionnaire: one area at a time, in steps of at most five questions (``ui.area_steps``);
every answer and note is saved the moment it is given.

The respondent is whoever holds the token of the personal link (``?r=<token>``): the page
reads and writes that respondent's answers only, acting as that participant (every
``respondent_id`` here comes from the record the token resolved to; callback arguments stay
on the server). No form: each widget saves in its own
``on_change`` callback (inside ``st.form`` values are sent only on submit), so a refresh
or a closed tab loses nothing; a note is sent as it is typed (``ui.browser``). Each question
is a fragment; its answer can be withdrawn. The personal link and "Your data" (everything
stored about the respondent, withdrawing) are in ``ui.your_data``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from assessment import services
from assessment.access import Actor
from assessment.records import AssessmentInfo, RespondentInfo
from questionnaires import Bank, Question
from questionnaires.i18n import _, ngettext
from ui import answering, area_steps, browser, language, resources, state, your_data
from ui.actions import run_action
from ui.text import escape_markdown

SAVED_AT = "wf_saved_at"  # question id -> when this browser last saved it
SAVE_ERRORS = "wf_save_errors"  # question id -> why the last save failed
ANSWERED = "wf_answered"  # respondent id -> the questions with a stored answer, as this page knows
CLEARED = "wf_cleared"  # question id -> whether its answer was withdrawn with a note in the box
# Questions saved (or cleared) whose fragment has not drawn since. The browser can send a change
# to one question in the rerun of another (a note left by tapping the next answer sends both in
# the note's rerun): the question that reran then asks for the whole page instead.
UNDRAWN = "wf_undrawn"


def browser_zone() -> ZoneInfo | type[UTC]:
    try:
        return ZoneInfo(st.context.timezone) if st.context.timezone else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def saved_answer(respondent_id: int, question_id: str) -> tuple[object, str | None]:
    with resources.session(write=False) as session:
        saved = services.answers_for_respondent(
            actor=Actor.participant(respondent_id), session=session, respondent_id=respondent_id
        )
    return saved.get(question_id, (None, None))


@language.in_session_language
def save(respondent_id: int, question_id: str) -> None:
    """Callback: store the answer and the note as the question shows them, or say why not."""
    answer = st.session_state[answering.answer_key(respondent_id, question_id)]
    note = st.session_state.get(answering.note_key(respondent_id, question_id)) or ""
    st.session_state.setdefault(UNDRAWN, set()).add(question_id)
    if answer is None:  # only a note, on a question without an answer: nothing to store it with
        return
    run_action(
        store,
        respondent_id,
        question_id,
        answer,
        note,
        prefix=_("Not saved: "),
        show=lambda message: not_saved(respondent_id, question_id, message),
    )


def store(respondent_id: int, question_id: str, answer: object, note: str | None) -> None:
    """Save the answer (and note, unless None) and remember when, for the "Saved ✓" caption."""
    with resources.session() as session:
        services.save_answer(
            actor=Actor.participant(respondent_id),
            session=session,
            respondent_id=respondent_id,
            question_id=question_id,
            answer=answer,
            note=note,
        )
    st.session_state.setdefault(SAVE_ERRORS, {}).pop(question_id, None)
    st.session_state.setdefault(CLEARED, {}).pop(question_id, None)
    st.session_state.setdefault(SAVED_AT, {})[question_id] = datetime.now(UTC)
    answered = st.session_state.setdefault(ANSWERED, {})
    answered[respondent_id] = answered.get(respondent_id, frozenset()) | {question_id}


@language.in_session_language
def clear(respondent_id: int, question_id: str) -> None:
    """Button callback: withdraw the answer to one question (stored as no answer), or say why not."""
    st.session_state.setdefault(UNDRAWN, set()).add(question_id)
    run_action(
        forget,
        respondent_id,
        question_id,
        prefix=_("Not withdrawn: "),
        show=lambda message: not_saved(respondent_id, question_id, message),
    )


def forget(respondent_id: int, question_id: str) -> None:
    """Remove the stored answer (its note goes with it); the note stays in its box, to be saved
    again with the next answer, and the question says so."""
    with resources.session() as session:
        services.clear_answer(
            actor=Actor.participant(respondent_id),
            session=session,
            respondent_id=respondent_id,
            question_id=question_id,
        )
    st.session_state[answering.answer_key(respondent_id, question_id)] = None
    has_note = bool((st.session_state.get(answering.note_key(respondent_id, question_id)) or "").strip())
    st.session_state.setdefault(CLEARED, {})[question_id] = has_note
    st.session_state.setdefault(SAVED_AT, {}).pop(question_id, None)
    st.session_state.setdefault(SAVE_ERRORS, {}).pop(question_id, None)
    answered = st.session_state.setdefault(ANSWERED, {})
    answered[respondent_id] = answered.get(respondent_id, frozenset()) - {question_id}


def redraw_if_missed() -> None:
    """Rerun the whole page when a question was saved in another fragment's rerun (see ``UNDRAWN``)."""
    if st.session_state.get(UNDRAWN):
        st.rerun()


def not_saved(respondent_id: int, question_id: str, message: str) -> None:
    """A save failed: put back what is really stored, so the page never pretends an unsaved
    answer is kept, and keep ``message`` to show under the question (a callback draws at the top)."""
    stored_answer, stored_note = saved_answer(respondent_id, question_id)
    st.session_state[answering.answer_key(respondent_id, question_id)] = stored_answer
    st.session_state[answering.note_key(respondent_id, question_id)] = stored_note or ""
    st.session_state.setdefault(SAVE_ERRORS, {})[question_id] = message


def show_area(
    bank: Bank, respondent: RespondentInfo, area_id: str, saved: answering.SavedAnswers, *, closed: bool
) -> int:
    """The open step of an area (its questions, and the picker of its steps); returns the step."""
    area = next(a for a in bank.areas if a.id == area_id)
    st.caption(area.description)
    questions = bank.questions_in(area_id)
    steps = answering.area_steps(len(questions))
    key = answering.step_key(respondent.id, area_id)
    if st.session_state.get(key) is None:
        st.session_state[key] = answering.first_open_step(bank, area_id, saved)
    area_steps.show_picker(steps, key=key)
    for position in steps[st.session_state[key]]:
        question = questions[position]
        stored = saved.get(question.id, (None, None))
        show_question(bank, respondent.id, question, position + 1, stored, closed=closed)
    return st.session_state[key]


@st.fragment
@language.in_session_language  # a fragment's rerun runs without app.py, which sets the language
def show_question(
    bank: Bank,
    respondent_id: int,
    question: Question,
    number: int,
    stored: tuple[object, str | None],
    *,
    closed: bool,
) -> None:
    """One question. A fragment: answering it reruns this question only, not the whole area."""
    answer_key = answering.answer_key(respondent_id, question.id)
    note_key = answering.note_key(respondent_id, question.id)
    st.session_state.setdefault(UNDRAWN, set()).discard(question.id)
    # Widgets of another area were dropped from session state: refill them from the database.
    if answer_key not in st.session_state:
        st.session_state[answer_key] = stored[0]
    if note_key not in st.session_state:
        st.session_state[note_key] = stored[1] or ""
    labels = answering.option_labels(question, bank.framework)
    st.markdown(f"### {number}. {question.text}")
    st.caption(question.help)
    st.radio(
        _("Your answer to question {number}").format(number=number),
        answering.ANSWER_OPTIONS,
        format_func=labels.__getitem__,
        key=answer_key,
        on_change=save,
        args=(respondent_id, question.id),
        disabled=closed,
    )
    has_answer = st.session_state[answer_key] is not None
    # The note box comes with the answer it is saved with (or holds a note kept from a withdrawn
    # answer): no row of empty boxes that cannot be used yet.
    if has_answer or st.session_state[note_key]:
        st.text_area(
            _("Note on question {number} (optional)").format(number=number),
            key=note_key,
            on_change=save,
            args=(respondent_id, question.id),
            disabled=closed or not has_answer,
            max_chars=2000,
            height=68,
            placeholder=_("Evidence, a link, or what you were unsure about"),
        )
    show_question_state(bank, respondent_id, question.id, number, has_answer=has_answer, closed=closed)
    redraw_if_missed()


def show_question_state(
    bank: Bank, respondent_id: int, question_id: str, number: int, *, has_answer: bool, closed: bool
) -> None:
    """Under a question: why its last save failed, or when it was saved, or that its answer was
    withdrawn; and the button that withdraws the answer."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        if error := st.session_state.get(SAVE_ERRORS, {}).get(question_id):
            st.error(error)
        elif saved_at := st.session_state.get(SAVED_AT, {}).get(question_id):
            saved = st.session_state.get(ANSWERED, {}).get(respondent_id, frozenset())
            answered, total = answering.answered_count(bank, saved), len(bank.questions)
            st.caption(answering.saved_at_label(saved_at, browser_zone(), answered=answered, total=total))
        elif (kept_note := st.session_state.get(CLEARED, {}).get(question_id)) is not None:
            st.caption(
                _(
                    "Answer withdrawn: no answer is stored. Your note is not stored without an answer; "
                    "it stays in the box and is saved again with your next answer."
                )
                if kept_note
                else _("Answer withdrawn: no answer is stored.")
            )
        if has_answer and not closed:
            st.button(
                _("Withdraw answer"),
                key=f"wf_clear:{respondent_id}:{question_id}",
                on_click=clear,
                args=(respondent_id, question_id),
                type="tertiary",
                icon=":material/undo:",
                help=_(
                    "Question {number} then has no answer, as if you had never answered it. Its note "
                    "stays in the box."
                ).format(number=number),
            )


@st.fragment(run_every=answering.PROGRESS_REFRESH_SECONDS)
@language.in_session_language
def show_progress(bank: Bank, respondent_id: int, area_id: str) -> None:
    """Answered / total, refreshed by itself: answering reruns only the question's fragment.

    Counted from what this page read when it ran and what it saved since (``ANSWERED``), not
    read again: an open questionnaire polls every few seconds, on a shared app server."""
    saved = st.session_state.get(ANSWERED, {}).get(respondent_id, frozenset())
    answered, total = answering.answered_count(bank, saved), len(bank.questions)
    area_answered, area_total = answering.area_progress(bank, area_id, saved)
    area_name = next(area.name for area in bank.areas if area.id == area_id)
    st.progress(
        answered / total if total else 0.0,
        text=ngettext(
            "{answered} of {total} questions answered · {area_name}: {area_answered} of {area_total}",
            "{answered} of {total} questions answered · {area_name}: {area_answered} of {area_total}",
            answered,
        ).format(
            answered=answered,
            total=total,
            area_name=area_name,
            area_answered=area_answered,
            area_total=area_total,
        ),
    )
    if answered == total:
        st.success(_("All questions answered. Thank you! You can still change any answer."))
    redraw_if_missed()


def show_header(info: AssessmentInfo, respondent: RespondentInfo) -> None:
    st.title(_("Questionnaire"))
    st.markdown(
        _("**{title}** · {unit}, {organisation}  \nAnswering as **{label}**").format(
            title=escape_markdown(info.title),
            unit=escape_markdown(info.unit),
            organisation=escape_markdown(info.organisation),
            label=escape_markdown(respondent.label),
        )
    )
    if info.is_open:
        st.info(
            _(
                "Every answer is saved as soon as you choose it, and a note a moment after you stop "
                "typing. This page's address is your personal link: keep it (below) to come back later, "
                "and do not share it — whoever has it answers as you."
            ),
            icon=":material/bookmark:",
        )
    else:
        st.warning(_("This assessment is closed: your answers are shown read-only."), icon=":material/lock:")


st.set_page_config(
    page_title=_("Questionnaire · Wayfinder"), page_icon=":material/edit_note:", layout="centered"
)
token = state.respondent_token()
respondent = None
if token:
    with resources.session(write=False) as session:
        participation = services.participation_for(session=session, token=token)
        if participation is not None:
            respondent, info = participation.respondent, participation.assessment
            saved = services.answers_for_respondent(
                actor=participation.actor, session=session, respondent_id=respondent.id
            )

if respondent is None:
    st.title(_("Questionnaire"))
    if withdrawn := st.session_state.pop(your_data.WITHDRAWN, None):
        st.success(withdrawn, icon=":material/check_circle:")
    has_home = state.actor().kind in ("person", "operator")  # a visitor's menu has no home page
    if token:
        st.error(
            _(
                "This questionnaire link is not valid (any more). Check that you copied the whole link, or "
                "ask whoever invited you for a new one."
            )
        )
        st.session_state[state.RESPONDENT_TOKEN] = None
    elif has_home:
        st.info(_("Open your personal questionnaire link, or start an assessment on the home page."))
    else:
        st.info(_("Open your personal questionnaire link, or join a workshop with the facilitator's code."))
    if has_home:
        st.page_link("ui/pages/home.py", label=_("Go to the home page"), icon=":material/home:")
    else:
        st.page_link("ui/pages/join.py", label=_("Join a workshop"), icon=":material/group_add:")
    st.stop()

# Keep the personal link in the address bar, so a reload or a bookmark resumes here.
if st.query_params.get(state.QUERY_TOKEN) != respondent.token:
    st.query_params[state.QUERY_TOKEN] = respondent.token
state.select_assessment(respondent.assessment_id)
bank = services.shown_bank(resources.bank_for(info.bank_version))  # its own bank, in this language
st.session_state[UNDRAWN] = set()  # this run draws every question shown
show_header(info, respondent)
your_data.show_welcome_back(info, respondent)
your_data.show_personal_link(info, respondent)

names = {area.name: area.id for area in bank.areas}
tabs_key = answering.area_key(respondent.id)
if tabs_key not in st.session_state:
    resume_at = answering.first_open_area(bank, saved)
    st.session_state[tabs_key] = next(name for name, area_id in names.items() if area_id == resume_at)
st.session_state.setdefault(ANSWERED, {})[respondent.id] = frozenset(saved)
show_progress(bank, respondent.id, names[st.session_state[tabs_key]])
tabs = st.tabs(list(names), key=tabs_key, on_change="rerun")
for tab, (name, area_id) in zip(tabs, names.items(), strict=True):
    if not tab.open:
        continue
    with tab:
        st.header(name, anchor=area_steps.AREA_ANCHOR)
        step = show_area(bank, respondent, area_id, saved, closed=not info.is_open)
        area_steps.show_buttons(bank, respondent.id, area_id, step)
your_data.show_your_data(participation, answering.answered_count(bank, saved))
area_steps.scroll_if_chosen()
if info.is_open:
    browser.send_notes_while_typing()
    if info.mode == "workshop":
        browser.remember_participant(info.id, respondent.token)
