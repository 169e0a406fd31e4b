"""Result objects and bank records turned into the tables the pages show.

Pure functions (no Streamlit): they format what the results already hold and compute
nothing new, so the pages stay thin and these are tested on their own.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from questionnaires import Bank
from questionnaires.schema import EFFORT_NAMES, Framework, Question
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
from ui.text import escape_markdown


def escaped(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A copy with user text in ``columns`` escaped, for ``st.table`` (which renders markdown in cells)."""
    safe = frame.copy()
    for column in columns:
        safe[column] = [escape_markdown(str(value)) for value in safe[column]]
    return safe


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
            "Level": list(question.levels),
            "Name": [framework.level_name(level) for level in question.levels],
            "What it looks like": list(question.levels.values()),
        }
    )


def question_links(question: Question, framework: Framework) -> str:
    """The guiding steps and pillars a question feeds, with their link weights."""
    step_names = {step.id: step.name for step in framework.steps}
    pillar_names = {pillar.id: pillar.name for pillar in framework.pillars}
    steps = [f"{step_names.get(s, s)} ({w:g})" for s, w in question.steps.items()]
    pillars = [f"{pillar_names.get(p, p)} ({w:g})" for p, w in question.pillars.items()]
    return f"steps: {', '.join(steps)} · pillars: {', '.join(pillars)}"


def action_table(question: Question) -> pd.DataFrame:
    """The action for each step up, in level order."""
    levels = sorted(question.actions)
    return pd.DataFrame(
        {
            "To level": levels,
            "Action": [question.actions[level].title for level in levels],
            "Effort": [EFFORT_NAMES[question.actions[level].effort] for level in levels],
            "Description": [question.actions[level].description for level in levels],
        }
    )


def _question_text(question_id: str, bank: Bank) -> str:
    """The question's text, or its id when the bank no longer has it (an older bank version)."""
    return bank.question(question_id).text if bank.has_question(question_id) else question_id


def question_score_table(scores: Iterable[QuestionScore], bank: Bank) -> pd.DataFrame:
    """One row per question of an area: its statistics across respondents."""
    rows = [
        {
            "Question": _question_text(score.question_id, bank),
            "Mean": score_text(score.mean, TABLE_DIGITS),
            "Median": score_text(score.median),
            "Spread (min–max)": spread_text(score.minimum, score.maximum),
            "Agreement": percent_text(score.agreement),
            "Answers": score.answers,
            "N/A": score.not_applicable,
            "Don't know": score.dont_know,
            "Discuss": "yes" if score.discussion else "",
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
    return f"Steps: {steps}. Pillars: {pillars}."


def backlog_table(items: Iterable[BacklogItem], framework: Framework) -> pd.DataFrame:
    """The prioritised backlog: rank, action, area, effort, linked steps and pillars, and why."""
    areas = {area.id: area.name for area in framework.areas}
    rows = [
        {
            "Rank": item.rank,
            "Action": item.title,
            "Area": areas.get(item.area, item.area),
            "Level": f"{item.from_level} → {item.to_level}",
            "Effort": EFFORT_NAMES[item.effort],
            "Steps and pillars": _links(item, framework),
            "Why": item.reason,
        }
        for item in items
    ]
    columns = ["Rank", "Action", "Area", "Level", "Effort", "Steps and pillars", "Why"]
    return pd.DataFrame(rows, columns=columns)


def horizon_lines(items: Iterable[BacklogItem], framework: Framework) -> list[str]:
    """Short lines for a roadmap column: "#3 Action title (Area, effort M)"."""
    areas = {area.id: area.name for area in framework.areas}
    return [f"#{i.rank} {i.title} ({areas.get(i.area, i.area)}, effort {i.effort})" for i in items]


def notes_table(result: AssessmentResult, area_id: str, bank: Bank) -> pd.DataFrame:
    """The respondents' notes on an area's questions, in bank order (the notes are user text)."""
    rows = [
        {"Question": _question_text(score.question_id, bank), "Note": note}
        for score in result.questions
        if score.area == area_id
        for note in score.notes
    ]
    return pd.DataFrame(rows, columns=["Question", "Note"])


def ranking_table(comparison: Comparison) -> pd.DataFrame:
    """Units in rank order with their overall score, level, percentile and coverage."""
    rows = [
        {
            "Rank": rank_text(entry.rank),
            "Unit": entry.label,
            "Overall (1–5)": score_text(entry.overall.value, TABLE_DIGITS),
            "Index (0–100)": index_text(entry.overall.index),
            "Level": level_name_text(entry.overall),
            "Percentile": index_text(entry.percentile),
            "Coverage": percent_text(entry.overall.coverage),
        }
        for entry in comparison.entries
    ]
    columns = ["Rank", "Unit", "Overall (1–5)", "Index (0–100)", "Level", "Percentile", "Coverage"]
    return pd.DataFrame(rows, columns=columns)
