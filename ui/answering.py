"""What the questionnaire page shows and remembers, as plain functions (no Streamlit here).

Widget keys carry the respondent's id, so a browser that opens a second personal link
never shows (or saves) the first person's answers under the second person's name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, tzinfo
from urllib.parse import quote, urlencode

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


# Each automatic rerun of the questionnaire's progress bar costs the browser about 90 ms of CPU
# (Streamlit redraws the page): every 2 s that was 4.6% of a core per open tab. The question just
# answered shows the count at once ("Saved ✓ … · 12 of 50 answered"); the bar catches up.
PROGRESS_REFRESH_SECONDS = 15


def saved_at_label(moment: datetime, zone: tzinfo, *, answered: int, total: int) -> str:
    """ "Saved ✓ 14:05 · 12 of 50 answered", in the respondent's own time zone: the count moves
    as they answer, where they look, while the progress bar above catches up on its own."""
    return _("Saved ✓ {astimezone:%H:%M} · {answered} of {total} answered").format(
        astimezone=moment.astimezone(zone), answered=answered, total=total
    )


QUESTIONNAIRE_PATH = "questionnaire"


def personal_link(page_url: str | None, token: str, public_url: str = "") -> str:
    """The respondent's personal link: the questionnaire's address with their token.

    ``public_url`` (``WAYFINDER_PUBLIC_URL``) wins: behind a proxy the browser's own address may
    be an internal one; else the questionnaire page's own URL (``st.context.url``).
    """
    if public_url:
        base = public_url.rstrip("/")
    else:
        base = (page_url or "http://localhost:8501").rstrip("/")
        if base.endswith(f"/{QUESTIONNAIRE_PATH}"):
            base = base[: -len(QUESTIONNAIRE_PATH) - 1]
    return f"{base}/{QUESTIONNAIRE_PATH}?{urlencode({'r': token})}"


def mail_to_self(link: str, title: str) -> str:
    """A ``mailto:`` address with no recipient: the person's own mail app opens a message with
    their link, to send to themselves."""
    subject = _("My Wayfinder link: {title}").format(title=title)
    body = _(
        "My personal link to the questionnaire “{title}”. It lets whoever has it answer as me: "
        "keep it to myself.\n\n{link}\n"
    ).format(title=title, link=link)
    return "mailto:?" + urlencode({"subject": subject, "body": body}, quote_via=quote)
