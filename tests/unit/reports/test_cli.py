"""``python -m assessment report`` and ``compare`` on the demo database."""

from __future__ import annotations

import io
import os

import pytest
from sqlmodel import col, select

from assessment.db import create_db_engine, session_scope
from assessment.models import AuditEvent
from cli.main import main
from cli.output import Output
from tests.factories import make_organisation
from tests.unit.reports.reading import page_texts


@pytest.fixture
def demo_database(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", f"sqlite:///{tmp_path / 'reports.db'}")
    assert run("init")[0] == 0


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def test_report_writes_the_roadmap_pdf_of_a_stored_assessment(demo_database, tmp_path):
    target = tmp_path / "roadmap.pdf"
    code, _, err = run("report", 15, "-o", target)

    assert code == 0
    assert f"to {target}" in err
    text = " ".join(page_texts(target.read_bytes()))
    assert "Ministry of Digital Affairs (demo)" in text
    assert "Team workshop 2025" in text


def test_writing_a_report_puts_one_report_row_in_the_audit_trail(demo_database, tmp_path):
    engine = create_db_engine(os.environ["WAYFINDER_DATABASE_URL"])
    with session_scope(engine, write=False) as session:
        before = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "report")).all()

    assert run("report", 15, "-o", tmp_path / "roadmap.pdf")[0] == 0

    with session_scope(engine, write=False) as session:
        after = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "report")).all()
        assert [(e.actor, e.object_kind, e.object_id) for e in after[len(before) :]] == [
            ("local operator", "assessment", 15)
        ]
    engine.dispose()


def test_compare_writes_the_comparison_pdf_of_an_organisation_by_name(demo_database, tmp_path):
    target = tmp_path / "compare.pdf"
    code, _, err = run("compare", "--org", "Ministry of Digital Affairs (demo)", "-o", target)

    assert code == 0
    assert "the comparison of 7 units" in err
    text = " ".join(page_texts(target.read_bytes()))
    assert "Tax Administration" in text and "Change since the previous round" in text


def test_report_and_compare_write_the_pdf_and_their_messages_in_the_language_asked_for(
    demo_database, tmp_path
):
    roadmap, comparison = tmp_path / "feuille.pdf", tmp_path / "vergleich.pdf"
    code, _, err = run("report", 15, "--lang", "fr", "-o", roadmap)
    assert code == 0
    assert "la feuille de route de l'évaluation 15" in err
    french = " ".join(" ".join(page_texts(roadmap.read_bytes())).split())
    assert "Synthèse" in french and "Culture et direction" in french
    assert "Executive summary" not in french

    code, _, err = run(
        "compare", "--org", "Ministry of Digital Affairs (demo)", "--lang", "de", "-o", comparison
    )
    assert code == 0
    assert "den Vergleich von 7 Einheiten" in err
    german = " ".join(" ".join(page_texts(comparison.read_bytes())).split())
    assert "Veränderung seit der letzten Runde" in german and "Kultur und Führung" in german


def test_a_report_without_lang_is_in_the_assessments_report_language(demo_database, tmp_path):
    from assessment import services
    from assessment.access import Actor

    engine = create_db_engine(os.environ["WAYFINDER_DATABASE_URL"])
    with session_scope(engine) as session:
        services.set_report_language(session=session, actor=Actor.operator(), assessment_id=15, language="de")
    engine.dispose()
    target = tmp_path / "bericht.pdf"
    assert run("report", 15, "-o", target)[0] == 0
    assert "Zusammenfassung für die Leitung" in " ".join(page_texts(target.read_bytes()))


def test_an_unknown_language_is_an_error_that_names_the_languages_and_writes_no_file(demo_database, tmp_path):
    target = tmp_path / "out.pdf"
    code, _, err = run("report", 15, "--lang", "xx", "-o", target)
    assert code == 1
    assert "unknown language 'xx': use one of en, de, fr" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("report", 999), "there is no assessment with id 999"),
        (("compare", "--org", "Nowhere"), "there is no organisation called 'Nowhere'"),
    ],
)
def test_an_unknown_assessment_or_organisation_is_an_error_that_writes_no_file(
    demo_database, tmp_path, argv, message
):
    target = tmp_path / "out.pdf"
    code, _, err = run(*argv, "-o", target)
    assert code == 1
    assert message in err
    assert not target.exists()


def test_a_missing_output_folder_is_named_and_nothing_is_written(demo_database, tmp_path):
    code, _, err = run("report", 15, "-o", tmp_path / "missing" / "out.pdf")
    assert code == 1
    assert f"the folder {tmp_path / 'missing'} does not exist" in err
    assert not any(
        path.suffix == ".pdf" or path.name.startswith(".wayfinder-") for path in tmp_path.rglob("*")
    )


def test_an_organisation_without_answers_has_nothing_to_compare(demo_database, tmp_path):
    engine = create_db_engine()
    with session_scope(engine) as session:
        make_organisation(session, name="Empty agency")
    engine.dispose()

    code, _, err = run("compare", "--org", "Empty agency", "-o", tmp_path / "out.pdf")
    assert code == 1
    assert "has no answered assessment to compare yet" in err
