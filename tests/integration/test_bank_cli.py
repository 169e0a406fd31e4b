"""``bank --adopt PATH --org NAME`` and ``bank --versions`` (#14), against a SQLite file."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlmodel import select

from assessment import services
from assessment.db import create_db_engine, session_scope
from assessment.models import Organisation, StoredBank
from cli.main import main
from cli.output import Output
from tests.factories import OPERATOR, make_answered_assessment, make_assessment, make_organisation, make_unit

from .test_bank_versions import three_versions


@pytest.fixture
def database(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", url)
    assert run("init", "--no-demo")[0] == 0
    with session_scope(create_db_engine(url)) as session:
        make_organisation(session, name="Tailors")
    return url


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def tailored_dir(bank_dir: Path, tmp_path: Path, weight: float) -> Path:
    directory = Path(shutil.copytree(bank_dir, tmp_path / f"tailored-{weight}"))
    path = directory / "areas" / "culture.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["questions"][0]["weight"] = weight
    path.write_text(yaml.safe_dump(data), "utf-8")
    return directory


def as_zip(directory: Path) -> Path:
    target = directory.with_suffix(".zip")
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(directory.rglob("*.yaml")):
            archive.write(file, str(file.relative_to(directory)))
    return target


def state(url: str) -> tuple[list[str], str | None]:
    with session_scope(create_db_engine(url), write=False) as session:
        versions = sorted(session.exec(select(StoredBank.version)).all())
        adopted = session.exec(select(Organisation.adopted_bank)).one()
    return versions, adopted


def test_a_malformed_bank_is_refused_from_the_command_line_with_every_problem(database, bank_dir, tmp_path):
    before = state(database)
    code, _, err = run("bank", "--adopt", as_zip(tailored_dir(bank_dir, tmp_path, 9)), "--org", "Tailors")
    assert code == 1
    assert "areas/culture.yaml: question 'culture.q1': weight: Input should be less than or equal to 5" in err
    assert state(database) == before


def test_a_good_bank_is_shown_as_a_diff_then_adopted_and_used_by_new_assessments(
    database, bank_dir, tmp_path
):
    path = as_zip(tailored_dir(bank_dir, tmp_path, 3))
    code, out, err = run("bank", "--adopt", path, "--org", "Tailors", "--dry-run")
    assert code == 0 and "questions re-weighted (1): culture.q1 (1 → 3)" in out
    assert state(database)[1] is None  # a dry run adopts nothing

    code, out, err = run("bank", "--adopt", path, "--org", "Tailors")
    assert code == 0 and "'Tailors' adopted bank" in err
    adopted = state(database)[1]
    assert adopted is not None
    with session_scope(create_db_engine(database)) as session:
        organisation = services.find_organisation(session=session, actor=OPERATOR, name="Tailors")
        assert make_assessment(session, organisation_id=organisation.id).bank_version == adopted

    code, out, _ = run("bank", "--versions")
    line = next(line for line in out.splitlines() if line.startswith(adopted))
    assert code == 0 and "1 assessment(s)" in line and "tailored, adopted by Tailors" in line


def test_adopting_needs_the_organisation(database, bank_dir, tmp_path):
    code, _, err = run("bank", "--adopt", tailored_dir(bank_dir, tmp_path, 3))
    assert code == 2 and "--adopt needs --org NAME" in err


def test_compare_with_a_unit_adds_its_trend_across_bank_versions_to_the_pdf(database, bank_dir, tmp_path):
    v1, v2, v3 = three_versions(bank_dir, tmp_path)
    with session_scope(create_db_engine(database)) as session:
        organisation = services.find_organisation(session=session, actor=OPERATOR, name="Tailors")
        unit = make_unit(session, organisation.id, name="Finance")
        for number, bank in enumerate((v1, v2, v3), start=1):
            make_answered_assessment(
                session,
                {"Ana": {question.id: number for question in bank.questions}},
                unit_id=unit.id,
                title=f"Round {number}",
                assessed_on=date(2024 + number, 3, 1),
                bank=bank,
            )
    pdf = tmp_path / "compare.pdf"
    code, _, err = run("compare", "--org", "Tailors", "--unit", "Finance", "-o", pdf)
    assert code == 0, err
    words = " ".join(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split())
    assert "Finance over time" in words
    assert "scores compared on the 14 questions they share" in words
