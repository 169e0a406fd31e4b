"""Columns that match no question: the closest proposed, a mapping file applied and remembered per
organisation and form, the respondent taken from the right column, and a bad file that writes nothing."""

from __future__ import annotations

import io
import json

import pytest

from assessment import services
from assessment.db import session_scope
from assessment.errors import PermissionDeniedError
from assessment.importing import ImportFileError, import_file, read_mapping, read_responses
from cli.main import main
from cli.output import Output
from tests.factories import OPERATOR, make_organisation, make_person

# A Google Forms export of a form whose questions were reworded. The test bank's questions differ
# by one digit ("practice 1 of devops", "practice 2 of devops"), so a reworded one is close to
# several: it is only proposed, never applied on its own.
REWORDED = (
    "Timestamp,Email Address,How far along is practice 1 of culture,"
    "How far has practice 2 of devops come along?,Practice three in skills: where do you stand?,Department\n"
    "2025/03/01 10:00:11 AM GMT+1,ada@example.org,3 - Defined,N/A,Managed (4),Finance\n"
    "2025/03/01 10:05:40 AM GMT+1,bob@example.org,2,Don't know,1,IT\n"
)
MAPPING = {
    "How far has practice 2 of devops come along?": "devops.q2",
    "Practice three in skills: where do you stand?": "skills.q3",
    "Department": "skip",
}


@pytest.fixture
def database(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", url)
    return url


def run(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], Output(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def test_columns_match_by_text_and_close_text_and_the_rest_are_listed_with_the_closest_question(bank):
    with pytest.raises(ImportFileError) as raised:
        read_responses(REWORDED.encode(), filename="form.csv", bank=bank)
    plan = raised.value.plan
    used = {column.header: (column.use, column.question_id, column.how) for column in plan.columns}
    assert used["How far along is practice 1 of culture"] == ("question", "culture.q1", "text")
    assert used["How far has practice 2 of devops come along?"] == ("unmatched", "devops.q2", "close")
    assert used["Department"] == ("unmatched", None, "")
    devops = next(c for c in plan.columns if c.question_id == "devops.q2")
    assert 0.8 <= devops.confidence < 0.9
    assert [str(p) for p in raised.value.problems] == [
        "row 1, column D 'How far has practice 2 of devops come along?': 'How far has practice 2 of devops "
        "come along?' is neither a question id nor a question text of the bank (closest: 'devops.q2', "
        f"{devops.confidence:.0%} alike: map the column to confirm)",
        "row 1, column E 'Practice three in skills: where do you stand?': 'Practice three in skills: "
        "where do you stand?' is neither a question id nor a question text of the bank",
        "row 1, column F 'Department': 'Department' is neither a question id nor a question text of the bank",
    ]


def test_the_command_line_lists_unmatched_columns_then_imports_with_a_mapping_it_remembers(
    database, tmp_path
):
    export = tmp_path / "Maturity survey.csv"
    export.write_text(REWORDED, "utf-8")
    code, out, err = run("import", export, "--org", "Ministry", "--unit", "Finance")
    assert code == 1 and out == ""
    assert "3 column(s) match no question of the bank:" in err
    assert "  column D 'How far has practice 2 of devops come along?' (closest: devops.q2, 8" in err
    assert "  column E 'Practice three in skills: where do you stand?'\n" in err
    assert "  column F 'Department'\n" in err
    assert (
        '"How far has practice 2 of devops come along?": "devops.q2"' in err and '"Department": "skip"' in err
    )
    assert run("list")[1] == ""

    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(MAPPING), "utf-8")
    code, out, err = run("import", export, "--org", "Ministry", "--unit", "Finance", "--mapping", mapping)
    assert code == 0, err
    assert "read a Google Forms export; respondents from column B 'Email Address'" in err
    assert "columns mapped by the mapping file" in err
    assert "skipped columns without answers: Timestamp, Department" in err
    assert "imported 6 answers of 2 respondent(s) (wide layout)" in err

    # The next export of the same form, in another unit: the mapping is remembered.
    code, _, err = run("import", export, "--org", "ministry", "--unit", "Payroll")
    assert code == 0, err
    assert "columns mapped by the mapping saved for this form" in err
    # Another organisation has its own mappings.
    code, _, err = run("import", export, "--org", "Agency", "--unit", "Finance")
    assert code == 1 and "3 column(s) match no question" in err


def test_a_mapping_file_with_mistakes_lists_every_one(bank, tmp_path):
    with pytest.raises(ImportFileError) as raised:
        read_mapping(b'{"A": "culture.q11", "B": "skip", "C": 3, "D": "Role"}', filename="m.json", bank=bank)
    assert [str(p) for p in raised.value.problems] == [
        "column 'A': 'culture.q11' is not a question id of the bank, nor skip, respondent or role "
        "(did you mean 'culture.q1'?)",
        "column 'C': 3 is not a question id of the bank, nor skip, respondent or role",
    ]
    for content, message in (
        (b"{not json", "is not valid JSON"),
        (b'["skip"]', "a mapping is a JSON object"),
    ):
        with pytest.raises(ImportFileError, match=message):
            read_mapping(content, filename="m.json", bank=bank)
    assert read_mapping(b'{"D": " Respondent "}', filename="m.json", bank=bank) == {"D": "respondent"}


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        # a named respondent column beats the e-mail address
        ("Participant,Email address,culture.q1", ["P-1,a@x.org,3", "P-2,b@x.org,4"], ["P-1", "P-2"]),
        # the e-mail address, when every row has one
        ("Timestamp,Email,culture.q1", ["t,a@x.org,3", "t,b@x.org,4"], ["a@x.org", "b@x.org"]),
        # "anonymous" is nobody: Microsoft Forms' ID instead
        ("ID,Email,Name,culture.q1", ["1,anonymous,,3", "2,anonymous,,4"], ["Response 1", "Response 2"]),
        # a name column when an address is missing
        ("Email,Full name,culture.q1", ["a@x.org,Ada L,3", ",Bob M,4"], ["Ada L", "Bob M"]),
        # nothing at all: the row order, never the first answer column
        ("Timestamp,culture.q1,culture.q2", ["t,3,4", "t,3,2"], ["Respondent 1", "Respondent 2"]),
    ],
)
def test_the_respondent_comes_from_the_best_column_there_is(bank, header, cells, expected):
    parsed = read_responses("\n".join([header, *cells]).encode(), filename="w.csv", bank=bank)
    assert list(parsed.respondents) == expected


def test_a_mapping_can_name_the_respondent_and_the_role_columns(bank):
    text = "Who,Job,Email,culture.q1\nAda,CIO,a@x.org,3\n"
    parsed = read_responses(
        text.encode(), filename="w.csv", bank=bank, mapping={"who": "respondent", "JOB": "role"}
    )
    assert parsed.respondents == {"Ada": "CIO"} and parsed.ignored_columns == ("Email",)


def test_a_bad_export_names_every_problem_with_row_and_column_and_writes_nothing(engine, tmp_path):
    text = (
        "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,culture.q1,"
        "How far along is practice 2 of culture?,Favourite colour\n"
        ",,,,,,Response,Response,Response\n"
        "101,9,03/01/2025,03/01/2025,192.0.2.1,ada@x.org,3 - Defined,7,blue\n"
        "102,9,03/01/2025,03/01/2025,192.0.2.1,bob@x.org,sort of,N/A,red\n"
        "103,9,03/01/2025,03/01/2025,192.0.2.1,ada@x.org,2,2,green\n"
    )
    path = tmp_path / "Sheet_1.csv"
    path.write_text(text, "utf-8")
    with session_scope(engine) as session:
        make_organisation(session, name="Existing")
    with pytest.raises(ImportFileError) as raised, session_scope(engine) as session:
        import_file(actor=OPERATOR, session=session, path=path, organisation="New", unit="Unit")
    assert [str(p) for p in raised.value.problems] == [
        "row 1, column I 'Favourite colour': 'Favourite colour' is neither a question id nor a question "
        "text of the bank",
    ]
    with pytest.raises(ImportFileError) as raised, session_scope(engine) as session:
        import_file(
            actor=OPERATOR,
            session=session,
            path=path,
            organisation="New",
            unit="Unit",
            mapping={"Favourite colour": "skip"},
        )
    assert [str(p) for p in raised.value.problems] == [
        "row 3, column H 'How far along is practice 2 of culture?': '7' is not an answer: use a level 1 "
        "to 5, a level name (Initial, Developing, Defined, Managed, Optimising), 'N/A' or \"don't know\"",
        "row 4, column G 'culture.q1': 'sort of' is not an answer: use a level 1 to 5, a level name "
        "(Initial, Developing, Defined, Managed, Optimising), 'N/A' or \"don't know\"",
        "row 5: respondent 'ada@x.org' already has a row (3)",
    ]
    with session_scope(engine, write=False) as session:
        assert [o.name for o in services.list_organisations(actor=OPERATOR, session=session)] == ["Existing"]
        assert services.answers_version(actor=OPERATOR, session=session) == (0, None)


def test_saved_mappings_belong_to_one_organisation_and_need_the_facilitator_role(engine):
    headers = ("Timestamp", "Email Address", "Q1")
    with session_scope(engine) as session:
        ministry = make_organisation(session, name="Ministry")
        agency = make_organisation(session, name="Agency")
        services.save_import_mapping(
            session=session,
            actor=OPERATOR,
            organisation_id=ministry.id,
            headers=headers,
            mapping={"Q1": "culture.q1"},
        )
        services.save_import_mapping(
            session=session,
            actor=OPERATOR,
            organisation_id=ministry.id,
            headers=headers,
            mapping={"Q1": "skip"},
        )
        viewer = make_person(session, {ministry.id: "viewer"})
    with session_scope(engine, write=False) as session:
        find = services.find_import_mapping
        # the same form: headers in another order, case and spacing
        reordered = (" q1", "EMAIL ADDRESS", "Timestamp")
        assert find(session=session, actor=OPERATOR, organisation_id=ministry.id, headers=reordered) == {
            "Q1": "skip"
        }
        assert find(session=session, actor=OPERATOR, organisation_id=agency.id, headers=headers) is None
        assert find(session=session, actor=OPERATOR, organisation_id=ministry.id, headers=headers[:2]) is None
        with pytest.raises(PermissionDeniedError):
            find(session=session, actor=viewer, organisation_id=ministry.id, headers=headers)
