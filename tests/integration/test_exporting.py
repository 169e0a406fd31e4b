from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from assessment import services
from assessment.backup import organisation_backup
from assessment.db import session_scope
from assessment.errors import ConflictError, InvalidInputError
from assessment.exporting import export_assessment, export_organisation
from assessment.file_formats import neutralise
from assessment.importing import import_file
from assessment.restore import restore_organisation
from tests.factories import OPERATOR, make_assessment, make_organisation, make_respondent, make_unit

DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.fixture
def organisation_id(sqlite_engine) -> int:
    """An organisation with nested units, a self-assessment and a closed workshop with notes."""
    with session_scope(sqlite_engine) as session:
        organisation = make_organisation(session, name="Agence du numérique — Zürich")
        finance = make_unit(session, organisation.id, name="Finance")
        payroll = make_unit(session, organisation.id, name="Paie & salaires", parent_id=finance.id)
        make_unit(session, organisation.id, name="Empty unit")
        first = make_assessment(
            session,
            finance.id,
            title="Self 2024",
            assessed_on=date(2024, 3, 1),
            area_targets={"devops": 4.5},
        )
        ada = make_respondent(session, first.id, "Ada Øberg", role="CIO")
        services.save_answers(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            answers={"culture.q1": 2, "culture.q2": "na", "devops.q1": "dont_know", "skills.q3": 5},
            notes={"culture.q1": "Voir le rapport d’audit — §3", "skills.q3": DANGEROUS[0]},
        )
        workshop = make_assessment(
            session,
            payroll.id,
            title="Workshop 2025",
            mode="workshop",
            assessed_on=date(2025, 3, 1),
            focus_steps=["product-backlog"],
        )
        for label, level in (("Sam", 1), ("", 4), ("@Kim", 5)):
            person = services.join_workshop(
                client="test-client", session=session, join_code=workshop.join_code, label=label
            )
            services.save_answers(
                actor=OPERATOR,
                session=session,
                respondent_id=person.id,
                answers={"culture.q1": level, "devops.q2": 3},
            )
        services.close_assessment(actor=OPERATOR, session=session, assessment_id=workshop.id)
        return organisation.id


def test_neutralise_quotes_exactly_the_cells_a_spreadsheet_would_run():
    assert [neutralise(value) for value in DANGEROUS] == [f"'{value}" for value in DANGEROUS]
    assert [neutralise(value) for value in ("Ada", "3", 3, -2, None, "a=b")] == [
        "Ada",
        "3",
        3,
        -2,
        None,
        "a=b",
    ]


def test_a_csv_export_neutralises_every_dangerous_cell(sqlite_engine):
    with session_scope(sqlite_engine) as session:
        info = make_assessment(session)
        for index, text in enumerate(DANGEROUS[:4]):  # tab and CR at the start are stripped on input
            person = make_respondent(session, info.id, f"{text} {index}")
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=person.id,
                question_id="culture.q1",
                answer=3,
                note=text,
            )
        data = export_assessment(actor=OPERATOR, session=session, assessment_id=info.id, fmt="csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["note"] for row in rows] == [f"'{text}" for text in DANGEROUS[:4]]
    assert all(row["respondent"].startswith("'") for row in rows)


def test_an_xlsx_export_stores_dangerous_text_as_quoted_text_never_as_formulas(
    sqlite_engine, organisation_id
):
    with session_scope(sqlite_engine, write=False) as session:
        data = export_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation_id, fmt="xlsx"
        )
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Assessments", "Answers", "Scores", "Backlog", "Questions"]
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert f"'{DANGEROUS[0]}" in texts and "'@Kim" in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@"))]


def test_an_assessment_exports_its_answers_scores_and_backlog(sqlite_engine, organisation_id):
    with session_scope(sqlite_engine, write=False) as session:
        info = services.list_assessments(actor=OPERATOR, session=session, organisation_id=organisation_id)[0]
        document = json.loads(
            export_assessment(actor=OPERATOR, session=session, assessment_id=info.id, fmt="json")
        )
        scores = export_assessment(
            actor=OPERATOR, session=session, assessment_id=info.id, fmt="csv", table="scores"
        )
        backlog = export_assessment(
            actor=OPERATOR, session=session, assessment_id=info.id, fmt="csv", table="backlog"
        )
    assert document["assessment"]["title"] == "Self 2024"
    assert {(a["question"], a["answer"]) for a in document["answers"]} == {
        ("culture.q1", 2),
        ("culture.q2", "na"),
        ("devops.q1", "dont_know"),
        ("skills.q3", 5),
    }
    notes = {a["question"]: a["note"] for a in document["answers"]}
    assert notes["skills.q3"] == DANGEROUS[0]  # JSON is data, not a spreadsheet
    assert document["result"]["overall"]["value"] is not None
    score_rows = list(csv.DictReader(io.StringIO(scores.decode("utf-8-sig"))))
    assert score_rows[0]["kind"] == "overall"
    assert {row["kind"] for row in score_rows} == {"overall", "area", "step", "pillar"}
    assert next(row for row in score_rows if row["id"] == "devops")["target"] == "4.5"
    backlog_rows = list(csv.DictReader(io.StringIO(backlog.decode("utf-8-sig"))))
    assert backlog_rows and backlog_rows[0]["rank"] == "1"
    assert {row["horizon"] for row in backlog_rows} <= {"Now", "Next", "Later", "unscheduled"}


def test_an_organisation_csv_names_each_rows_assessment(sqlite_engine, organisation_id):
    with session_scope(sqlite_engine, write=False) as session:
        data = export_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation_id, fmt="csv"
        )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 4 + 3 * 2
    assert {row["unit"] for row in rows} == {"Finance", "Finance / Paie & salaires"}
    assert {row["assessment"] for row in rows} == {"Self 2024", "Workshop 2025"}


def test_an_exported_answers_csv_imports_back_to_the_same_answers(sqlite_engine, organisation_id, tmp_path):
    with session_scope(sqlite_engine) as session:
        info = services.list_assessments(actor=OPERATOR, session=session, organisation_id=organisation_id)[1]
        path = tmp_path / "workshop.csv"
        path.write_bytes(export_assessment(actor=OPERATOR, session=session, assessment_id=info.id, fmt="csv"))
        imported = import_file(
            actor=OPERATOR, session=session, path=path, organisation="Copy", unit="Payroll"
        )
        before = services.load_answers(actor=OPERATOR, session=session, assessment_id=info.id)
        after = services.load_answers(actor=OPERATOR, session=session, assessment_id=imported.assessment.id)
    columns = ["respondent", "question", "answer", "note"]
    assert after[columns].fillna("").values.tolist() == before[columns].fillna("").values.tolist()


@pytest.mark.parametrize(
    ("fmt", "table", "message"), [("pdf", "answers", "format 'pdf'"), ("csv", "x", "table 'x'")]
)
def test_unknown_formats_and_tables_are_refused(sqlite_engine, fmt, table, message):
    with session_scope(sqlite_engine) as session:
        info = make_assessment(session)
        with pytest.raises(InvalidInputError, match=message):
            export_assessment(actor=OPERATOR, session=session, assessment_id=info.id, fmt=fmt, table=table)


def without_volatile(document: dict) -> dict:
    """The backup minus its export time and the scores written beside each assessment."""
    text = json.dumps(document)
    data = json.loads(text)
    data.pop("exported_at")

    def strip(units: list[dict]) -> None:
        for unit in units:
            for assessment in unit["assessments"]:
                assessment.pop("result", None)
            strip(unit["units"])

    strip(data["organisation"]["units"])
    return data


def test_a_json_export_restores_exactly_on_every_backend(sqlite_engine, organisation_id, engine):
    with session_scope(sqlite_engine, write=False) as session:
        exported = json.loads(
            export_organisation(actor=OPERATOR, session=session, organisation_id=organisation_id, fmt="json")
        )
    with session_scope(engine) as session:
        restored = restore_organisation(actor=OPERATOR, session=session, data=exported)
    with session_scope(engine, write=False) as session:
        again = organisation_backup(actor=OPERATOR, session=session, organisation_id=restored.organisation.id)
        tokens = {r.token for a in services.list_assessments(actor=OPERATOR, session=session) for r in
                  services.list_respondents(actor=OPERATOR, session=session, assessment_id=a.id)}  # fmt: skip
    assert without_volatile(again) == without_volatile(exported)
    assert (restored.units, restored.assessments, restored.respondents, restored.answers) == (3, 2, 4, 10)
    assert restored.replaced_secrets == 0
    assert len(tokens) == 4


def test_restoring_next_to_the_original_replaces_secrets_already_in_use(sqlite_engine, organisation_id):
    with session_scope(sqlite_engine) as session:
        backup = organisation_backup(actor=OPERATOR, session=session, organisation_id=organisation_id)
        with pytest.raises(ConflictError, match="already exists here"):
            restore_organisation(actor=OPERATOR, session=session, data=backup)
        name = backup["organisation"]["name"]
        services.delete_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation_id, confirm=name
        )
        result = restore_organisation(actor=OPERATOR, session=session, data=backup)
    assert result.replaced_secrets == 5  # four respondent tokens and the workshop's join code
    assert result.answers == 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something"), "not a Wayfinder organisation backup"),
        (lambda d: d["organisation"].update(name=""), "organisation.name"),
        (
            lambda d: d["organisation"]["units"][1]["assessments"][0]["respondents"][0]["answers"][0].update(
                answer=7
            ),
            "organisation.units.1.assessments.0.respondents.0.answers.0.answer",
        ),
        (
            lambda d: d["organisation"]["units"][1]["assessments"][0]["respondents"][0].update(
                created_at="2025-01-01T10:00:00"
            ),
            "timezone",
        ),
    ],
)
def test_a_damaged_backup_is_refused_with_where_it_is_damaged(
    sqlite_engine, organisation_id, change, message
):
    with session_scope(sqlite_engine) as session:
        backup = organisation_backup(actor=OPERATOR, session=session, organisation_id=organisation_id)
        change(backup)
        with pytest.raises(InvalidInputError, match=message):
            restore_organisation(actor=OPERATOR, session=session, data=backup)
