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
from ui.text import escape_markdown

CHOICE_LABELS = {
    SKIP: "Skip this column",
    RESPONDENT: "Respondent (who answered)",
    ROLE: "Role of the respondent",
}
MATCHED_BY = {"id": "question id", "text": "question text", "close": "close text", "mapping": "saved mapping"}
KIND_WORDS = {
    "metadata": "survey metadata, no answers",
    "response id": "response id",
    "respondent": "respondent",
    "email": "e-mail address",
    "name": "name",
    "first name": "first name",
    "last name": "last name",
    "role": "role",
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
            return "Chosen before for this form (saved mapping)"
        alike = " alike" if column.how == "close" else ""
        return f"Matched by {MATCHED_BY[column.how]} ({column.confidence:.0%}{alike})"
    if column.use == "unmatched":
        if choice is not None:
            return "Your choice: the header matches no question on its own"
        if column.question_id:
            return f"Not matched. Closest question: {column.question_id} ({column.confidence:.0%} alike)"
        return "Not matched: no question is close. Choose one, or skip the column."
    if column.how == "mapping":
        return "Chosen before for this form (saved mapping)"
    words = KIND_WORDS.get(column.how, column.how)
    if column.index in plan.respondent.columns:
        return f"{words.capitalize()}: names the respondents"
    return words.capitalize()


def mapping_step(plan: ColumnPlan, bank: Bank, *, key: str) -> dict[str, str]:
    """Draw one choice per column; return the changes the person made (header → choice)."""
    questions = {question.id: question for question in bank.questions}
    options = [SKIP, RESPONDENT, ROLE, *questions]

    def label(choice: str) -> str:
        if choice in CHOICE_LABELS:
            return CHOICE_LABELS[choice]
        return f"{choice} — {textwrap.shorten(questions[choice].text, 90, placeholder='…')}"

    shown = [column for column in plan.columns if column.use != "blank"]
    answering = [column for column in shown if column.use in ("question", "unmatched")]
    others = [column for column in shown if column not in answering]
    changes: dict[str, str] = {}

    def choose(column: ColumnMatch) -> None:
        default = default_choice(column, plan)
        choice = st.selectbox(
            f"Column {column.letter}: {escape_markdown(column.header)}",
            options,
            index=None if default is None else options.index(default),
            format_func=label,
            placeholder="Choose a question, or skip this column",
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
            f"{waiting} column(s) match no question on their own: choose the question each answers, "
            "or skip it."
        )
    if others:
        with st.expander(f"Other columns: respondent and survey metadata ({len(others)})"):
            for column in others:
                choose(column)
    return changes
