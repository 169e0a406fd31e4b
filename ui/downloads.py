"""The files the results page offers, each built only when its button is clicked.

``st.download_button(data=callable)`` runs the callable on a separate thread after the
click, so a builder takes everything it needs up front (the engine, not a session; the
result, not the page) and opens its own short session.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from assessment import db, exporting, services
from assessment.access import Action, Actor, may
from assessment.records import AssessmentInfo
from questionnaires import Bank
from reports.context import ReportContext
from reports.roadmap import build_roadmap_pdf
from scoring.results import AssessmentResult

CSV_TABLES = {
    "answers": "answers",
    "scores": "scores (areas, steps, pillars)",
    "backlog": "backlog",
    "questions": "question scores",
}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Download:
    kind: str
    label: str
    file_name: str
    mime: str
    build: Callable[[], bytes]


def file_stem(info: AssessmentInfo) -> str:
    """A safe file name stem: ``wayfinder-assessment-12-2025-03-01``."""
    return f"wayfinder-assessment-{info.id}-{info.assessed_on.isoformat()}"


def _exporter(
    engine: Engine, actor: Actor, info: AssessmentInfo, bank: Bank, fmt: str, table: str
) -> Callable[[], bytes]:
    def build() -> bytes:
        with db.session_scope(engine, write=False) as session:
            return exporting.export_assessment(
                session=session, actor=actor, assessment_id=info.id, fmt=fmt, table=table, bank=bank
            )

    return build


def _roadmap(
    engine: Engine, actor: Actor, info: AssessmentInfo, result: AssessmentResult, bank: Bank
) -> Callable[[], bytes]:
    """The PDF roadmap, put in the audit trail once built (reports never query, so this says so)."""

    def build() -> bytes:
        pdf = build_roadmap_pdf(result, bank, ReportContext.for_assessment(info))
        with db.session_scope(engine) as session:
            services.record_report(
                session=session, actor=actor, assessment_id=info.id, organisation_id=info.organisation_id
            )
        return pdf

    return build


def person_data(engine: Engine, actor: Actor, token: str) -> Callable[[], bytes]:
    """Everything stored about the holder of ``token`` (a participant, acting as themselves), as JSON."""

    def build() -> bytes:
        with db.session_scope(engine, write=False) as session:
            data = services.person_data(session=session, actor=actor, token=token)
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

    return build


def exports_data(actor: Actor, info: AssessmentInfo) -> bool:
    """Whether ``actor`` is offered the XLSX, JSON and CSV exports (facilitators and owners):
    unlike the PDF, they carry respondents' names and notes. The export service checks again."""
    return may(actor, Action.RUN, info.organisation_id)


def assessment_downloads(
    engine: Engine,
    actor: Actor,
    info: AssessmentInfo,
    result: AssessmentResult,
    bank: Bank,
    *,
    csv_table: str = "answers",
) -> list[Download]:
    """The PDF roadmap; for facilitators also the XLSX workbook (every table a sheet), the JSON
    export and one CSV table, which carry respondents' names and notes."""
    stem = file_stem(info)
    roadmap, *exports = [
        Download(
            "pdf",
            "PDF roadmap",
            f"{stem}.pdf",
            MIME["pdf"],
            _roadmap(engine, actor, info, result, bank),
        ),
        Download(
            "xlsx",
            "Excel workbook",
            f"{stem}.xlsx",
            MIME["xlsx"],
            _exporter(engine, actor, info, bank, "xlsx", "answers"),
        ),
        Download(
            "json",
            "JSON",
            f"{stem}.json",
            MIME["json"],
            _exporter(engine, actor, info, bank, "json", "answers"),
        ),
        Download(
            "csv",
            f"CSV: {CSV_TABLES[csv_table]}",
            f"{stem}-{csv_table}.csv",
            MIME["csv"],
            _exporter(engine, actor, info, bank, "csv", csv_table),
        ),
    ]
    return [roadmap, *exports] if exports_data(actor, info) else [roadmap]
