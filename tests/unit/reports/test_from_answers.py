"""From an answers table through the real scoring engine to the PDFs, on the shipped bank."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest

from questionnaires import load_bank
from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE
from reports.comparison import build_comparison_pdf
from reports.context import ComparisonContext, ReportContext
from reports.roadmap import build_roadmap_pdf
from scoring.compare import compare
from scoring.engine import score_assessment, score_assessments
from scoring.formatting import score_text
from tests.unit.reports.reading import HOSTILE, page_texts


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def shipped_bank():
    return load_bank()


def answers_table(bank, assessments: dict[str, int], *, seed: int = 7) -> pd.DataFrame:
    """Every respondent answers every question: mostly levels, some n/a and don't know, a few notes."""
    rng = random.Random(seed)
    rows = []
    for assessment, respondents in assessments.items():
        lean = rng.choice((1, 2, 3))
        for respondent in range(respondents):
            for question in bank.questions:
                roll = rng.random()
                answer = (
                    NOT_APPLICABLE
                    if roll < 0.04
                    else DONT_KNOW
                    if roll < 0.08
                    else min(5, lean + rng.randint(0, 2))
                )
                note = f"{HOSTILE} seen by respondent {respondent}" if rng.random() < 0.05 else ""
                rows.append((assessment, f"r{respondent}", question.id, answer, note))
    return pd.DataFrame(rows, columns=["assessment", "respondent", "question", "answer", "note"])


def test_a_scored_workshop_becomes_a_roadmap_with_its_scores_and_first_action(shipped_bank):
    answers = answers_table(shipped_bank, {"a-1": 8})
    result = score_assessment(answers, shipped_bank)
    context = ReportContext(
        organisation="Ville de Genève",
        unit="Service du numérique",
        mode="Workshop",
        assessed_on=date(2026, 2, 1),
    )

    text = flat(" ".join(page_texts(build_roadmap_pdf(result, shipped_bank, context))))

    assert "Ville de Genève" in text
    for area in result.areas:
        assert f"{area.name} {score_text(area.score.value)}" in text
    assert result.backlog, "answers below the default target give a backlog"
    assert f"1 {result.backlog[0].title}" in text
    assert HOSTILE in text


def test_an_assessment_with_no_answer_rows_becomes_a_report_that_scores_nothing(shipped_bank):
    answers = answers_table(shipped_bank, {"other": 2})
    result = score_assessment(answers, shipped_bank, assessment_id="empty")
    text = flat(
        " ".join(page_texts(build_roadmap_pdf(result, shipped_bank, ReportContext(organisation="Empty"))))
    )
    assert "Nothing is scored yet" in text


def test_scored_units_become_a_comparison_with_their_change(shipped_bank):
    answers = answers_table(shipped_bank, {"t1-a": 3, "t1-b": 4, "t2-a": 3, "t2-b": 5, "t2-c": 2})
    results = score_assessments(answers, shipped_bank)
    comparison = compare(
        results,
        shipped_bank,
        labels={"t2-a": "Roads 北京", "t2-b": f"Health {HOSTILE}", "t2-c": "Schools"},
        changes={"Roads 北京": ("t1-a", "t2-a"), f"Health {HOSTILE}": ("t1-b", "t2-b")},
    )
    pdf = build_comparison_pdf(comparison, shipped_bank, ComparisonContext(organisation="Canton de Vaud"))

    text = flat(" ".join(page_texts(pdf)))
    for entry in comparison.entries:
        assert f"{entry.rank} {entry.label} {score_text(entry.overall.value)}" in text
    assert "Roads 北京" in text
    assert "Change since the previous round" in text


def test_the_roadmap_marks_find_out_items_and_urgent_security_basics(shipped_bank):
    # level 1 everywhere, "don't know" on the leadership mandate
    rows = [
        ("a-1", "r1", q.id, DONT_KNOW if q.id == "culture.leadership-mandate" else 1, "")
        for q in shipped_bank.questions
    ]
    answers = pd.DataFrame(rows, columns=["assessment", "respondent", "question", "answer", "note"])
    result = score_assessment(answers, shipped_bank)
    text = flat(
        " ".join(page_texts(build_roadmap_pdf(result, shipped_bank, ReportContext(organisation="X"))))
    )

    assert "find out · culture.leadership-mand" in text  # the backlog table's caption (cut to fit)
    assert "1 Find out where you stand on “Who at the top" in text
    assert "find out · Culture and leadership" in text  # its roadmap card
    assert "effort medium · urgent · DevOps and delivery" in text  # shared admin logins, in Now
    assert "level 1 → 2 · culture.leadership-mandate" not in text  # no level-1 plan


def test_the_summary_says_almost_defined_when_one_dissenter_leaves_the_score_at_2_99(shipped_bank):
    rows = [
        ("a-1", f"r{i}", q.id, 2 if (i == 0 and q.id == "skills.product-owners") else 3, "")
        for i in range(5)
        for q in shipped_bank.questions
    ]
    answers = pd.DataFrame(rows, columns=["assessment", "respondent", "question", "answer", "note"])
    result = score_assessment(answers, shipped_bank)
    text = flat(
        " ".join(page_texts(build_roadmap_pdf(result, shipped_bank, ReportContext(organisation="X"))))
    )

    assert "overall maturity, 2.99 · almost Defined" in text
    assert "level 2 · Developing" not in text
