"""Migration 0006 on a database recorded before banks were stored: attach or flag each assessment."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from assessment import services
from assessment.db import create_db_engine, session_scope, upgrade
from assessment.exporting import export_organisation
from assessment.settings import PROJECT_DIR
from reports.context import ReportContext
from reports.roadmap import build_roadmap_pdf
from tests.factories import OPERATOR

from .conftest import BACKENDS

SHIPPED = json.loads((PROJECT_DIR / "migrations" / "versions" / "0006_shipped_bank.json").read_text("utf-8"))
UNKEPT = "0123456789ab"  # a bank version of which no copy exists anywhere


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    create: Callable[[], str] = request.getfixturevalue("postgres_databases")
    return create()


def recorded_before_0006(url: str) -> None:
    """A database at revision 0005 with two assessments: one on the shipped bank, one not."""
    engine = create_db_engine(url)
    upgrade(engine, "0005")
    now = datetime(2025, 3, 1, 12, tzinfo=UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO organisation (id, name, created_at) VALUES (1, 'Old org', :now)"), {"now": now}
        )
        connection.execute(
            text("INSERT INTO unit (id, organisation_id, name, created_at) VALUES (1, 1, 'Finance', :now)"),
            {"now": now},
        )
        for assessment_id, version in ((1, SHIPPED["version"]), (2, UNKEPT)):
            connection.execute(
                text(
                    "INSERT INTO assessment (id, unit_id, title, assessed_on, mode, status, area_targets, "
                    "focus_steps, focus_pillars, bank_version, created_at) "
                    "VALUES (:id, 1, :title, :on, 'self', 'open', '{}', '[]', '[]', :version, :now)"
                ),
                {
                    "id": assessment_id,
                    "title": f"Round {assessment_id}",
                    "on": date(2025, 3, assessment_id),
                    "version": version,
                    "now": now,
                },
            )
            connection.execute(
                text(
                    "INSERT INTO respondent (id, assessment_id, label, role, token, created_at) "
                    "VALUES (:id, :id, 'Ana', '', :token, :now)"
                ),
                {"id": assessment_id, "token": f"token-{assessment_id}", "now": now},
            )
            connection.execute(
                text(
                    "INSERT INTO answer (respondent_id, question_id, value, created_at, updated_at) "
                    "VALUES (:id, 'culture.leadership-mandate', '3', :now, :now)"
                ),
                {"id": assessment_id, "now": now},
            )
    engine.dispose()


def test_upgrading_attaches_assessments_on_the_shipped_bank_and_flags_the_others(url):
    recorded_before_0006(url)
    engine = create_db_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        attached = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=1)
        flagged = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=2)
        versions = services.list_bank_versions(session=session, actor=OPERATOR)
        scores = [
            services.score_assessment(session=session, actor=OPERATOR, assessment_id=i).overall.value
            for i in (1, 2)
        ]
        overview = export_organisation(
            session=session, actor=OPERATOR, organisation_id=1, fmt="csv", table="answers"
        )
        workbook = export_organisation(session=session, actor=OPERATOR, organisation_id=1, fmt="xlsx")
        roadmap = build_roadmap_pdf(
            services.score_assessment(session=session, actor=OPERATOR, assessment_id=2),
            services.bank_by_version(session, flagged.bank_version),
            ReportContext.for_assessment(flagged),
        )
    engine.dispose()

    assert (attached.bank_version, attached.unkept_bank_version) == (SHIPPED["version"], None)
    assert (flagged.bank_version, flagged.unkept_bank_version) == (SHIPPED["version"], UNKEPT)
    shipped = next(info for info in versions if info.version == SHIPPED["version"])
    assert shipped.origin == "shipped"
    assert [(use.title, use.flagged) for use in shipped.assessments] == [
        ("Round 1", False),
        ("Round 2", True),
    ]
    assert scores == [3.0, 3.0]  # both scored with the stored shipped bank
    assert overview  # the answers export still works on the upgraded database
    sheet = pd.read_excel(io.BytesIO(workbook), sheet_name="Assessments")
    assert list(sheet["answered_with_unkept_bank"].fillna("")) == ["", UNKEPT]
    cover = subprocess.run(["pdftotext", "-l", "1", "-", "-"], input=roadmap, capture_output=True).stdout
    assert f"answered on {UNKEPT}, scored with {SHIPPED['version']}" in " ".join(cover.decode().split())
