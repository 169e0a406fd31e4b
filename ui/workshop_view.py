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
from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE, answer_label
from questionnaires.i18n import _, ngettext
from scoring.formatting import spread_text
from scoring.results import AssessmentResult

REFRESH_SECONDS = 5  # how often the facilitator's live view reruns by itself
WORKSHOP_PATH = "workshop"
JOIN_PATH = "join"
LEVEL_COUNTS_SEPARATOR = "·"  # "0·2·3·1·0": short, and never broken over lines


def app_base_url(
    page_url: str | None,
    public_url: str = "",
    fallback: str = "http://localhost:8501",
    *,
    page: str = WORKSHOP_PATH,
) -> str:
    """The app's root address: ``WAYFINDER_PUBLIC_URL`` when set (behind a proxy the browser's
    own address may be an internal one), else the URL of ``page`` (``st.context.url``) without it."""
    if public_url:
        return public_url.rstrip("/")
    if not page_url:
        return fallback
    url = page_url.rstrip("/")
    if url.endswith(f"/{page}"):
        url = url[: -len(page) - 1]
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


def finished_figure(progress: WorkshopProgress) -> tuple[str, str | None]:
    """The "Finished" metric: finished of those who have started answering, and apart from
    them how many have not started yet (someone still reading, or who joined twice, is not
    "unfinished": counting them made "Finished 0 of 5" out of four people)."""
    started = sum(1 for r in progress.respondents if r.answered)
    waiting = len(progress.respondents) - started
    value = _("{finished} of {started}").format(finished=finished_count(progress), started=started)
    if not waiting:
        return value, None
    return value, ngettext("{count} not started yet", "{count} not started yet", waiting).format(
        count=waiting
    )


def distribution_table(result: AssessmentResult, bank: Bank) -> pd.DataFrame:
    """Per answered question: how many chose each level, N/A and don't know, the spread, the flag.

    Narrow enough for every column to show at 1280 px and on a phone: the five level counts
    share one column ("0 · 1 · 3 · 2 · 0", level 1 first, never broken over lines), a
    discussion point says so beside its spread ("1–5 · to discuss") rather than in a column of
    its own, the question's text wraps, and the area is a column only to group by (the page
    shows one tab per area).
    """
    area_names = {area.id: area.name for area in bank.areas}
    rows = []
    for score in result.questions:
        if not score.answers + score.not_applicable + score.dont_know:
            continue
        rows.append(
            {
                _("Question"): bank.question(score.question_id).text,
                _("Area"): area_names[score.area],
                _("Levels 1–5"): LEVEL_COUNTS_SEPARATOR.join(map(str, score.distribution)),
                answer_label(NOT_APPLICABLE, short=True): score.not_applicable,
                answer_label(DONT_KNOW, short=True): score.dont_know,
                _("Spread"): (
                    _("{spread} · to discuss").format(spread=spread_text(score.minimum, score.maximum))
                    if score.discussion
                    else spread_text(score.minimum, score.maximum)
                ),
            }
        )
    return pd.DataFrame(rows, columns=distribution_columns())


def distribution_columns() -> tuple[str, ...]:
    return (
        _("Question"),
        _("Area"),
        _("Levels 1–5"),
        *(answer_label(answer, short=True) for answer in (NOT_APPLICABLE, DONT_KNOW)),
        _("Spread"),
    )


def discussion_points(result: AssessmentResult, bank: Bank) -> list[str]:
    """One sentence per question where answers spread by two levels or more, widest first."""
    flagged = [score for score in result.questions if score.discussion]
    flagged.sort(key=lambda s: (-(s.maximum or 0) + (s.minimum or 0), s.question_id))
    sentences = []
    for score in flagged:
        counts = ", ".join(
            _("{count}× level {level}").format(count=count, level=level)
            for level, count in enumerate(score.distribution, start=1)
            if count
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
