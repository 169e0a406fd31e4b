"""What the questionnaire page shows and remembers, as plain functions (no Streamlit here).

Widget keys carry the respondent's id, so a browser that opens a second personal link
never shows (or saves) the first person's answers under the second person's name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, tzinfo

from questionnaires import Bank, Framework, Question
from questionnaires.answers import ANSWERS, DONT_KNOW, NOT_APPLICABLE, Answer, answer_label
from questionnaires.i18n import _

ANSWER_OPTIONS: tuple[Answer, ...] = ANSWERS

SavedAnswers = Mapping[str, tuple[Answer, str | None]]


def option_labels(question: Question, framework: Framework) -> dict[Answer, str]:
    """Each answer option as the respondent reads it: "**3 · Defined** — <the question's descriptor>".

    Option labels are markdown; the descriptors are the bank's own (reviewed) text.
    """
    labels: dict[Answer, str] = {
        level: f"**{level} · {framework.level_name(level)}** — {question.levels[level]}"
        for level in question.levels
    }
    return {**labels, **{answer: answer_label(answer) for answer in (NOT_APPLICABLE, DONT_KNOW)}}


def answered_count(bank: Bank, saved: Collection[str]) -> int:
    """Questions of the bank with a saved answer; N/A and don't know count as answered."""
    return sum(1 for question in bank.questions if question.id in saved)


def area_progress(bank: Bank, area_id: str, saved: Collection[str]) -> tuple[int, int]:
    questions = bank.questions_in(area_id)
    return sum(1 for question in questions if question.id in saved), len(questions)


def first_open_area(bank: Bank, saved: Collection[str]) -> str:
    """Where to resume: the first area with an unanswered question (the first area when all are done)."""
    for area in bank.areas:
        answered, total = area_progress(bank, area.id, saved)
        if answered < total:
            return area.id
    return bank.areas[0].id


def answer_key(respondent_id: int, question_id: str) -> str:
    return f"wf_answer:{respondent_id}:{question_id}"


def note_key(respondent_id: int, question_id: str) -> str:
    return f"wf_note:{respondent_id}:{question_id}"


def area_key(respondent_id: int) -> str:
    return f"wf_area:{respondent_id}"


def saved_at_label(moment: datetime, zone: tzinfo) -> str:
    """ "Saved ✓ 14:05" in the respondent's own time zone."""
    return _("Saved ✓ {astimezone:%H:%M}").format(astimezone=moment.astimezone(zone))
