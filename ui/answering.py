"""What the questionnaire page shows and remembers, as plain functions (no Streamlit here).

Widget keys carry the respondent's id, so a browser that opens a second personal link
never shows (or saves) the first person's answers under the second person's name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from itertools import pairwise
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


# An area is answered in steps of at most this many questions: a phone shows a step in a few
# screens, and the browser draws a step of 5 ladders (35 options) where a whole area of 13 took
# 91 options and about twice the one-line page to be ready (benchmarks/bench_pages.py).
QUESTIONS_PER_STEP = 5


def area_steps(count: int) -> list[range]:
    """The positions of an area's questions, step by step: as even as the step size allows
    (13 questions: 5, 4 and 4; 12: three of 4), never a step of one or two after full ones."""
    parts = max(1, -(-count // QUESTIONS_PER_STEP))
    size, extra = divmod(count, parts)
    bounds = [0]
    for part in range(parts):
        bounds.append(bounds[-1] + size + (part < extra))
    return [range(start, stop) for start, stop in pairwise(bounds)]


def step_label(step: range) -> str:
    """The questions of a step by their numbers in the area: "1–5", or "13" for one question."""
    first, last = step.start + 1, step.stop
    return str(first) if first == last else f"{first}–{last}"


def first_open_step(bank: Bank, area_id: str, saved: Collection[str]) -> int:
    """Where to resume in an area: the first step with an unanswered question (else the first)."""
    questions = bank.questions_in(area_id)
    for number, step in enumerate(area_steps(len(questions))):
        if any(questions[position].id not in saved for position in step):
            return number
    return 0


@dataclass(frozen=True)
class StepLink:
    """Where a previous / next button at the end of a step leads."""

    area_id: str
    area_name: str
    step: int
    label: str  # "Questions 6–9" within the area, else the other area's name
    kind: str  # "step" or "area"


def neighbour_steps(bank: Bank, area_id: str, step: int) -> tuple[StepLink | None, StepLink | None]:
    """The step before and the step after ``step`` of ``area_id``: within the area, else the
    previous area's last step and the next area's first; None at the questionnaire's ends."""
    areas = list(bank.areas)
    position = next(index for index, area in enumerate(areas) if area.id == area_id)
    steps = area_steps(len(bank.questions_in(area_id)))

    def within(number: int) -> StepLink:
        label = _("Questions {numbers}").format(numbers=step_label(steps[number]))
        return StepLink(area_id, areas[position].name, number, label, "step")

    previous = following = None
    if step > 0:
        previous = within(step - 1)
    elif position > 0:
        area = areas[position - 1]
        last = len(area_steps(len(bank.questions_in(area.id)))) - 1
        previous = StepLink(area.id, area.name, last, area.name, "area")
    if step < len(steps) - 1:
        following = within(step + 1)
    elif position < len(areas) - 1:
        area = areas[position + 1]
        following = StepLink(area.id, area.name, 0, area.name, "area")
    return previous, following


def answer_key(respondent_id: int, question_id: str) -> str:
    return f"wf_answer:{respondent_id}:{question_id}"


def note_key(respondent_id: int, question_id: str) -> str:
    return f"wf_note:{respondent_id}:{question_id}"


def area_key(respondent_id: int) -> str:
    return f"wf_area:{respondent_id}"


def step_key(respondent_id: int, area_id: str) -> str:
    return f"wf_step:{respondent_id}:{area_id}"


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
