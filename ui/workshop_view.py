"""The facilitator's live view as plain data: join link, QR code, progress and answer tables.

No Streamlit here: the workshop page renders what these functions return, and tests call
them directly. Nothing is scored here; the tables read the scoring result.
"""

from __future__ import annotations

import io

import pandas as pd
import segno

from assessment.records import WorkshopProgress
from questionnaires import Bank
from questionnaires.answers import DONT_KNOW, LEVELS, NOT_APPLICABLE, answer_label
from questionnaires.i18n import _
from scoring.formatting import spread_text
from scoring.results import AssessmentResult

REFRESH_SECONDS = 5  # how often the facilitator's live view reruns by itself
WORKSHOP_PATH = "workshop"
JOIN_PATH = "join"


def app_base_url(page_url: str | None, public_url: str = "", fallback: str = "http://localhost:8501") -> str:
    """The app's root address: ``WAYFINDER_PUBLIC_URL`` when set (behind a proxy the browser's
    own address may be an internal one), else the workshop page's own URL (``st.context.url``)."""
    if public_url:
        return public_url.rstrip("/")
    if not page_url:
        return fallback
    url = page_url.rstrip("/")
    if url.endswith(f"/{WORKSHOP_PATH}"):
        url = url[: -len(WORKSHOP_PATH) - 1]
    return url


def join_link(base_url: str, join_code: str) -> str:
    return f"{base_url.rstrip('/')}/{JOIN_PATH}?join={join_code}"


def qr_png(text: str) -> bytes:
    """A QR code of ``text`` as PNG, big enough to scan from the back of a room when projected."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def participants_table(progress: WorkshopProgress) -> pd.DataFrame:
    """One row per participant: how many of the questions they have answered."""
    return pd.DataFrame(
        {
            _("Participant"): [r.label for r in progress.respondents],
            _("Role"): [r.role for r in progress.respondents],
            _("Answered"): [r.answered for r in progress.respondents],
            _("Share"): [
                r.answered / progress.questions if progress.questions else 0.0 for r in progress.respondents
            ],
        }
    )


def finished_count(progress: WorkshopProgress) -> int:
    return sum(1 for r in progress.respondents if progress.questions and r.answered >= progress.questions)


def distribution_table(result: AssessmentResult, bank: Bank) -> pd.DataFrame:
    """Per answered question: how many chose each level, N/A and don't know, the spread, the flag."""
    area_names = {area.id: area.name for area in bank.areas}
    rows = []
    for score in result.questions:
        if not score.answers + score.not_applicable + score.dont_know:
            continue
        rows.append(
            {
                _("Question"): bank.question(score.question_id).text,
                _("Area"): area_names[score.area],
                _("Levels 1–5"): list(score.distribution),
                **{str(level): count for level, count in enumerate(score.distribution, start=1)},
                answer_label(NOT_APPLICABLE, short=True): score.not_applicable,
                answer_label(DONT_KNOW, short=True): score.dont_know,
                _("Spread"): spread_text(score.minimum, score.maximum),
                _("Discuss"): _("yes") if score.discussion else "",
            }
        )
    return pd.DataFrame(rows, columns=distribution_columns())


def count_columns() -> tuple[str, ...]:
    """The columns counting each answer: the levels, then N/A and don't know (current language)."""
    return (*map(str, LEVELS), *(answer_label(answer, short=True) for answer in (NOT_APPLICABLE, DONT_KNOW)))


def distribution_columns() -> tuple[str, ...]:
    return (_("Question"), _("Area"), _("Levels 1–5"), *count_columns(), _("Spread"), _("Discuss"))


def discussion_points(result: AssessmentResult, bank: Bank) -> list[str]:
    """One sentence per question where answers spread by two levels or more, widest first."""
    flagged = [score for score in result.questions if score.discussion]
    flagged.sort(key=lambda s: (-(s.maximum or 0) + (s.minimum or 0), s.question_id))
    sentences = []
    for score in flagged:
        counts = ", ".join(
            f"{count}× level {level}" for level, count in enumerate(score.distribution, start=1) if count
        )
        sentences.append(
            _("{text} — answers range from level {minimum} to {maximum} ({counts}).").format(
                text=bank.question(score.question_id).text,
                minimum=score.minimum,
                maximum=score.maximum,
                counts=counts,
            )
        )
    return sentences
