"""Export one assessment or a whole organisation as CSV, XLSX or JSON.

CSV and XLSX hold tables (answers, scores, backlog …) for people and spreadsheets, written
by :mod:`assessment.file_formats`, which makes every formula-like text cell inert. JSON holds
exact data: an assessment with its scores, or an organisation in the backup format of
:mod:`assessment.backup` (which restores it exactly), plus scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlmodel import Session

from assessment import services
from assessment.access import Action, Actor
from assessment.backup import organisation_backup
from assessment.errors import InvalidInputError
from assessment.file_formats import csv_bytes, json_bytes, json_records, xlsx_bytes
from assessment.records import AssessmentInfo
from assessment.rules import scorable
from assessment.services.audit import record
from assessment.services.live import assessment_for, organisation_for
from questionnaires import Bank
from scoring.engine import assessment_result, score_tables
from scoring.results import AssessmentResult, to_jsonable

FORMATS: tuple[str, ...] = ("csv", "xlsx", "json")
TABLES: tuple[str, ...] = ("answers", "scores", "backlog", "questions")
ASSESSMENT_FORMAT = "wayfinder-assessment"

ANSWER_COLUMNS = ["respondent", "role", "question", "answer", "note"]
SCORE_COLUMNS = ["kind", "id", "name", "score", "index", "level", "level_name", "coverage", "target", "gap"]
BACKLOG_COLUMNS = [
    "rank",
    "horizon",
    "question",
    "area",
    "from_level",
    "to_level",
    "title",
    "description",
    "effort",
    "priority",
    "steps",
    "pillars",
    "depends_on",
    "reason",
]
QUESTION_COLUMNS = [
    "question",
    "area",
    "text",
    "answers",
    "mean",
    "median",
    "minimum",
    "maximum",
    "std",
    "not_applicable",
    "dont_know",
    "agreement",
    "discussion",
    "target",
    "gap",
]
ASSESSMENT_COLUMNS = ["assessment_id", "organisation", "unit", "assessment", "assessed_on", "mode", "status"]


def export_assessment(
    *,
    session: Session,
    actor: Actor,
    assessment_id: int,
    fmt: str,
    table: str = "answers",
) -> bytes:
    """One assessment: CSV (one ``table``), XLSX (every table a sheet) or JSON (answers + result).

    Scores and question texts come from the assessment's own stored bank. Exports carry
    respondents' names and notes: facilitators and owners only.
    """
    _check(fmt, table)
    assessment_for(session, actor, Action.RUN, assessment_id)
    info = services.get_assessment_info(session=session, actor=actor, assessment_id=assessment_id)
    bank = services.bank_by_version(session, info.bank_version)
    record(
        session,
        actor,
        "export",
        "assessment",
        assessment_id,
        organisation_id=info.organisation_id,
        detail=fmt,
    )
    result = services.score_assessment(session=session, actor=actor, assessment_id=assessment_id)
    answers = _answers_with_roles(session, actor, [info])
    if fmt == "json":
        document = {
            "format": ASSESSMENT_FORMAT,
            "format_version": 1,
            "assessment": to_jsonable(info),
            "answers": json_records(answers[ANSWER_COLUMNS]),
            "result": to_jsonable(result),
        }
        return json_bytes(document)
    tables = _assessment_tables(info, result, answers, bank, with_assessment=False)
    return (
        csv_bytes(tables[table]) if fmt == "csv" else xlsx_bytes(("Summary", _summary(info, result)), tables)
    )


def export_organisation(
    *,
    session: Session,
    actor: Actor,
    organisation_id: int,
    fmt: str,
    table: str = "answers",
) -> bytes:
    """Every live assessment of an organisation; JSON is the restorable backup plus each result.

    Each assessment is scored with its own stored bank. Facilitators and owners only, as for
    one assessment.
    """
    _check(fmt, table)
    organisation_for(session, actor, Action.RUN, organisation_id)
    infos = services.list_assessments(session=session, actor=actor, organisation_id=organisation_id)
    action = "backup" if fmt == "json" else "export"
    record(
        session, actor, action, "organisation", organisation_id, organisation_id=organisation_id, detail=fmt
    )
    banks = {info.bank_version: services.bank_by_version(session, info.bank_version) for info in infos}
    results = _results(session, actor, organisation_id, infos, banks)
    if fmt == "json":
        jsonable = {assessment_id: to_jsonable(result) for assessment_id, result in results.items()}
        return json_bytes(
            organisation_backup(
                session=session, actor=actor, organisation_id=organisation_id, results=jsonable
            )
        )
    answers = _answers_with_roles(session, actor, infos)
    per_assessment = [
        _assessment_tables(
            info,
            results[info.id],
            answers[answers["assessment_id"] == info.id],
            banks[info.bank_version],
            True,
        )
        for info in infos
    ]
    tables = {
        name: pd.concat([tables[name] for tables in per_assessment], ignore_index=True)
        if per_assessment
        else pd.DataFrame(columns=ASSESSMENT_COLUMNS)
        for name in TABLES
    }
    if fmt == "csv":
        return csv_bytes(tables[table])
    return xlsx_bytes(("Assessments", _overview(infos, results)), tables)


# --- tables --------------------------------------------------------------------------------


def _check(fmt: str, table: str) -> None:
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise InvalidInputError(f"unknown table '{table}': use one of {', '.join(TABLES)}")


def _answers_with_roles(session: Session, actor: Actor, infos: Sequence[AssessmentInfo]) -> pd.DataFrame:
    frames = []
    for info in infos:
        answers = services.load_answers(session=session, actor=actor, assessment_id=info.id)
        respondents = services.list_respondents(session=session, actor=actor, assessment_id=info.id)
        roles = {respondent.label: respondent.role for respondent in respondents}
        answers.insert(2, "role", answers["respondent"].map(roles).astype(object))
        answers.insert(0, "assessment_id", info.id)
        frames.append(answers.drop(columns="assessment"))
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["assessment_id", *ANSWER_COLUMNS])
    )


def _assessment_tables(
    info: AssessmentInfo, result: AssessmentResult, answers: pd.DataFrame, bank: Bank, with_assessment: bool
) -> dict[str, pd.DataFrame]:
    tables = {
        "answers": answers[ANSWER_COLUMNS].reset_index(drop=True),
        "scores": _scores(result),
        "backlog": _backlog(result),
        "questions": _questions(result, bank),
    }
    if with_assessment:
        for frame in tables.values():
            for position, (column, value) in enumerate(zip(ASSESSMENT_COLUMNS, _identity(info), strict=True)):
                frame.insert(position, column, value)
    return tables


def _identity(info: AssessmentInfo) -> list[Any]:
    """The values of ``ASSESSMENT_COLUMNS``: which assessment a row of a combined table is from."""
    return [
        info.id,
        info.organisation,
        info.unit,
        info.title,
        info.assessed_on.isoformat(),
        info.mode,
        info.status,
    ]


def _scores(result: AssessmentResult) -> pd.DataFrame:
    overall = result.overall
    rows = [
        [
            "overall",
            "overall",
            "Overall",
            overall.value,
            overall.index,
            overall.level,
            overall.level_name,
            overall.coverage,
            None,
            None,
        ]
    ]
    for dimension in (*result.areas, *result.steps, *result.pillars):
        score = dimension.score
        rows.append(
            [
                dimension.kind,
                dimension.id,
                dimension.name,
                score.value,
                score.index,
                score.level,
                score.level_name,
                score.coverage,
                dimension.target,
                dimension.gap,
            ]
        )
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _backlog(result: AssessmentResult) -> pd.DataFrame:
    horizons = {item.key: horizon.name for horizon in result.roadmap.horizons for item in horizon.items}
    rows = [
        [
            item.rank,
            horizons.get(item.key, "unscheduled"),
            item.question_id,
            item.area,
            item.from_level,
            item.to_level,
            item.title,
            item.description,
            item.effort,
            item.priority,
            ", ".join(item.steps),
            ", ".join(item.pillars),
            ", ".join(item.depends_on),
            item.reason,
        ]
        for item in result.backlog
    ]
    return pd.DataFrame(rows, columns=BACKLOG_COLUMNS)


def _questions(result: AssessmentResult, bank: Bank) -> pd.DataFrame:
    rows = [
        [
            q.question_id,
            q.area,
            bank.question(q.question_id).text,
            q.answers,
            q.mean,
            q.median,
            q.minimum,
            q.maximum,
            q.std,
            q.not_applicable,
            q.dont_know,
            q.agreement,
            q.discussion,
            q.target,
            q.gap,
        ]
        for q in result.questions
    ]
    return pd.DataFrame(rows, columns=QUESTION_COLUMNS)


def _summary(info: AssessmentInfo, result: AssessmentResult) -> pd.DataFrame:
    facts = [
        ("Organisation", info.organisation),
        ("Unit", info.unit),
        ("Assessment", info.title),
        ("Assessment id", info.id),
        ("Date", info.assessed_on.isoformat()),
        ("Mode", info.mode),
        ("Status", info.status),
        ("Respondents", result.respondents),
        ("Overall score (1–5)", result.overall.value),
        ("Overall index (0–100)", result.overall.index),
        ("Coverage", result.overall.coverage),
        ("Question bank version", info.bank_version),
        *_flag(info),
    ]
    return pd.DataFrame(facts, columns=["field", "value"])


def _flag(info: AssessmentInfo) -> list[tuple[str, Any]]:
    """The summary row of an assessment whose own bank was not kept (recorded before banks were)."""
    if info.unkept_bank_version is None:
        return []
    return [("Answered with bank version (not kept)", info.unkept_bank_version)]


def _overview(infos: Sequence[AssessmentInfo], results: dict[int, AssessmentResult]) -> pd.DataFrame:
    rows = [
        [*_identity(info), *_headline(results[info.id]), info.bank_version, info.unkept_bank_version]
        for info in infos
    ]
    return pd.DataFrame(
        rows,
        columns=[
            *ASSESSMENT_COLUMNS,
            *("respondents", "overall", "index", "coverage"),
            *("bank_version", "answered_with_unkept_bank"),
        ],
    )


def _headline(result: AssessmentResult) -> list[Any]:
    return [result.respondents, result.overall.value, result.overall.index, result.overall.coverage]


def _results(
    session: Session,
    actor: Actor,
    organisation_id: int,
    infos: Sequence[AssessmentInfo],
    banks: dict[str, Bank],
) -> dict[int, AssessmentResult]:
    """Every assessment's full result, one vectorised scoring pass per bank version."""
    answers = services.load_organisation_answers(
        session=session, actor=actor, organisation_id=organisation_id
    )
    results: dict[int, AssessmentResult] = {}
    for version, bank in banks.items():
        ids = [info for info in infos if info.bank_version == version]
        rows = answers[answers["assessment"].isin([str(info.id) for info in ids])]
        tables = score_tables(scorable(rows, bank), bank)
        results.update(
            (info.id, assessment_result(tables, str(info.id), bank, info.scoring_options())) for info in ids
        )
    return results
