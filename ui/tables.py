"""Result objects and bank records turned into the tables the pages show.

Pure functions (no Streamlit): they format what the results already hold and compute
nothing new, so the pages stay thin and these are tested on their own.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from questionnaires import Bank
from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE, answer_label
from questionnaires.i18n import _
from questionnaires.schema import Framework, Question, effort_name
from scoring.formatting import (
    TABLE_DIGITS,
    index_text,
    level_name_text,
    percent_text,
    rank_text,
    score_text,
    spread_text,
)
from scoring.results import AssessmentResult, BacklogItem, Comparison, QuestionScore


def question_matches(question: Question, query: str) -> bool:
    """True when every word of ``query`` appears in the question's id, text, help or descriptors."""
    words = query.casefold().split()
    if not words:
        return True
    haystack = " ".join(
        [question.id, question.text, question.help, *question.levels.values()]
        + [action.title for action in question.actions.values()]
    ).casefold()
    return all(word in haystack for word in words)


def level_table(question: Question, framework: Framework) -> pd.DataFrame:
    """The five level descriptors of a question, with the framework's level names."""
    return pd.DataFrame(
        {
            _("Level"): list(question.levels),
            _("Name"): [framework.level_name(level) for level in question.levels],
            _("What it looks like"): list(question.levels.values()),
        }
    )


def question_links(question: Question, framework: Framework) -> str:
    """The guiding steps and pillars a question feeds, with their link weights."""
    step_names = {step.id: step.name for step in framework.steps}
    pillar_names = {pillar.id: pillar.name for pillar in framework.pillars}
    steps = [f"{step_names.get(s, s)} ({w:g})" for s, w in question.steps.items()]
    pillars = [f"{pillar_names.get(p, p)} ({w:g})" for p, w in question.pillars.items()]
    return _("steps: {join} · pillars: {join2}").format(join=", ".join(steps), join2=", ".join(pillars))


def action_table(question: Question) -> pd.DataFrame:
    """The action for each step up, in level order."""
    levels = sorted(question.actions)
    return pd.DataFrame(
        {
            _("To level"): levels,
            _("Action"): [question.actions[level].title for level in levels],
            _("Effort"): [effort_name(question.actions[level].effort) for level in levels],
            _("Description"): [question.actions[level].description for level in levels],
        }
    )


def _question_text(question_id: str, bank: Bank) -> str:
    """The question's text, or its id when the bank no longer has it (an older bank version)."""
    return bank.question(question_id).text if bank.has_question(question_id) else question_id


def question_score_table(scores: Iterable[QuestionScore], bank: Bank) -> pd.DataFrame:
    """One row per question of an area: its statistics across respondents."""
    rows = [
        {
            _("Question"): _question_text(score.question_id, bank),
            _("Mean"): score_text(score.mean, TABLE_DIGITS),
            _("Median"): score_text(score.median),
            _("Spread (min–max)"): spread_text(score.minimum, score.maximum),
            _("Agreement"): percent_text(score.agreement),
            _("Answers"): score.answers,
            answer_label(NOT_APPLICABLE, short=True): score.not_applicable,
            answer_label(DONT_KNOW, short=True): score.dont_know,
            _("Discuss"): _("yes") if score.discussion else "",
        }
        for score in scores
    ]
    return pd.DataFrame(rows)


def _links(item: BacklogItem, framework: Framework) -> str:
    """Steps by number and pillars by letter, as the framework labels them: "steps 1, 5 · pillars M"."""
    numbers = {step.id: str(step.number) for step in framework.steps}
    letters = {pillar.id: pillar.letter for pillar in framework.pillars}
    parts = []
    if item.steps:
        parts.append("steps " + ", ".join(numbers.get(s, s) for s in item.steps))
    if item.pillars:
        parts.append("pillars " + ", ".join(letters.get(p, p) for p in item.pillars))
    return " · ".join(parts)


def links_legend(framework: Framework) -> str:
    """The key to the short step and pillar references of :func:`backlog_table`."""
    steps = "; ".join(f"{step.number} {step.name}" for step in framework.steps)
    pillars = "; ".join(f"{pillar.letter} {pillar.name}" for pillar in framework.pillars)
    return _("Steps: {steps}. Pillars: {pillars}.").format(steps=steps, pillars=pillars)


def backlog_table(items: Iterable[BacklogItem], framework: Framework) -> pd.DataFrame:
    """The prioritised backlog: rank, action, area, effort, linked steps and pillars, and why."""
    areas = {area.id: area.name for area in framework.areas}
    rows = [
        {
            _("Rank"): item.rank,
            _("Action"): item.title,
            _("Area"): areas.get(item.area, item.area),
            _("Level"): _("find out") if item.find_out else f"{item.from_level} → {item.to_level}",
            _("Effort"): effort_name(item.effort),
            _("Steps and pillars"): _links(item, framework),
            _("Why"): item.reason,
        }
        for item in items
    ]
    columns = [_("Rank"), _("Action"), _("Area"), _("Level"), _("Effort"), _("Steps and pillars"), _("Why")]
    return pd.DataFrame(rows, columns=columns)


def horizon_lines(items: Iterable[BacklogItem], framework: Framework) -> list[str]:
    """Short lines for a roadmap column: "#3 Action title (Area, effort M)"."""
    areas = {area.id: area.name for area in framework.areas}
    return [f"#{i.rank} {i.title} ({areas.get(i.area, i.area)}, effort {i.effort})" for i in items]


def notes_table(result: AssessmentResult, area_id: str, bank: Bank) -> pd.DataFrame:
    """The respondents' notes on an area's questions, in bank order (the notes are user text)."""
    rows = [
        {_("Question"): _question_text(score.question_id, bank), _("Note"): note}
        for score in result.questions
        if score.area == area_id
        for note in score.notes
    ]
    return pd.DataFrame(rows, columns=[_("Question"), _("Note")])


def ranking_table(comparison: Comparison) -> pd.DataFrame:
    """Units in rank order with their overall score, level, percentile and coverage."""
    rows = [
        {
            _("Rank"): rank_text(entry.rank),
            _("Unit"): entry.label,
            _("Overall (1–5)"): score_text(entry.overall.value, TABLE_DIGITS),
            _("Index (0–100)"): index_text(entry.overall.index),
            _("Level"): level_name_text(entry.overall),
            _("Percentile"): index_text(entry.percentile),
            _("Coverage"): percent_text(entry.overall.coverage),
        }
        for entry in comparison.entries
    ]
    columns = [
        _("Rank"),
        _("Unit"),
        _("Overall (1–5)"),
        _("Index (0–100)"),
        _("Level"),
        _("Percentile"),
        _("Coverage"),
    ]
    return pd.DataFrame(rows, columns=columns)
