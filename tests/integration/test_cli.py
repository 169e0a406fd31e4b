from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assessment.db import create_db_engine, head_revision, upgrade
from cli.main import main
from cli.output import Output


@pytest.fixture
def database(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", url)
    return url


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def test_init_creates_the_schema_and_the_demo_once(database):
    code, _, err = run("init")
    assert code == 0
    assert "created the database schema" in err and "added the demo organisation" in err
    code, _, err = run("init")
    assert code == 0 and "added the demo" not in err and "created" not in err
    _, out, _ = run("list")
    assert out.count("Ministry of Digital Affairs (demo)") == 1


def test_init_without_demo_leaves_an_empty_database(database):
    assert run("init", "--no-demo")[0] == 0
    code, out, err = run("list")
    assert (code, out) == (0, "") and "no organisations yet" in err


def test_init_upgrades_an_old_database_and_says_so(database):
    engine = create_db_engine(database)
    upgrade(engine, "0001")
    engine.dispose()
    code, _, err = run("init", "--no-demo")
    assert (
        code == 0
        and f"upgraded the database schema from revision 0001 to {head_revision()}; data kept" in err
    )


def test_demo_prints_the_organisation_id_and_is_idempotent(database):
    code, out, _ = run("demo")
    assert (code, out) == (0, "1\n")
    code, out, err = run("demo")
    assert (code, out) == (0, "1\n") and "already exists" in err


def test_import_prints_the_new_assessment_id_and_score_and_export_use_it(database, tmp_path):
    source = tmp_path / "answers.csv"
    source.write_text("respondent;question;answer\nAda;culture.q1;2\nAda;devops.q1;Managed\n", "utf-8")
    code, out, err = run("import", source, "--org", "Ministry", "--unit", "Finance", "--title", "Spring")
    assert code == 0, err
    assessment_id = out.strip()
    assert "imported 2 answers of 1 respondent(s) (long layout)" in err

    code, out, _ = run("score", assessment_id, "--json")
    result = json.loads(out)
    assert code == 0 and result["assessment_id"] == assessment_id and result["respondents"] == 1
    assert next(a for a in result["areas"] if a["id"] == "devops")["score"]["value"] == 4.0

    code, out, _ = run("score", assessment_id)
    assert code == 0 and out.startswith("Ministry / Finance — Spring")

    target = tmp_path / "out.xlsx"
    code, _, err = run("export", assessment_id, "--format", "xlsx", "-o", target)
    assert code == 0 and target.stat().st_size > 0 and "wrote assessment" in err

    code, out, _ = run("list")
    assert f"#{assessment_id}" in out and "Spring" in out and "overall 3.00 (Defined" in out


def test_a_bad_import_lists_every_problem_and_exits_non_zero(database, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("respondent,question,answer\nAda,culture.q1,7\nAda,nope.q1,3\n", "utf-8")
    code, out, err = run("import", source, "--org", "Ministry", "--unit", "Finance")
    assert code == 1 and out == ""
    assert "bad.csv cannot be imported (2 problem(s); nothing was saved)" in err
    assert "row 2, column C 'answer'" in err and "row 3, column B 'question'" in err
    assert run("list")[1] == ""


def test_importing_responses_needs_the_organisation_and_unit(database, tmp_path):
    source = tmp_path / "a.csv"
    source.write_text("respondent,question,answer\nAda,culture.q1,3\n", "utf-8")
    code, _, err = run("import", source, "--unit", "Finance")
    assert code == 2 and "needs --org" in err


def test_an_organisation_exported_as_json_restores_into_another_database(database, tmp_path, monkeypatch):
    run("demo")
    backup = tmp_path / "backup.json"
    assert (
        run("export", "--org", "ministry of digital affairs (demo)", "--format", "json", "-o", backup)[0] == 0
    )
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", f"sqlite:///{tmp_path / 'moved.db'}")
    code, out, err = run("import", backup)
    assert (code, out) == (0, "1\n") and "restored organisation" in err and "15 assessments" in err
    code, _, err = run("import", backup, "--org", "X")
    assert code == 2 and "leave out --org" in err
    code, _, err = run("import", backup)
    assert code == 1 and "already exists here" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("score", "999"), "there is no assessment with id 999"),
        (("export", "999", "--format", "csv", "-o", "x.csv"), "there is no assessment with id 999"),
        (("export", "--org", "Nobody", "--format", "csv", "-o", "x.csv"), "no organisation called 'Nobody'"),
        (("score",), "give the id of the assessment"),
    ],
)
def test_unknown_ids_and_names_give_a_clear_error(database, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*argv)
    assert code in (1, 2) and out == "" and message in err
    assert not Path("x.csv").exists()


def test_an_unreachable_database_is_an_error_not_a_traceback(monkeypatch):
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/wayfinder")
    code, _, err = run("list")
    assert code == 1 and err.startswith(
        "error: cannot use the database postgresql+psycopg://nobody@127.0.0.1:1"
    )


def test_a_malformed_database_url_is_an_error(monkeypatch):
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", "not a url")
    code, _, err = run("list")
    assert code == 1 and "WAYFINDER_DATABASE_URL is not a usable database URL" in err


def test_members_are_added_listed_changed_and_removed_from_the_command_line(database):
    run("init")
    organisation = "Ministry of Digital Affairs (demo)"
    assert run("members", "add", "Alice@Example.org", "--org", organisation, "--role", "owner")[0] == 0
    assert run("members", "add", "bob@example.org", "--org", organisation, "--role", "viewer")[0] == 0
    code, out, _ = run("members", "add", "bob@example.org", "--org", organisation, "--role", "facilitator")
    assert code == 0
    code, out, _ = run("members", "list", "--org", organisation)
    assert (code, out) == (0, "alice@example.org\towner\nbob@example.org\tfacilitator\n")
    code, _, err = run("members", "remove", "alice@example.org", "--org", organisation)
    assert code == 1 and "last owner" in err
    assert run("members", "remove", "bob@example.org", "--org", organisation)[0] == 0
    assert run("members", "list", "--org", organisation)[1] == "alice@example.org\towner\n"


def test_instance_admins_from_the_command_line_and_the_environment(database, monkeypatch):
    run("init", "--no-demo")
    monkeypatch.setenv("WAYFINDER_ADMINS", "boss@example.org")
    assert run("members", "add", "chief@example.org", "--admin")[0] == 0
    assert run("members", "list", "--admin")[1] == "boss@example.org\nchief@example.org\n"
    code, _, err = run("members", "remove", "boss@example.org", "--admin")
    assert code == 1 and "WAYFINDER_ADMINS" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["members", "add", "x@example.org", "--role", "viewer"], "either --org NAME"),
        (["members", "add", "x@example.org", "--org", "Somewhere"], "--role"),
        (["members", "list", "--org", "Somewhere", "--admin"], "either --org NAME"),
    ],
)
def test_members_usage_mistakes_say_what_to_give(database, argv, message):
    code, _, err = run(*argv)
    assert code == 2 and message in err


def test_a_bad_address_or_an_unknown_organisation_is_a_clear_error(database):
    run("init")
    code, _, err = run("members", "add", "not-an-address", "--org", "1", "--role", "viewer")
    assert code == 1 and "email" in err
    code, _, err = run("members", "list", "--org", "Nowhere")
    assert code == 1 and "no organisation called 'Nowhere'" in err


def test_delete_says_what_goes_and_needs_the_exact_name_then_restore_and_purge(database):
    run("init")
    _, out, _ = run("list", "--json")
    assessment = next(a for unit in json.loads(out)[0]["units"] for a in unit["assessments"])
    target = str(assessment["id"])
    code, _, err = run("delete", "assessment", target)
    assert (
        code == 2 and f"--confirm '{assessment['title']}'" in err and "respondents, answers and notes" in err
    )
    code, _, err = run("delete", "assessment", target, "--confirm", "wrong")
    assert code == 1 and "exact name" in err
    assert run("delete", "assessment", target, "--confirm", assessment["title"])[0] == 0
    assert run("restore", "assessment", target)[0] == 0
    assert run("delete", "assessment", target, "--confirm", assessment["title"])[0] == 0
    code, _, err = run("purge")
    assert code == 0 and "0 assessment(s)" in err  # its 30 days of retention are not over
    code, _, err = run("purge", "--older-than", "0")
    assert code == 0 and "1 assessment(s)" in err
    code, _, err = run("restore", "assessment", target)
    assert code == 1 and "no deleted assessment" in err


def test_export_person_gives_everything_stored_about_them_as_json(database, tmp_path):
    run("init", "--no-demo")
    run("members", "add", "boss@example.org", "--admin")
    target = tmp_path / "person.json"
    code, _, err = run("export-person", "boss@example.org", "-o", target)
    data = json.loads(target.read_text("utf-8"))
    assert code == 0 and data["email"] == "boss@example.org" and data["memberships"] == []
    code, _, err = run("export-person", "not-a-token")
    assert code == 1 and "not valid" in err
