from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from assessment import importing, services
from assessment.db import session_scope
from assessment.importing import ImportFileError, import_file, read_responses
from questionnaires import load_bank
from tests.factories import OPERATOR, make_organisation, make_unit

LONG = (
    "respondent,question,answer,note\n"
    "Ada,culture.q1,3,\n"
    "Ada,culture.q2,N/A,not our job\n"
    "Bob,culture.q1,Managed,\n"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems_of(data: bytes | str, bank, filename: str = "answers.csv") -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(ImportFileError) as raised:
        read_responses(raw, filename=filename, bank=bank)
    assert "nothing was saved" in str(raised.value)
    return [str(problem) for problem in raised.value.problems]


def answers_of(parsed) -> set[tuple]:
    return {(a.respondent, a.question_id, a.answer, a.note) for a in parsed.answers}


def test_a_long_csv_is_read_with_notes_level_names_and_non_answers(bank):
    parsed = read_responses(LONG.encode(), filename="a.csv", bank=bank)
    assert parsed.layout == "long"
    assert list(parsed.respondents) == ["Ada", "Bob"]
    assert answers_of(parsed) == {
        ("Ada", "culture.q1", 3, None),
        ("Ada", "culture.q2", "na", "not our job"),
        ("Bob", "culture.q1", 4, None),
    }


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_delimiters_byte_order_marks_and_windows_line_ends_read_the_same(bank, delimiter, bom, line_end):
    text = LONG.replace(",", delimiter).replace("\n", line_end)
    parsed = read_responses(bom + text.encode("utf-8"), filename="a.csv", bank=bank)
    assert answers_of(parsed) == answers_of(read_responses(LONG.encode(), filename="a.csv", bank=bank))


def test_a_wide_export_is_read_by_question_id_or_question_text_skipping_survey_metadata(bank):
    text = (
        "Timestamp,Email address,Name,Role,culture.q1,  HOW FAR ALONG is practice 2 of culture? ,devops.q3\n"
        "2025-03-01 10:00,a@example.org,Ada,CIO,4 - Managed,don't know,\n"
        "2025-03-01 10:05,b@example.org,Bob,,1,Initial,5\n"
    )
    parsed = read_responses(text.encode(), filename="survey.csv", bank=bank)
    assert parsed.layout == "wide"
    assert parsed.ignored_columns == ("Timestamp", "Email address")
    assert parsed.respondents == {"Ada": "CIO", "Bob": ""}
    assert answers_of(parsed) == {
        ("Ada", "culture.q1", 4, None),
        ("Ada", "culture.q2", "dont_know", None),
        ("Bob", "culture.q1", 1, None),
        ("Bob", "culture.q2", 1, None),
        ("Bob", "devops.q3", 5, None),
    }


def test_the_first_column_names_the_respondent_when_no_column_is_called_so(bank):
    parsed = read_responses(b"Participant code;culture.q1\nP-17;2\n", filename="w.csv", bank=bank)
    assert answers_of(parsed) == {("P-17", "culture.q1", 2, None)}


def test_xlsx_files_are_read_in_both_layouts_with_numeric_cells(bank):
    long = xlsx([["Respondent", "Question", "Answer"], ["Ada", "skills.q1", 3], ["Ada", "skills.q2", "n/a"]])
    wide = xlsx([["Respondent", "skills.q1", "skills.q2"], ["Ada", 3.0, "N/A"]])
    expected = {("Ada", "skills.q1", 3, None), ("Ada", "skills.q2", "na", None)}
    assert answers_of(read_responses(long, filename="long.xlsx", bank=bank)) == expected
    assert answers_of(read_responses(wide, filename="wide.xlsx", bank=bank)) == expected


def test_cells_quoted_against_formula_injection_come_back_as_typed(bank):
    text = "respondent,question,answer,note\n'-Ada-,culture.q1,3,'=1+1 is not a formula\n"
    parsed = read_responses(text.encode(), filename="a.csv", bank=bank)
    assert answers_of(parsed) == {("-Ada-", "culture.q1", 3, "=1+1 is not a formula")}


def test_wrong_columns_are_named_with_their_letter_and_header(bank):
    problems = problems_of("respondent,question,answer,colour\nAda,culture.q1,3,red\n", bank)
    assert problems == [
        "row 1, column D 'colour': is not a column of the long layout "
        "(respondent, question, answer, and optionally note, role)"
    ]
    assert problems_of("question,answer\nculture.q1,3\n", bank) == [
        "row 1: no 'respondent' column: name who gave each answer"
    ]


def test_every_bad_row_is_listed_with_its_row_and_column(bank):
    text = (
        "respondent,question,answer\n"
        "Ada,culture.q1,3\n"
        "Ada,culture.qq1,3\n"  # row 3: unknown question
        "Bob,culture.q2,7\n"  # row 4: level 7
        ",culture.q3,2\n"  # row 5: no respondent
        "Ada,culture.q1,4\n"  # row 6: duplicate of row 2
    )
    assert problems_of(text, bank) == [
        "row 3, column B 'question': question 'culture.qq1' is not in the question bank "
        "(did you mean 'culture.q1'?)",
        "row 4, column C 'answer': '7' is not an answer: use a level 1 to 5, a level name "
        "(Initial, Developing, Defined, Managed, Optimising), 'N/A' or \"don't know\"",
        "row 5, column A 'respondent': respondent is empty: name who answered (or a label such as 'P1')",
        "row 6: 'Ada' already answered 'culture.q1' in row 2",
    ]


def test_row_numbers_follow_the_file_even_after_a_note_spanning_lines(bank):
    text = 'respondent,question,answer,note\nAda,culture.q1,3,"first line\nsecond line"\nAda,culture.q2,9,\n'
    assert problems_of(text, bank)[0].startswith("row 4, column C 'answer': '9' is not an answer")


def test_unknown_wide_headers_and_bad_cells_are_listed(bank):
    text = "name,culture.q1,Favourite colour\nAda,3,blue\nBob,six,\n"
    assert problems_of(text, bank) == [
        "row 1, column C 'Favourite colour': 'Favourite colour' is neither a question id nor a question text "
        "of the bank",
    ]
    text = "name,culture.q1,culture.q2\nAda,3,0\nBob,six,\nAda,2,2\n"
    assert problems_of(text, bank) == [
        "row 2, column C 'culture.q2': '0' is not an answer: use a level 1 to 5, a level name "
        "(Initial, Developing, Defined, Managed, Optimising), 'N/A' or \"don't know\"",
        "row 3, column B 'culture.q1': 'six' is not an answer: use a level 1 to 5, a level name "
        "(Initial, Developing, Defined, Managed, Optimising), 'N/A' or \"don't know\"",
        "row 4: respondent 'Ada' already has a row (2)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf \r\n\r\n", "the file is empty"),
        (b"respondent,question,answer\r\n", "the file has a header but no answers"),
        (bytes(range(256)) * 4, "is not UTF-8 text (undecodable byte at position 128)"),
        (b"respondent,question\x00answer\n", "contains binary data (NUL bytes)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel .xls files are not supported"),
        (b"PK\x03\x04 this is not really a zip", "is not a readable XLSX workbook"),
    ],
)
def test_files_that_are_not_response_tables_get_a_clear_error(bank, content, message):
    problems = problems_of(content, bank)
    assert len(problems) == 1 and message in problems[0]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(bank):
    assert "is not a valid XLSX file" in problems_of(LONG, bank, filename="answers.xlsx")[0]


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(tmp_path, engine):
    path = tmp_path / "huge.csv"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # 50 MB, sparse: nothing is actually written
    with pytest.raises(ImportFileError, match=r"the file is 50.0 MB; the import limit is 20 MB"):
        importing.read_limited(path)
    with session_scope(engine) as session, pytest.raises(ImportFileError):
        import_file(actor=OPERATOR, session=session, path=path, organisation="Ministry", unit="Finance")
    with session_scope(engine, write=False) as session:
        assert services.list_organisations(actor=OPERATOR, session=session) == []


def test_the_size_limit_comes_from_the_environment_and_also_guards_uploaded_bytes(
    tmp_path, monkeypatch, bank
):
    monkeypatch.setenv("WAYFINDER_IMPORT_LIMIT_MB", "0.001")
    path = write(tmp_path, "a.csv", LONG * 20)
    with pytest.raises(ImportFileError, match="the import limit is 0 MB"):
        importing.read_limited(path)
    with pytest.raises(ImportFileError, match="the import limit is 0 MB"):
        read_responses(path.read_bytes(), filename="upload.csv", bank=bank)


def test_an_import_creates_the_organisation_unit_and_assessment_with_every_answer(engine, tmp_path):
    path = write(tmp_path, "round1.csv", LONG)
    with session_scope(engine) as session:
        result = import_file(
            actor=OPERATOR, session=session, path=path, organisation="Ministry", unit="Finance"
        )
    with session_scope(engine, write=False) as session:
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=result.assessment.id)
    assert result.created == ("organisation 'Ministry'", "unit 'Finance'")
    assert (result.respondents, result.answers, result.layout) == (2, 3, "long")
    assert result.assessment.title == "Imported from round1.csv"
    assert result.assessment.mode == "workshop"
    assert sorted(zip(answers["respondent"], answers["question"], answers["answer"], strict=True)) == [
        ("Ada", "culture.q1", 3),
        ("Ada", "culture.q2", "na"),
        ("Bob", "culture.q1", 4),
    ]


def test_an_import_joins_an_existing_organisation_and_unit_by_name(engine, tmp_path):
    with session_scope(engine) as session:
        organisation = make_organisation(session, name="Ministry")
        finance = make_unit(session, organisation.id, name="Finance")
        result = import_file(
            actor=OPERATOR,
            session=session,
            path=write(tmp_path, "a.csv", "respondent,question,answer\nAda,devops.q1,2\n"),
            organisation="ministry",
            unit="FINANCE",
            title="Spring survey",
            mode="self",
        )
    assert result.created == ()
    assert (result.assessment.unit_id, result.assessment.title, result.assessment.mode) == (
        finance.id,
        "Spring survey",
        "self",
    )


def test_a_crash_in_the_middle_of_an_import_leaves_the_database_unchanged(engine, tmp_path, monkeypatch):
    with session_scope(engine) as session:
        make_organisation(session, name="Existing")
    write_answers = importing._insert_answers

    def crash_after_writing_some(session, respondent_ids, answers):
        write_answers(session, respondent_ids, answers[:1])
        raise OSError("disk full")

    monkeypatch.setattr(importing, "_insert_answers", crash_after_writing_some)
    with pytest.raises(OSError, match="disk full"), session_scope(engine) as session:
        import_file(
            actor=OPERATOR,
            session=session,
            path=write(tmp_path, "a.csv", LONG),
            organisation="New",
            unit="Unit",
        )
    with session_scope(engine, write=False) as session:
        assert [o.name for o in services.list_organisations(actor=OPERATOR, session=session)] == ["Existing"]
        assert services.list_assessments(actor=OPERATOR, session=session) == []
        assert services.answers_version(actor=OPERATOR, session=session) == (0, None)


def test_a_bad_file_writes_nothing_at_all(engine, tmp_path):
    path = write(tmp_path, "bad.csv", "respondent,question,answer\nAda,culture.q1,3\nAda,culture.q2,8\n")
    with pytest.raises(ImportFileError), session_scope(engine) as session:
        import_file(actor=OPERATOR, session=session, path=path, organisation="Ministry", unit="Finance")
    with session_scope(engine, write=False) as session:
        assert services.list_organisations(actor=OPERATOR, session=session) == []


def test_an_unreadable_path_is_reported_by_name(tmp_path):
    with pytest.raises(ImportFileError) as raised:
        importing.read_limited(tmp_path / "missing.csv")
    assert str(raised.value).startswith("missing.csv cannot be imported")
    assert [str(p) for p in raised.value.problems] == ["cannot be read: No such file or directory"]


@pytest.mark.parametrize("layout", ["long", "wide"])
def test_an_answers_file_written_for_the_earlier_bank_version_reads_its_renamed_questions(layout):
    """Last year's export, made with version 1's ids, imported into a version-2 assessment:
    a question renamed with ``replaces:`` is read as the question that replaces it."""
    shipped = load_bank()
    renamed = next(question for question in shipped.questions if question.replaces)
    old_id = renamed.replaces[0]
    text = (
        f"respondent,question,answer,note\nAda,{old_id},3,from 2025\n"
        if layout == "long"
        else f"Respondent,{old_id}\nAda,3\n"
    )
    parsed = read_responses(text.encode(), filename="2025.csv", bank=shipped)
    assert answers_of(parsed) == {("Ada", renamed.id, 3, "from 2025" if layout == "long" else None)}
    if layout == "wide":
        [column] = [match for match in parsed.plan.columns if match.header == old_id]
        assert (column.question_id, column.how) == (renamed.id, "replaced")


def test_an_id_that_no_question_has_or_replaces_is_still_refused():
    shipped = load_bank()
    typo = next(question for question in shipped.questions if question.replaces).replaces[0] + "x"
    [problem] = problems_of(f"respondent,question,answer\nAda,{typo},3\n", shipped)
    assert f"question '{typo}' is not in the question bank" in problem
