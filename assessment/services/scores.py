"""Scores of stored assessments: one, all at once, a whole organisation, a unit over time.

Every assessment is scored with its own stored bank (:mod:`assessment.services.banks`), never
with whatever is installed now. Where several assessments are compared and their bank versions
differ, they are all scored on the questions those versions share (same id, or ``replaces:``),
on the newest version's weights, and the result says so (``VersionNote``).

Persistence knows an assessment by its int id; the scoring engine knows the assessments of
an answers table by their text (a file's ids can be anything). :func:`_key` is the one place
the two meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from assessment.access import Actor, readable_organisations
from assessment.models import Assessment, Respondent, Unit
from assessment.records import AssessmentInfo, Trend, TrendPoint
from assessment.rules import change_rounds, chronological, latest_and_previous, scorable
from assessment.services.answers import answers_frame, organisation_answers
from assessment.services.assessments import get_assessment_info, list_assessments
from assessment.services.banks import bank_by_version
from assessment.services.inputs import current_bank
from assessment.services.languages import shown_bank
from assessment.services.live import live_assessment_ids
from assessment.services.units import get_unit
from questionnaires import Bank
from questionnaires.versions import SharedQuestions, shared_questions
from scoring.compare import compare
from scoring.engine import ScoreTables, assessment_result, score_tables
from scoring.results import AssessmentResult, Comparison, Score, VersionNote
from scoring.scale import score_of


def score_assessment(*, session: Session, actor: Actor, assessment_id: int) -> AssessmentResult:
    """The assessment's full result (scores, backlog, roadmap) with its own bank, targets and focus."""
    info = get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)
    bank = bank_by_version(session, info.bank_version)
    answers = answers_frame(session, col(Respondent.assessment_id) == assessment_id, as_answers=False)
    tables = _tables(answers, bank)
    return assessment_result(tables, _key(assessment_id), shown_bank(bank), info.scoring_options())


def overall_scores(*, session: Session, actor: Actor, organisation_id: int | None = None) -> dict[int, Score]:
    """Assessment id → overall score (each with its own bank), for every live assessment
    ``actor`` may see (of one organisation)."""
    if organisation_id is None:
        ids = live_assessment_ids()
        readable = readable_organisations(actor)
        if readable is not None:
            ids = ids.where(col(Unit.organisation_id).in_(readable))
        condition = col(Respondent.assessment_id).in_(ids)
    else:
        condition = organisation_answers(session, actor, organisation_id)
    answers = _answers(session, condition)
    scores: dict[int, Score] = {}
    versions = answers["bank_version"].unique()
    groups = [(versions[0], answers)] if len(versions) == 1 else answers.groupby("bank_version", sort=False)
    for version, rows in groups:
        bank = bank_by_version(session, str(version))
        overall = _tables(rows, bank).overall
        scores.update(
            (int(key), score_of(float(row.score), float(row.coverage), shown_bank(bank)))
            for key, row in overall.iterrows()
        )
    return scores


def score_organisation(*, session: Session, actor: Actor, organisation_id: int) -> Comparison:
    """Each unit's latest answered assessment side by side, with its change since the previous
    round of the same kind (:func:`assessment.rules.change_rounds`).

    Assessments without any answer yet are left out, so a new empty round does not hide
    a unit's last scores; units with no answered assessment do not appear.
    """
    answers = _answers(session, organisation_answers(session, actor, organisation_id))
    answered = set(answers["assessment"])
    rounds: dict[str, list[AssessmentInfo]] = {}
    for info in list_assessments(session=session, actor=actor, organisation_id=organisation_id):
        if _key(info.id) in answered:
            rounds.setdefault(info.unit, []).append(info)
    labels: dict[str, str] = {}
    changes: dict[str, tuple[str, str]] = {}
    compared: list[AssessmentInfo] = []
    for unit, infos in sorted(rounds.items()):
        latest, _before = latest_and_previous(infos)
        labels[_key(latest.id)] = unit
        compared.append(latest)
        if (pair := change_rounds(infos)) is not None:
            changes[unit] = (_key(pair[0].id), _key(pair[1].id))
            compared.extend(pair)
    shared = _shared(session, compared)
    tables = _tables(_on_shared(answers, shared), shared.bank)
    comparison = compare(tables, shown_bank(shared.bank), labels=labels, changes=changes)
    return replace(comparison, versions=_note(shared))


def unit_trend(*, session: Session, actor: Actor, unit_id: int) -> Trend:
    """Every assessment of a unit, oldest first, each with its result; on the questions their
    bank versions share when those differ."""
    get_unit(session=session, actor=actor, unit_id=unit_id)
    infos = sorted(list_assessments(session=session, actor=actor, unit_id=unit_id), key=chronological)
    shared = _shared(session, infos)
    answers = _answers(session, col(Respondent.assessment_id).in_([info.id for info in infos]))
    tables = _tables(_on_shared(answers, shared), shared.bank)
    shown = shown_bank(shared.bank)
    points = tuple(
        TrendPoint(info, assessment_result(tables, _key(info.id), shown, _options(info, shared)))
        for info in infos
    )
    return Trend(points=points, versions=_note(shared))


def _shared(session: Session, infos: Sequence[AssessmentInfo]) -> SharedQuestions:
    """What the banks of ``infos`` share; the most recent assessment's bank is the reference."""
    ordered = sorted(infos, key=chronological)
    if not ordered:
        return SharedQuestions(bank=current_bank(), versions=())
    versions = [
        v for v in dict.fromkeys(info.bank_version for info in ordered) if v != ordered[-1].bank_version
    ]
    versions.append(ordered[-1].bank_version)
    return shared_questions([bank_by_version(session, version) for version in versions])


def _on_shared(answers: pd.DataFrame, shared: SharedQuestions) -> pd.DataFrame:
    """Answers read as answers to the reference version's questions (replaced ids renamed)."""
    if not shared.renames:
        return answers
    renamed = answers.copy()
    for version, renames in shared.renames.items():
        rows = renamed["bank_version"] == version
        renamed.loc[rows, "question"] = renamed.loc[rows, "question"].replace(dict(renames))
    return renamed


def _options(info: AssessmentInfo, shared: SharedQuestions) -> Any:
    """The assessment's targets and focus, less what the shared questions no longer have."""
    options = info.scoring_options()
    if not shared.versions_differ:
        return options
    kept = {question.id for question in shared.bank.questions}
    areas = {area.id for area in shared.bank.areas}
    return replace(
        options,
        question_targets={q: t for q, t in options.question_targets.items() if q in kept},
        area_targets={a: t for a, t in options.area_targets.items() if a in areas},
    )


def _note(shared: SharedQuestions) -> VersionNote:
    return VersionNote(versions=shared.versions, questions_compared=shared.questions)


def _answers(session: Session, condition: Any) -> pd.DataFrame:
    """The answers (engine codes) with each assessment's bank version beside them."""
    answers = answers_frame(session, condition, as_answers=False)
    ids = [int(key) for key in answers["assessment"].unique()]
    versions = dict(
        session.connection()
        .execute(select(Assessment.id, Assessment.bank_version).where(col(Assessment.id).in_(ids)))
        .all()
    )
    answers["bank_version"] = answers["assessment"].map(
        {str(key): version for key, version in versions.items()}
    )
    return answers


def _tables(answers: pd.DataFrame, bank: Bank) -> ScoreTables:
    return score_tables(scorable(answers.drop(columns="bank_version", errors="ignore"), bank), bank)


def _key(assessment_id: int) -> str:
    """The scoring engine's key of a stored assessment."""
    return str(assessment_id)
