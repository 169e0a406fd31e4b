"""What goes wrong in an import, a restore or a plan-status file is told in the person's language:
every sentence of the English output has its French and German counterpart, at the same rows,
columns and paths, and no English sentence is left (issue 15)."""

from __future__ import annotations

import copy
import io
import re
from datetime import date

import pytest

from assessment import services
from assessment.db import session_scope
from assessment.errors import InvalidInputError
from assessment.importing import ImportFileError, read_responses
from assessment.plan_exchange import PlanFileError, read_statuses
from assessment.restore import restore_organisation
from cli.main import main
from cli.output import Output
from questionnaires import Bank, load_bank
from questionnaires.i18n import language
from tests.factories import OPERATOR, backup_of_a_deleted_organisation, make_answered_assessment

LANGUAGES = ("fr", "de")

# Quoted data (names, headers, values, ids) is the file's own and stays as written.
QUOTED = re.compile(r"«[^»]*»|„[^“]*“|(?<!\w)'[^']*'(?!\w)|\"[^\"]*\"")
# Words of the English sentences; none may be left in a translated message.
ENGLISH = re.compile(
    r"\b(the|is|not|and|of|with|row|column|cannot|be|imported|problems?|nothing|was|saved|changed|"
    r"restored|did|you|mean|should|have|least|most|characters|input|valid|field|required|has|"
    r"already|answered|empty|who|neither|nor|bank|file|than|longer|item|knows|backup|exists|here|"
    r"rename|delete|before|use|level|missing|extra|inputs|permitted|string|integer|number|timezone|"
    r"between|one|no|matches|unit|yet|first|columns)\b"
)


def english_left(text: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub("", text))


@pytest.fixture(scope="module")
def shipped_bank() -> Bank:
    return load_bank()  # the shipped bank: its level names are translated too


def import_problems(data: str, bank: Bank, code: str) -> ImportFileError:
    with language(code), pytest.raises(ImportFileError) as raised:
        read_responses(data.encode("utf-8"), filename="answers.csv", bank=bank)
    return raised.value


def typical_long_file(bank: Bank) -> str:
    first, second = bank.questions[0].id, bank.questions[1].id
    return (
        "respondent,question,answer,note\n"
        f"Ada,{first},7,\n"  # not an answer
        f",{first},3,\n"  # nobody named
        f"Bob,{first[:-1]}x,3,\n"  # a question id with a typo
        f"Ada,{first},2,\n"  # answered twice
        f"Cy,{second},Managed,{'n' * 2001}\n"  # a note too long
        f"Dee,{second},sort of,\n"  # not an answer either
    )


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(
    "content",
    [
        typical_long_file,
        lambda bank: f"Email Address,Something odd,{bank.questions[0].id}\na@b.org,3,4\n",  # wide
        lambda bank: f"name,question,answer,comment,colour\nAda,{bank.questions[0].id},3,,red\n",
        lambda bank: "respondent,question,answer\n",  # a header and no answers
        lambda bank: f"question,answer\n{bank.questions[0].id},3\n",  # no respondent column
    ],
    ids=["long", "wide", "unknown column", "no answers", "no respondent"],
)
def test_an_import_with_typical_problems_reads_entirely_in_the_persons_language(shipped_bank, code, content):
    data = content(shipped_bank)
    english = import_problems(data, shipped_bank, "en")
    translated = import_problems(data, shipped_bank, code)
    assert english_left(str(english)), "the check finds the English sentences"
    assert [(p.row, bool(p.column)) for p in translated.problems] == [
        (p.row, bool(p.column)) for p in english.problems
    ]
    for mine, theirs in zip(translated.problems, english.problems, strict=True):
        assert mine.message != theirs.message
        assert english_left(mine.message) == [], mine.message
    assert english_left(str(translated)) == [], str(translated)


def test_the_french_and_german_summaries_count_with_their_plurals_and_name_rows_and_columns(shipped_bank):
    data = typical_long_file(shipped_bank)
    french = str(import_problems(data, shipped_bank, "fr"))
    german = str(import_problems(data, shipped_bank, "de"))
    assert french.startswith(
        "answers.csv ne peut pas être importé (6 problèmes\u00a0; rien n'a été enregistré)"
    )
    assert "  - ligne 2, colonne C «\u00a0answer\u00a0»\u00a0: '7' n'est pas une réponse" in french
    assert "Piloté" in french and "Managed" not in french.split("\n")[1]  # the level names in French
    assert german.startswith(
        "answers.csv lässt sich nicht importieren (6 Probleme; nichts wurde gespeichert)"
    )
    assert "  - Zeile 6, Spalte D „note“: die Notiz ist länger als 2.000 Zeichen" in german


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("blank.csv", b"\n\n"),
        ("old.xls", b"\xd0\xcf\x11\xe0rest of an old workbook"),
        ("latin.csv", "respondent,question,answer\nZoé,culture.q1,3\n".encode("latin-1")),
        ("fake.xlsx", b"respondent,question,answer\n"),
    ],
)
def test_a_file_that_is_no_table_is_refused_in_the_persons_language(bank, code, name, content):
    with language("en"), pytest.raises(ImportFileError) as english:
        read_responses(content, filename=name, bank=bank)
    with language(code), pytest.raises(ImportFileError) as translated:
        read_responses(content, filename=name, bank=bank)
    assert str(translated.value) != str(english.value)
    assert english_left(str(translated.value)) == [], str(translated.value)


@pytest.fixture
def backup(engine) -> dict:
    with session_scope(engine) as session:
        return backup_of_a_deleted_organisation(session, "Languages")


def broken(backup: dict) -> dict:
    """A backup with one of each problem a hand-edited file has."""
    data = copy.deepcopy(backup)
    assessment = data["organisation"]["units"][0]["assessments"][0]
    assessment["title"] = "T" * 500  # too long
    assessment["mode"] = "solo"  # not one of the modes
    del assessment["assessed_on"]  # missing
    assessment["colour"] = "red"  # not a field
    assessment["area_targets"] = {"devops": 99}  # off the scale
    respondent = assessment["respondents"][0]
    respondent["created_at"] = "2025-01-01T10:00:00"  # no time zone
    respondent["answers"][0]["answer"] = True  # JSON true
    respondent["label"] = ""  # empty
    return data


def restore_problems(engine, data: dict, code: str) -> list[str]:
    with language(code), session_scope(engine) as session, pytest.raises(InvalidInputError) as raised:
        restore_organisation(actor=OPERATOR, session=session, data=data)
    return str(raised.value).splitlines()


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_bad_backup_lists_its_problems_at_the_same_paths_in_the_persons_language(engine, backup, code):
    data = broken(backup)
    english = restore_problems(engine, data, "en")
    translated = restore_problems(engine, data, code)
    assert english[0] == "the backup has 8 problem(s):"
    assert (
        translated[0]
        == {"fr": "la sauvegarde a 8 problèmes\u00a0:", "de": "die Sicherung hat 8 Probleme:"}[code]
    )
    assert len(translated) == len(english) == 9
    for mine, theirs in zip(translated[1:], english[1:], strict=True):
        path = theirs.removeprefix("  - ").split(": ")[0]
        assert mine.startswith(f"  - {path}")  # where: unchanged
        assert mine != theirs
        assert english_left(mine.removeprefix(f"  - {path}")) == [], mine


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_backup_of_another_kind_or_an_organisation_that_exists_is_refused_in_the_persons_language(
    engine, backup, code
):
    for data in ({"format": "something"}, {**backup, "banks": []}):
        with language(code), session_scope(engine) as session, pytest.raises(InvalidInputError) as raised:
            restore_organisation(actor=OPERATOR, session=session, data=data)
        assert english_left(str(raised.value).replace("python -m assessment export", "")) == []


def test_a_bad_plan_status_file_names_every_bad_row_in_the_persons_language(engine):
    with session_scope(engine) as session:
        made = make_answered_assessment(
            session,
            {"Lead": {"culture.q1": 2, "devops.q1": 3}},
            question_targets={},
            assessed_on=date(2025, 3, 1),
        )
        plan = services.adopt_backlog(
            session=session,
            actor=OPERATOR,
            assessment_id=made.assessment.id,
            keys=("culture.q1@3", "devops.q1@4"),
        )
    header = "Summary,Issue key,Status,Resolution,Labels,Labels,Labels\n"
    bad_rows = (
        header
        + "Lift culture,DT-1,Done,Done,wayfinder,someone-else,area-culture\n"  # no key label
        + "Lift devops,DT-2,Parked,,wayfinder,wayfinder-devops.q1@4,area-devops\n"  # no such status
    ).encode("utf-8")
    unknown_key = header + "Lift it,DT-3,Done,Done,wayfinder,wayfinder-gone@9,area-culture\n"
    for code in ("en", *LANGUAGES):
        with language(code), pytest.raises(PlanFileError) as rows:
            read_statuses(bad_rows)
        with language(code), pytest.raises(PlanFileError) as neither:
            read_statuses(b"a,b\n1,2\n")
        with language(code), session_scope(engine) as session, pytest.raises(InvalidInputError) as key:
            services.import_statuses(
                session=session,
                actor=OPERATOR,
                unit_id=plan.unit_id,
                rows=read_statuses(unknown_key.encode()),
            )
        messages = [str(rows.value), str(neither.value), str(key.value)]
        if code == "en":
            assert "row 2: no 'wayfinder-…' label" in messages[0] and "row 2: no item 'gone@9'" in messages[2]
            assert all(english_left(message) for message in messages)
        else:
            assert all(english_left(message) == [] for message in messages), messages
    assert messages[0].startswith("Zeile 2: kein Label „wayfinder-…“")
    assert "Zeile 3: den Jira-Status „Parked“ kennt Wayfinder nicht" in messages[0]


def test_the_command_line_tells_a_bad_import_in_the_language_asked_for(monkeypatch, tmp_path):
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    source = tmp_path / "bad.csv"
    source.write_text("respondent,question,answer\nAda,culture.q1,7\nAda,nope.q1,3\n", "utf-8")
    for code, expected in (
        ("fr", "bad.csv ne peut pas être importé (2 problèmes\u00a0; rien n'a été enregistré)\u00a0:"),
        ("de", "bad.csv lässt sich nicht importieren (2 Probleme; nichts wurde gespeichert):"),
    ):
        out, err = io.StringIO(), io.StringIO()
        code_returned = main(
            ["--lang", code, "import", str(source), "--org", "Ministry", "--unit", "Finance"],
            Output(out=out, err=err),
        )
        assert code_returned == 1
        assert expected in err.getvalue()
        problems = [line for line in err.getvalue().splitlines() if line.startswith("  - ")]
        assert len(problems) == 2 and all(english_left(line) == [] for line in problems), problems
