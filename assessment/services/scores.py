"""Scores of stored assessments: one, all at once, a whole organisation, a unit over time.

Persistence knows an assessment by its int id; the scoring engine knows the assessments of
an answers table by their text (a file's ids can be anything). :func:`_key` is the one place
the two meet.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col

from assessment.access import Actor, readable_organisations
from assessment.models import Respondent, Unit
from assessment.records import AssessmentInfo, TrendPoint
from assessment.rules import chronological, latest_and_previous, scorable
from assessment.services.answers import answers_frame, organisation_answers
from assessment.services.assessments import get_assessment_info, list_assessments
from assessment.services.inputs import current_bank
from assessment.services.live import live_assessment_ids
from assessment.services.units import get_unit
from questionnaires import Bank
from scoring.compare import compare
from scoring.engine import ScoreTables, assessment_result, score_of, score_tables
from scoring.results import AssessmentResult, Comparison, Score


def score_assessment(
    *, session: Session, actor: Actor, assessment_id: int, bank: Bank | None = None
) -> AssessmentResult:
    """The assessment's full result (scores, backlog, roadmap) with its stored targets and focus."""
    bank = current_bank(bank)
    info = get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)
    tables = _tables(session, col(Respondent.assessment_id) == assessment_id, bank)
    return assessment_result(tables, _key(assessment_id), bank, info.scoring_options())


def overall_scores(
    *, session: Session, actor: Actor, organisation_id: int | None = None, bank: Bank | None = None
) -> dict[int, Score]:
    """Assessment id → overall score, for every live assessment ``actor`` may see (of one
    organisation), in one pass."""
    bank = current_bank(bank)
    if organisation_id is None:
        ids = live_assessment_ids()
        readable = readable_organisations(actor)
        if readable is not None:
            ids = ids.where(col(Unit.organisation_id).in_(readable))
        condition = col(Respondent.assessment_id).in_(ids)
    else:
        condition = organisation_answers(session, actor, organisation_id)
    overall = _tables(session, condition, bank).overall
    return {
        int(key): score_of(float(row.score), float(row.coverage), bank) for key, row in overall.iterrows()
    }


def score_organisation(
    *, session: Session, actor: Actor, organisation_id: int, bank: Bank | None = None
) -> Comparison:
    """Each unit's latest answered assessment side by side, with its change since the one before.

    Assessments without any answer yet are left out, so a new empty round does not hide
    a unit's last scores; units with no answered assessment do not appear.
    """
    bank = current_bank(bank)
    tables = _tables(session, organisation_answers(session, actor, organisation_id), bank)
    answered = set(tables.assessment_ids)
    rounds: dict[str, list[AssessmentInfo]] = {}
    for info in list_assessments(session=session, actor=actor, organisation_id=organisation_id):
        if _key(info.id) in answered:
            rounds.setdefault(info.unit, []).append(info)
    labels: dict[str, str] = {}
    previous: dict[str, str] = {}
    for unit, infos in sorted(rounds.items()):
        latest, before = latest_and_previous(infos)
        labels[_key(latest.id)] = unit
        if before is not None:
            previous[unit] = _key(before.id)
    return compare(tables, bank, labels=labels, previous=previous)


def unit_trend(*, session: Session, actor: Actor, unit_id: int, bank: Bank | None = None) -> list[TrendPoint]:
    """Every assessment of a unit, oldest first, each with its full result."""
    bank = current_bank(bank)
    get_unit(session=session, actor=actor, unit_id=unit_id)
    infos = sorted(list_assessments(session=session, actor=actor, unit_id=unit_id), key=chronological)
    tables = _tables(session, col(Respondent.assessment_id).in_([info.id for info in infos]), bank)
    return [
        TrendPoint(info, assessment_result(tables, _key(info.id), bank, info.scoring_options()))
        for info in infos
    ]


def _tables(session: Session, condition: Any, bank: Bank) -> ScoreTables:
    return score_tables(scorable(answers_frame(session, condition, as_answers=False), bank), bank)


def _key(assessment_id: int) -> str:
    """The scoring engine's key of a stored assessment."""
    return str(assessment_id)
