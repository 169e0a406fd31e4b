"""Each survey tool's export imports as it is, and scores exactly like the same answers in the long layout.

Every test builds the export the way the tool's documentation (or its source) describes it:

* Google Forms — the Forms API's response resource (developers.google.com/workspace/forms/api/
  reference/rest/v1/forms.responses: ``createTime``, ``respondentEmail``, ``totalScore``) is what
  the CSV download and the linked sheet show as ``Timestamp``, ``Email Address`` and ``Score``;
  grid questions are headed ``Title [Row]``. The help centre's "View & manage form responses"
  (support.google.com/docs/answer/139706) describes the download; it was not in the search corpus.
* Microsoft Forms — "Open results in Excel": ``ID``, ``Start time``, ``Completion time``,
  ``Email``, ``Name``, then the questions; quizzes add ``Total points``, ``Quiz feedback``,
  ``Points - …``, ``Feedback - …`` (the columns a published script drops from such exports:
  github.com/nalam002/Programming-stuff, selectfromquiz.py). Anonymous responses read
  ``anonymous``. The Microsoft support page was not in the search corpus.
* LimeSurvey — its own exporter (github.com/LimeSurvey/LimeSurvey, application/helpers/admin/
  export/CsvWriter.php: UTF-8 BOM, ``;``, every value quoted, CRLF, a blank line at the end;
  Writer.php: headings as ``code``, ``full`` or ``codetext``, answers as codes or full texts;
  common_helper.php ``createFieldMap``: ``Response ID``, ``Date submitted``, ``Last page``,
  ``Start language``, ``Seed``, ``Date started``, ``Date last action``, ``IP address``,
  ``Referrer URL``). Manual: manual.limesurvey.org/Exporting_results.
* SurveyMonkey — two header rows, the second saying ``Response`` under single-answer questions
  and the rows of a matrix; ``Respondent ID``, ``Collector ID``, ``Start Date``, ``End Date``,
  ``IP Address``, ``Email Address``, ``First Name``, ``Last Name``, ``Custom Data 1``
  (github.com/expectedparrot/edsl, edsl/conjure/survey_monkey/data_classes.py; SurveyMonkey's
  help page on exports was not in the search corpus).
* KoboToolbox — support.kobotoolbox.org/export_download.html (github.com/kobotoolbox/docs,
  source/export_download.md: XLS or CSV, headers as labels or XML names) and advanced_export.md
  (groups in headers as ``group/question``); the CSV is separated by ``;`` (KoboconnectR's
  ``kobo_df_download``, ``fsep``); ``start``, ``end`` and the system columns ``_id``, ``_uuid``,
  ``_submission_time``, ``_validation_status``, ``_notes``, ``_status``, ``_submitted_by``,
  ``__version__``, ``_tags``, ``_index``.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from assessment import services
from assessment.db import session_scope
from assessment.importing import import_file
from questionnaires import Bank
from scoring.results import to_jsonable
from tests.factories import OPERATOR

QUESTIONS = ("culture.q1", "culture.q2", "devops.q1", "architecture.q3", "procurement.q2", "skills.q1")
# Three people's answers; None is a question left unanswered.
ANSWERS: dict[str, tuple[object, ...]] = {
    "P1": (3, 4, "na", 2, 5, 1),
    "P2": (2, "dont_know", 3, 3, 4, None),
    "P3": (5, 1, 2, "na", "dont_know", 4),
}
LEVEL_NAMES = {1: "Initial", 2: "Developing", 3: "Defined", 4: "Managed", 5: "Optimising"}


def text_of(bank: Bank, question_id: str) -> str:
    return bank.question(question_id).text


def spelled(answer: object, style: str, bank: Bank | None = None, question_id: str = "") -> str:
    """``answer`` as a tool's option would read."""
    if answer is None:
        return ""
    special = {
        "number": ("N/A", "Don't know"),
        "option": ("N/A - not applicable", "Don't know"),
        "name": ("Not applicable", "I don't know"),
        "code": ("NA", "DK"),
        "xml": ("na", "dont_know"),
        "descriptor": ("Not applicable", "Don’t know"),
    }[style]
    if answer == "na":
        return special[0]
    if answer == "dont_know":
        return special[1]
    level = int(answer)  # type: ignore[call-overload]
    if style == "option":
        return f"{level} - {LEVEL_NAMES[level]}"
    if style == "name":
        return f"{LEVEL_NAMES[level]} ({level})"
    if style == "descriptor":
        assert bank is not None
        return bank.question(question_id).levels[level]
    return str(level)


def csv_bytes(
    rows: list[list[object]], *, delimiter=",", quote_all=False, bom=False, line_end="\r\n"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator=line_end,
    )
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def imported(engine, tmp_path: Path, name: str, data: bytes, unit: str, **options):
    path = tmp_path / name
    path.write_bytes(data)
    with session_scope(engine) as session:
        result = import_file(
            actor=OPERATOR, session=session, path=path, organisation="Ministry", unit=unit, **options
        )
    return result, scores(engine, result.assessment.id)


def scores(engine, assessment_id: int) -> dict:
    with session_scope(engine, write=False) as session:
        result = to_jsonable(
            services.score_assessment(actor=OPERATOR, session=session, assessment_id=assessment_id)
        )
    result.pop("assessment_id")
    return result


def long_scores(engine, tmp_path: Path, labels: dict[str, str]) -> dict:
    """The same answers in the long layout, under the labels the export gives the respondents."""
    rows: list[list[object]] = [["respondent", "question", "answer"]]
    for person, answers in ANSWERS.items():
        rows += [[labels[person], q, a] for q, a in zip(QUESTIONS, answers, strict=True) if a is not None]
    _, long = imported(engine, tmp_path, "long.csv", csv_bytes(rows), "Long layout")
    return long


def test_a_google_forms_csv_download_scores_like_the_long_layout(engine, tmp_path, bank):
    header = ["Timestamp", "Email Address", *(text_of(bank, q) for q in QUESTIONS)]
    rows = [header]
    for minute, (person, answers) in enumerate(ANSWERS.items()):
        style = "option" if person == "P1" else "number"  # multiple choice options, a linear scale
        rows.append(
            [f"2025/03/01 10:0{minute}:11 AM GMT+1", f"{person.lower()}@example.org"]
            + [spelled(a, style) for a in answers]
        )
    result, imported_scores = imported(engine, tmp_path, "Form responses.csv", csv_bytes(rows), "Google CSV")
    labels = {person: f"{person.lower()}@example.org" for person in ANSWERS}
    assert result.plan.tool == "Google Forms"
    assert result.plan.respondent.described == "column B 'Email Address'"
    assert result.ignored_columns == ("Timestamp",)
    assert imported_scores == long_scores(engine, tmp_path, labels)


def test_the_google_sheets_xlsx_with_a_quiz_score_and_a_grid_scores_like_the_long_layout(
    engine, tmp_path, bank
):
    grid = "Rate each practice"  # a grid question: one column per row, "Title [Row]"
    header = ["Timestamp", "Email Address", "Score"]
    header += [f"{grid} [{text_of(bank, q)}]" for q in QUESTIONS[:2]] + [
        text_of(bank, q) for q in QUESTIONS[2:]
    ]
    rows: list[list[object]] = [header]
    for minute, (person, answers) in enumerate(ANSWERS.items()):
        rows.append(
            [datetime(2025, 3, 1, 10, minute, 11), f"{person.lower()}@example.org", "7 / 10"]
            + [spelled(a, "name") for a in answers]
        )
    data = xlsx_bytes(rows, sheet="Form Responses 1")
    result, imported_scores = imported(engine, tmp_path, "Form (Responses).xlsx", data, "Google XLSX")
    assert result.ignored_columns == ("Timestamp", "Score")
    assert imported_scores == long_scores(engine, tmp_path, {p: f"{p.lower()}@example.org" for p in ANSWERS})


def test_a_google_forms_csv_saved_again_by_excel_as_unicode_text_reads_the_same(engine, tmp_path, bank):
    rows = [["Timestamp", "Email Address", *(text_of(bank, q) for q in QUESTIONS)]]
    rows += [
        ["2025/03/01 10:00:11 AM GMT+1", f"{p.lower()}@example.org", *(spelled(a, "number") for a in answers)]
        for p, answers in ANSWERS.items()
    ]
    unicode_text = csv_bytes(rows, delimiter="\t").decode("utf-8").encode("utf-16")  # BOM + UTF-16 LE
    _, imported_scores = imported(engine, tmp_path, "responses.txt.csv", unicode_text, "UTF-16")
    assert imported_scores == long_scores(engine, tmp_path, {p: f"{p.lower()}@example.org" for p in ANSWERS})


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_microsoft_forms_workbook_scores_like_the_long_layout(engine, tmp_path, bank, anonymous):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Total points", "Quiz feedback"]
    for question in QUESTIONS:
        header += [text_of(bank, question), f"Points - {text_of(bank, question)}"]
    names = {"P1": "Ada Lovelace", "P2": "Bo Diddley", "P3": "Cy Twombly"}
    rows: list[list[object]] = [header]
    for number, (person, answers) in enumerate(ANSWERS.items(), start=1):
        started = datetime(2025, 3, 1, 9, number, 0)
        who = ["anonymous", ""] if anonymous else [f"{person.lower()}@example.org", names[person]]
        row: list[object] = [number, started, started.replace(minute=number + 10), *who, "", ""]
        for answer in answers:
            row += [spelled(answer, "name"), ""]
        rows.append(row)
    result, imported_scores = imported(engine, tmp_path, "Survey.xlsx", xlsx_bytes(rows), "MS Forms")
    labels = {p: f"Response {n}" for n, p in enumerate(ANSWERS, start=1)} if anonymous else names
    assert result.plan.tool == "Microsoft Forms"
    assert "Points - " + text_of(bank, QUESTIONS[0]) in result.ignored_columns
    assert imported_scores == long_scores(engine, tmp_path, labels)


@pytest.mark.parametrize(
    ("headings", "answer_style"),
    [("code", "code"), ("full", "descriptor"), ("codetext", "option")],
)
def test_a_limesurvey_csv_export_scores_like_the_long_layout(engine, tmp_path, bank, headings, answer_style):
    codes = [q.replace(".", "") for q in QUESTIONS]  # LimeSurvey codes are letters and digits only
    if headings == "code":
        header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", *codes]
    else:
        header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started"]
        header += ["Date last action"]
        texts = [text_of(bank, q) for q in QUESTIONS]
        header += texts if headings == "full" else [f"{c}. {t}" for c, t in zip(codes, texts, strict=True)]
    rows: list[list[object]] = [header]
    for number, answers in enumerate(ANSWERS.values(), start=1):
        stamps = [
            "2025-03-01 10:05:12",
            "2",
            "en",
            "1637452098",
            "2025-03-01 10:01:02",
            "2025-03-01 10:05:12",
        ]
        rows.append(
            [str(number), *stamps]
            + [spelled(a, answer_style, bank, q) for q, a in zip(QUESTIONS, answers, strict=True)]
        )
    data = csv_bytes(rows, delimiter=";", quote_all=True, bom=True) + b"\r\n"
    result, imported_scores = imported(engine, tmp_path, "results-survey123456.csv", data, f"Lime {headings}")
    assert result.plan.tool == "LimeSurvey"
    assert result.plan.respondent.kind == "response id"
    labels = {p: f"Response {n}" for n, p in enumerate(ANSWERS, start=1)}
    assert imported_scores == long_scores(engine, tmp_path, labels)


def test_a_limesurvey_xlsx_with_codes_chosen_by_its_author_imports_with_a_mapping(engine, tmp_path, bank):
    codes = [f"Q{n:02d}" for n in range(1, len(QUESTIONS) + 1)]
    rows: list[list[object]] = [["id", "submitdate", "lastpage", "startlanguage", "seed", *codes]]
    for number, answers in enumerate(ANSWERS.values(), start=1):
        rows.append(
            [number, "2025-03-01 10:05:12", 2, "en", 1637452098, *(spelled(a, "code") for a in answers)]
        )
    mapping = dict(zip(codes, QUESTIONS, strict=True))
    result, imported_scores = imported(
        engine, tmp_path, "results-survey123456.xlsx", xlsx_bytes(rows), "Lime XLSX", mapping=mapping
    )
    assert result.mapping_from == "the mapping file"
    labels = {p: f"Response {n}" for n, p in enumerate(ANSWERS, start=1)}
    assert imported_scores == long_scores(engine, tmp_path, labels)


def test_a_surveymonkey_csv_with_its_two_header_rows_scores_like_the_long_layout(engine, tmp_path, bank):
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    meta += ["First Name", "Last Name", "Custom Data 1"]
    header = meta + [text_of(bank, q) for q in QUESTIONS]
    rows: list[list[object]] = [header, [""] * len(meta) + ["Response"] * len(QUESTIONS)]
    for number, answers in enumerate(ANSWERS.values(), start=1):
        stamp = f"03/01/2025 10:0{number}:11 AM"
        rows.append(
            [f"1142765432{number}", "431234567", stamp, stamp, "192.0.2.7", "", "", "", ""]
            + [spelled(a, "option") for a in answers]
        )
    result, imported_scores = imported(engine, tmp_path, "Sheet_1.csv", csv_bytes(rows), "SurveyMonkey CSV")
    assert result.plan.tool == "SurveyMonkey"
    assert result.plan.header_rows == 2
    assert result.respondents == 3 and result.answers == sum(
        a is not None for v in ANSWERS.values() for a in v
    )
    labels = {p: f"Response 1142765432{n}" for n, p in enumerate(ANSWERS, start=1)}
    assert imported_scores == long_scores(engine, tmp_path, labels)


def test_a_surveymonkey_workbook_with_a_matrix_question_and_names_scores_like_the_long_layout(
    engine, tmp_path, bank
):
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    meta += ["First Name", "Last Name"]
    matrix = "How far along is your organisation?"  # a matrix: its text above the first row only
    header = meta + [matrix] + [""] * (len(QUESTIONS) - 1)
    below = [""] * len(meta) + [text_of(bank, q) for q in QUESTIONS]
    names = {"P1": ("Ada", "Lovelace"), "P2": ("Bo", "Diddley"), "P3": ("Cy", "Twombly")}
    rows: list[list[object]] = [header, below]
    for number, (person, answers) in enumerate(ANSWERS.items(), start=1):
        rows.append(
            [
                11427654320 + number,
                431234567,
                datetime(2025, 3, 1, 10, number),
                datetime(2025, 3, 1, 11, number),
            ]
            + ["192.0.2.7", "", *names[person]]
            + [spelled(a, "name") for a in answers]
        )
    result, imported_scores = imported(
        engine, tmp_path, "Data_All.xlsx", xlsx_bytes(rows), "SurveyMonkey XLSX"
    )
    assert result.plan.respondent.described == "column G 'First Name' and column H 'Last Name'"
    labels = {p: " ".join(n) for p, n in names.items()}
    assert imported_scores == long_scores(engine, tmp_path, labels)


KOBO_SYSTEM = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"]
KOBO_SYSTEM += ["_submitted_by", "__version__", "_tags", "_index"]


def test_a_kobotoolbox_xlsx_with_labels_and_groups_in_headers_scores_like_the_long_layout(
    engine, tmp_path, bank
):
    header = ["start", "end", "Name of respondent"]
    header += [f"{q.split('.')[0].title()}/{text_of(bank, q)}" for q in QUESTIONS] + KOBO_SYSTEM
    names = {"P1": "Ada", "P2": "Bo", "P3": "Cy"}
    rows: list[list[object]] = [header]
    for index, (person, answers) in enumerate(ANSWERS.items(), start=1):
        rows.append(
            ["2025-03-01T10:02:11.123+01:00", "2025-03-01T10:09:40.456+01:00", names[person]]
            + [spelled(a, "name") for a in answers]
            + [501234560 + index, f"5f0c6e2a-0000-4000-8000-00000000000{index}", "2025-03-01T09:10:02"]
            + ["", "", "submitted_via_web", "", "vX7kQ3", "", index]
        )
    result, imported_scores = imported(
        engine, tmp_path, "Maturity_-_all_versions.xlsx", xlsx_bytes(rows), "Kobo"
    )
    assert result.plan.tool == "KoboToolbox"
    assert set(KOBO_SYSTEM) <= set(result.ignored_columns)
    assert imported_scores == long_scores(engine, tmp_path, names)


def test_a_kobotoolbox_csv_with_xml_names_and_values_scores_like_the_long_layout(engine, tmp_path):
    names = [q.replace(".", "_") for q in QUESTIONS]  # XLSForm names: culture_q1
    rows: list[list[object]] = [["start", "end", "today", "deviceid", *names, *KOBO_SYSTEM]]
    for index, answers in enumerate(ANSWERS.values(), start=1):
        rows.append(
            ["2025-03-01T10:02:11.123+01:00", "2025-03-01T10:09:40.456+01:00", "2025-03-01", "enketo.org:Xy"]
            + [spelled(a, "xml") for a in answers]
            + [501234560 + index, f"uuid-{index}", "2025-03-01T09:10:02", "", "", "submitted_via_web"]
            + ["", "vX7kQ3", "", index]
        )
    data = csv_bytes(rows, delimiter=";", bom=True)
    result, imported_scores = imported(engine, tmp_path, "Maturity_-_latest_version.csv", data, "Kobo CSV")
    labels = {p: f"Response {501234560 + n}" for n, p in enumerate(ANSWERS, start=1)}
    assert result.plan.respondent.described == "column K '_id'"
    assert imported_scores == long_scores(engine, tmp_path, labels)
