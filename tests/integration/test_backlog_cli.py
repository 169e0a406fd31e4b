"""``python -m assessment backlog export/import`` and the roadmap PDF's progress page, end to end
on a SQLite file: export for Jira, move issues as Jira's own export shows them, import them back."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from assessment import services
from assessment.db import create_db_engine, session_scope, upgrade
from assessment.records import ItemEdit
from cli.main import main
from cli.output import Output
from tests.factories import OPERATOR, make_answered_assessment

FIRST = {"Lead": {"culture.q1": 2, "devops.q1": 3}}
SECOND = {"Lead": {"culture.q1": 3, "devops.q1": 3}}


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def unit(monkeypatch, tmp_path) -> tuple[str, int]:
    """A unit whose first round's backlog is its plan: (database URL, unit id)."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", url)
    engine = create_db_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        made = make_answered_assessment(session, FIRST, title="First round", assessed_on=date(2025, 3, 1))
        services.adopt_backlog(session=session, actor=OPERATOR, assessment_id=made.assessment.id)
    engine.dispose()
    return url, made.unit_id


def statuses(url: str, unit_id: int) -> dict[str, str]:
    engine = create_db_engine(url)
    with session_scope(engine, write=False) as session:
        plan = services.get_plan(session=session, actor=OPERATOR, unit_id=unit_id)
    engine.dispose()
    return {item.key: item.status for item in plan.items}


def as_jira_exports_it(exported: Path, moved: dict[str, str]) -> bytes:
    """Jira's "Export CSV (all fields)" of the imported issues, some of them moved on."""
    rows = list(csv.reader(io.StringIO(exported.read_text("utf-8"))))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Issue key", "Summary", "Status", "Resolution", "Labels", "Labels", "Labels"])
    for number, row in enumerate(rows[1:], start=1):
        key = row[7].removeprefix("wayfinder-")
        writer.writerow([f"DT-{number}", row[0], moved.get(key, "To Do"), "", *row[6:9]])
    return buffer.getvalue().encode("utf-8-sig")


def test_export_then_import_from_jiras_own_export_updates_exactly_the_moved_items(unit, tmp_path):
    url, unit_id = unit
    exported = tmp_path / "plan.csv"
    code, _, err = run("backlog", "export", unit_id, "--format", "jira", "-o", exported)
    assert code == 0 and "3 item(s), jira" in err
    assert next(csv.reader(io.StringIO(exported.read_text("utf-8"))))[:2] == ["Summary", "Issue Type"]
    back = tmp_path / "jira-export.csv"
    back.write_bytes(as_jira_exports_it(exported, {"culture.q1@3": "Done", "devops.q1@4": "In Progress"}))
    code, out, err = run("backlog", "import", unit_id, back)
    assert code == 0 and "2 status(es) changed" in err
    assert sorted(out.split()) == ["culture.q1@3", "devops.q1@4"]
    assert statuses(url, unit_id) == {
        "culture.q1@3": "done",
        "culture.q1@4": "planned",
        "devops.q1@4": "in progress",
    }


def test_a_malformed_export_is_refused_row_by_row_and_changes_nothing(unit, tmp_path):
    url, unit_id = unit
    exported = tmp_path / "plan.csv"
    run("backlog", "export", unit_id, "--format", "jira", "-o", exported)
    text = as_jira_exports_it(exported, {"culture.q1@3": "Done"}).decode("utf-8-sig")
    broken = tmp_path / "broken.csv"
    broken.write_text(text.replace("wayfinder-devops.q1@4", "unrelated") + "DT-9,Extra,Done,,,,\n", "utf-8")
    code, out, err = run("backlog", "import", unit_id, broken)
    assert code == 1 and out == ""
    assert "row 4: no 'wayfinder-…' label" in err and "row 5: no 'wayfinder-…' label" in err
    assert "nothing was changed" in err
    assert set(statuses(url, unit_id).values()) == {"planned"}


@pytest.mark.parametrize("fmt", ["azure-devops", "github", "xlsx"])
def test_every_other_format_is_written(unit, tmp_path, fmt):
    _, unit_id = unit
    target = tmp_path / f"plan.{fmt}"
    assert run("backlog", "export", unit_id, "--format", fmt, "-o", target)[0] == 0
    assert target.stat().st_size > 0


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_second_rounds_roadmap_pdf_shows_progress_per_done_item(unit, tmp_path):
    url, unit_id = unit
    engine = create_db_engine(url)
    with session_scope(engine) as session:
        plan = services.get_plan(session=session, actor=OPERATOR, unit_id=unit_id)
        edits = [
            ItemEdit(i.id, i.version, i.owner, status, i.due_on, i.acceptance, i.notes)
            for i, status in zip(plan.items, ("done", "in progress", "done"), strict=True)
        ]
        services.save_plan_items(session=session, actor=OPERATOR, unit_id=unit_id, edits=edits)
        second = make_answered_assessment(session, SECOND, unit_id=unit_id, assessed_on=date(2025, 9, 1))
    engine.dispose()
    pdf = tmp_path / "second.pdf"
    assert run("report", second.assessment.id, "-o", pdf)[0] == 0
    text = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    page = next(page for page in text.split("\f") if "Progress since last round" in page)
    assert "2 plan items are done since they were adopted" in page
    culture = next(line for line in page.splitlines() if "Lift culture.q1 to 3" in line)
    devops = next(line for line in page.splitlines() if "Lift devops.q1 to 4" in line)
    assert "2.0" in culture and "3.0" in culture and "+1.0" in culture and "moved" in culture
    assert "±0.0" in devops and "discuss" in devops
    assert "Left out of this backlog, already in progress in the plan (1): Lift culture.q1 to 4" in " ".join(
        page.split()
    )
