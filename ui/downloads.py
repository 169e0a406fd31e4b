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
from questionnaires.i18n import _, current_language, language, lazy_gettext
from reports.comparison import build_comparison_pdf
from reports.context import ComparisonContext, ReportContext
from reports.roadmap import build_roadmap_pdf
from scoring.results import AssessmentResult

CSV_TABLES = {
    "answers": lazy_gettext("answers"),
    "scores": lazy_gettext("scores (areas, steps, pillars)"),
    "backlog": lazy_gettext("backlog"),
    "questions": lazy_gettext("question scores"),
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
    engine: Engine, actor: Actor, info: AssessmentInfo, fmt: str, table: str
) -> Callable[[], bytes]:
    def build() -> bytes:
        with db.session_scope(engine, write=False) as session:
            return exporting.export_assessment(
                session=session, actor=actor, assessment_id=info.id, fmt=fmt, table=table
            )

    return build


def _roadmap(
    engine: Engine, actor: Actor, info: AssessmentInfo, result: AssessmentResult, bank: Bank
) -> Callable[[], bytes]:
    """The PDF roadmap (with the plan's progress on a later round), put in the audit trail once
    built (reports never query, so this says so).

    It is in the assessment's report language: the page's ``result`` and ``bank`` when that is
    the page's language too, else scored again in it. The language is set inside ``build``:
    Streamlit may call it outside the run of the page that offered it."""
    code = info.report_language
    in_page_language = code == current_language()

    def build() -> bytes:
        with language(code), db.session_scope(engine, write=False) as session:
            scored, texts = result, bank
            if not in_page_language:
                scored = services.score_assessment(session=session, actor=actor, assessment_id=info.id)
                texts = services.shown_bank(services.bank_by_version(session, info.bank_version))
            shown, progress = services.review_round(
                session=session, actor=actor, assessment_id=info.id, result=scored
            )
            pdf = build_roadmap_pdf(shown, texts, ReportContext.for_assessment(info), progress)
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
            _("PDF roadmap"),
            f"{stem}.pdf",
            MIME["pdf"],
            _roadmap(engine, actor, info, result, bank),
        ),
        Download(
            "xlsx",
            _("Excel workbook"),
            f"{stem}.xlsx",
            MIME["xlsx"],
            _exporter(engine, actor, info, "xlsx", "answers"),
        ),
        Download(
            "json",
            "JSON",
            f"{stem}.json",
            MIME["json"],
            _exporter(engine, actor, info, "json", "answers"),
        ),
        Download(
            "csv",
            _("CSV: {table}").format(table=CSV_TABLES[csv_table]),
            f"{stem}-{csv_table}.csv",
            MIME["csv"],
            _exporter(engine, actor, info, "csv", csv_table),
        ),
    ]
    return [roadmap, *exports] if exports_data(actor, info) else [roadmap]


def comparison_pdf(
    engine: Engine, actor: Actor, organisation_id: int, organisation: str, code: str
) -> Download:
    """The comparison PDF of an organisation's units (as ``python -m assessment compare``), in
    the language ``code``: scored in that language inside ``build``, which Streamlit may call
    outside the run of the page that offered it."""

    def build() -> bytes:
        with language(code), db.session_scope(engine, write=False) as session:
            comparison = services.score_organisation(
                session=session, actor=actor, organisation_id=organisation_id
            )
            bank = services.shown_bank(services.comparison_bank(session=session, comparison=comparison))
            return build_comparison_pdf(comparison, bank, ComparisonContext(organisation=organisation))

    return Download(
        "pdf",
        _("PDF comparison"),
        f"wayfinder-comparison-{organisation_id}-{code}.pdf",
        MIME["pdf"],
        build,
    )
