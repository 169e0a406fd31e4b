"""The Import page's mapping step: each column of a wide file, the question it answers, how sure.

The step starts from what the importer found (:func:`assessment.importing.plan_columns`, with
the mapping remembered for the organisation's files from the same form) and returns only what
the person changed, header → question id or skip, respondent, role; the importer applies those
over its own matching, and the page remembers them for the next file from the same form.
"""

from __future__ import annotations

import textwrap

import streamlit as st

from assessment.importing import ColumnMatch, ColumnPlan
from assessment.importing.mapping import RESPONDENT, ROLE, SKIP
from questionnaires import Bank
from questionnaires.i18n import _, lazy_gettext
from ui.text import escape_markdown

CHOICE_LABELS = {
    SKIP: lazy_gettext("Skip this column"),
    RESPONDENT: lazy_gettext("Respondent (who answered)"),
    ROLE: lazy_gettext("Role of the respondent"),
}
MATCHED_BY = {
    "id": lazy_gettext("question id"),
    "replaced": lazy_gettext("the id it had in an earlier bank version"),
    "text": lazy_gettext("question text"),
    "close": lazy_gettext("close text"),
    "mapping": lazy_gettext("saved mapping"),
}
KIND_WORDS = {
    "metadata": lazy_gettext("survey metadata, no answers"),
    "response id": lazy_gettext("response id"),
    "respondent": lazy_gettext("respondent"),
    "email": lazy_gettext("e-mail address"),
    "name": lazy_gettext("name"),
    "first name": lazy_gettext("first name"),
    "last name": lazy_gettext("last name"),
    "role": lazy_gettext("role"),
}


def default_choice(column: ColumnMatch, plan: ColumnPlan) -> str | None:
    """What the importer would do with ``column``; None for a column waiting for a decision."""
    if column.use == "question":
        return column.question_id
    if column.use == "role":
        return ROLE
    if column.use == "respondent" or (column.use == "identity" and column.index in plan.respondent.columns):
        return RESPONDENT
    if column.use in ("identity", "metadata", "skip"):
        return SKIP
    return None


def how_sure(column: ColumnMatch, plan: ColumnPlan, choice: str | None = None) -> str:
    """How the importer matched ``column`` (and whether the person decided it), in plain text."""
    if column.use == "question" and column.how in MATCHED_BY:
        if column.how == "mapping":
            return _("Chosen before for this form (saved mapping)")
        alike = " alike" if column.how == "close" else ""
        return _("Matched by {how} ({confidence:.0%}{alike})").format(
            how=MATCHED_BY[column.how], confidence=column.confidence, alike=alike
        )
    if column.use == "unmatched":
        if choice is not None:
            return _("Your choice: the header matches no question on its own")
        if column.question_id:
            return _("Not matched. Closest question: {question_id} ({confidence:.0%} alike)").format(
                question_id=column.question_id, confidence=column.confidence
            )
        return _("Not matched: no question is close. Choose one, or skip the column.")
    if column.how == "mapping":
        return _("Chosen before for this form (saved mapping)")
    words = str(KIND_WORDS.get(column.how, column.how))
    if column.index in plan.respondent.columns:
        return _("{kind}: names the respondents").format(kind=words.capitalize())
    return words.capitalize()


def mapping_step(plan: ColumnPlan, bank: Bank, *, key: str) -> dict[str, str]:
    """Draw one choice per column; return the changes the person made (header → choice)."""
    questions = {question.id: question for question in bank.questions}
    options = [SKIP, RESPONDENT, ROLE, *questions]

    choice_labels = {choice: str(text) for choice, text in CHOICE_LABELS.items()}

    def label(choice: str) -> str:
        if choice in choice_labels:
            return choice_labels[choice]
        return f"{choice} — {textwrap.shorten(questions[choice].text, 90, placeholder='…')}"

    shown = [column for column in plan.columns if column.use != "blank"]
    answering = [column for column in shown if column.use in ("question", "unmatched")]
    others = [column for column in shown if column not in answering]
    changes: dict[str, str] = {}

    def choose(column: ColumnMatch) -> None:
        default = default_choice(column, plan)
        choice = st.selectbox(
            _("Column {letter}: {header}").format(
                letter=column.letter, header=escape_markdown(column.header)
            ),
            options,
            index=None if default is None else options.index(default),
            format_func=label,
            placeholder=_("Choose a question, or skip this column"),
            key=f"{key}_{column.index}",
        )
        st.caption(escape_markdown(how_sure(column, plan, choice)))
        if choice is not None and choice != default:
            changes[column.header] = choice

    notice = st.empty()  # filled once the choices are known
    for column in answering:
        choose(column)
    waiting = sum(1 for column in answering if column.use == "unmatched" and column.header not in changes)
    if waiting:
        notice.warning(
            _(
                "{waiting} column(s) match no question on their own: choose the question each answers, or "
                "skip it."
            ).format(waiting=waiting)
        )
    if others:
        with st.expander(
            _("Other columns: respondent and survey metadata ({count})").format(count=len(others))
        ):
            for column in others:
                choose(column)
    return changes
