"""The framework's version 2 (#19) on the real banks: version-1 assessments keep their scores,
new ones use version 2, and a trend across the two is computed on the questions they share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assessment import services
from assessment.db import session_scope
from questionnaires import DEFAULT_BANK_DIR, load_bank
from questionnaires.versions import bank_from_json
from scoring.engine import score_assessment
from tests.factories import OPERATOR, make_answered_assessment, make_organisation, make_unit
from tests.unit.scoring.builders import answers_table

# The shipped bank as it was before version 2, frozen by the migration that stores banks.
VERSION_1 = bank_from_json(
    (Path(__file__).resolve().parents[2] / "migrations" / "versions" / "0006_shipped_bank.json").read_text(
        "utf-8"
    )
)
RETIRED = {"procurement.product-ownership", "architecture.portability"}
RENAMED = {
    "devops.release-frequency": "devops.deployment-frequency",
    "procurement.supplier-concentration": "procurement.supplier-lock-in",
}


def spread_answers(bank, offset: int = 0) -> dict[str, int]:
    """Every question answered, levels 1 to 5 in turn: every weight and link matters."""
    return {question.id: 1 + (index + offset) % 5 for index, question in enumerate(bank.questions)}


def values(result) -> dict[str, float | None]:
    dimensions = [*result.areas, *result.steps, *result.pillars]
    return {"overall": result.overall.value} | {d.id: d.score.value for d in dimensions}


def test_version_2_is_a_new_version_that_retires_renames_and_adds_questions():
    version_2 = load_bank()
    old_ids = {question.id for question in VERSION_1.questions}
    new_ids = {question.id for question in version_2.questions}
    assert version_2.version != VERSION_1.version
    assert old_ids - new_ids == RETIRED | set(RENAMED.values())
    for new_id, old_id in RENAMED.items():
        assert version_2.question(new_id).replaces == (old_id,)
    assert len(new_ids - old_ids - set(RENAMED)) >= 10  # the questions for the gaps the review found


def test_a_version_1_assessment_keeps_its_scores_when_version_2_is_installed(engine, monkeypatch):
    monkeypatch.setenv("WAYFINDER_BANK_DIR", str(DEFAULT_BANK_DIR))  # the shipped bank, version 2
    version_2 = load_bank()
    answers = {"Ana": spread_answers(VERSION_1), "Ben": spread_answers(VERSION_1, offset=2)}
    with session_scope(engine) as session:
        unit = make_unit(session, make_organisation(session, name="Versions").id, name="Finance")
        old = make_answered_assessment(
            session, answers, unit_id=unit.id, title="2025", assessed_on=date(2025, 3, 1), bank=VERSION_1
        ).assessment
        stored = services.score_assessment(session=session, actor=OPERATOR, assessment_id=old.id)
        new = make_answered_assessment(
            session,
            {"Ana": spread_answers(version_2)},
            unit_id=unit.id,
            title="2026",
            assessed_on=date(2026, 3, 1),
        ).assessment
        fresh = services.score_assessment(session=session, actor=OPERATOR, assessment_id=new.id)
    assert old.bank_version == VERSION_1.version
    assert new.bank_version == version_2.version
    rows = [
        ("A", name, question, level) for name, given in answers.items() for question, level in given.items()
    ]
    on_version_1 = score_assessment(answers_table(rows), VERSION_1)
    assert values(stored) == values(on_version_1)  # every float, bit for bit
    assert [item.key for item in stored.backlog] == [item.key for item in on_version_1.backlog]
    assert len(stored.questions) == len(VERSION_1.questions) == 50
    assert len(fresh.questions) == len(version_2.questions) > 50


def test_a_trend_from_version_1_to_version_2_compares_the_questions_they_share(engine):
    version_2 = load_bank()
    with session_scope(engine) as session:
        unit = make_unit(session, make_organisation(session, name="Trend v2").id, name="Finance")
        for year, bank, level in ((2025, VERSION_1, 2), (2026, version_2, 3)):
            given = {question.id: level for question in bank.questions}
            if bank is VERSION_1:  # retired questions answered 5: they must not count in the trend
                given |= {question_id: 5 for question_id in RETIRED}
            make_answered_assessment(
                session,
                {"Ana": given},
                unit_id=unit.id,
                title=str(year),
                assessed_on=date(year, 3, 1),
                bank=bank,
            )
        trend = services.unit_trend(session=session, actor=OPERATOR, unit_id=unit.id)
    shared = len(VERSION_1.questions) - len(RETIRED)
    assert trend.versions.versions_differ
    assert trend.versions.questions_compared == shared == 48
    assert [point.result.overall.value for point in trend.points] == pytest.approx([2.0, 3.0])
    # the renamed questions are compared with their version-1 answers, under their new ids
    first_round = {score.question_id for score in trend.points[0].result.questions if score.answers}
    assert set(RENAMED) <= first_round
