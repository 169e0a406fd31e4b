"""The roadmap PDF's page for one area: its headline figures and the table of its questions.

Each question row shows its score, spread, answer distribution, agreement and gap, with the
respondents' notes under the question; notes and question texts are cut short so that one
row never outgrows a page. Everything comes from the :class:`AssessmentResult`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Spacer

from questionnaires.i18n import _, ngettext
from questionnaires.loader import Bank
from reports import charts
from reports.blocks import caption, data_table, figures, paragraph, text
from reports.styles import CONTENT_WIDTH, flag_column
from scoring.backlog import current_level
from scoring.formatting import (
    NOT_SCORED_WORDS,
    level_text,
    number_text,
    percent_text,
    score_text,
    spread_text,
)
from scoring.results import DimensionScore, QuestionScore

NOTES_PER_QUESTION = 8
NOTE_LINES = 4  # notes and question texts are cut after this many lines,
QUESTION_LINES = 10  # so that one table row never outgrows a page


def area_page(area: DimensionScore, questions: Sequence[QuestionScore], bank: Bank) -> list[Flowable]:
    """The page of ``area``, listing those of the result's ``questions`` that belong to it."""
    score = area.score
    description = next((a.description for a in bank.areas if a.id == area.id), "")
    level = _("level {level}").format(level=level_text(score)) if score.scored else NOT_SCORED_WORDS
    return [
        text(area.name, "h1"),
        text(description, "muted"),
        figures(
            [
                (f"{score_text(score.value)} / 5", level),
                (number_text(area.target), _("target; gap {gap}").format(gap=score_text(area.gap))),
                (percent_text(score.coverage), _("coverage")),
                (
                    _("{answered} of {linked}").format(
                        answered=area.answered_questions, linked=area.linked_questions
                    ),
                    _("questions answered"),
                ),
            ]
        ),
        Spacer(1, 6),
        text(
            _(
                "“Discuss” marks a question whose answers spread over two levels or more: worth talking "
                "through before acting on its score. Answers 1–5 shows how many respondents chose each "
                "level (n/a: not applicable, dk: don't know). Notes are shown up to {count} per question."
            ).format(count=NOTES_PER_QUESTION),
            "muted",
        ),
        _question_table([q for q in questions if q.area == area.id], bank),
    ]


def _question_table(questions: Sequence[QuestionScore], bank: Bank) -> Flowable:
    if not questions:
        return paragraph(_("This area has no questions in the question bank."))
    widths = [180, 72, 38, 74, 48, 40, 48]
    answers_width = CONTENT_WIDTH * widths[3] / sum(widths) - 8
    rows = []
    for question in questions:
        spread = spread_text(question.minimum, question.maximum)
        if question.std is not None:
            spread += "\n" + _("sd {value}").format(value=score_text(question.std))
        counts = f"n={question.answers}"
        if question.not_applicable:
            counts += " · " + _("n/a {count}").format(count=question.not_applicable)
        if question.dont_know:
            counts += " · " + _("dk {count}").format(count=question.dont_know)
        rows.append(
            [
                [
                    text(_question_text(question.question_id, bank), "cell", max_lines=QUESTION_LINES),
                    caption(question.question_id),
                    *_notes(question),
                ],
                text(f"{score_text(question.mean)}\n{_level_name(question, bank)}", "cell"),
                spread,
                charts.Distribution(question.distribution, counts, width=answers_width),
                percent_text(question.agreement),
                f"{question.target}\n" + _("gap {gap}").format(gap=score_text(question.gap)),
                _("discuss") if question.discussion else "",
            ]
        )
    table = data_table(
        [_("Question"), _("Score"), _("Spread"), _("Answers 1–5"), _("Agreement"), _("Target"), ""],
        rows,
        widths,
        numeric=(4, 5),
    )
    table.setStyle(flag_column(6))
    return table


def _question_text(question_id: str, bank: Bank) -> str:
    if bank.has_question(question_id):
        return bank.question(question_id).text
    return _("{question} (not in this version of the question bank)").format(question=question_id)


def _notes(question: QuestionScore) -> list[Flowable]:
    """The respondents' notes, capped so that one table row never outgrows a page."""
    notes: list[Flowable] = [
        text(f"“{note}”", "cell_note", max_lines=NOTE_LINES) for note in question.notes[:NOTES_PER_QUESTION]
    ]
    hidden = len(question.notes) - len(notes)
    if hidden:
        notes.append(
            caption(
                ngettext(
                    "… and {count} more note in the app", "… and {count} more notes in the app", hidden
                ).format(count=hidden)
            )
        )
    return notes


def _level_name(question: QuestionScore, bank: Bank) -> str:
    """The name of the level the backlog starts the question from (its median answer)."""
    level = current_level(question)
    return str(NOT_SCORED_WORDS) if level is None else bank.framework.level_name(min(max(level, 1), 5))
