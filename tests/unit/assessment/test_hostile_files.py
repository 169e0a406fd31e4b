"""Hostile response files end fast, with bounded work and a bounded list of problems.

Each file here is small on disk; what it expands to is not. None of these tests assert times:
they assert that reading stops (how many problems are kept, which limit is named).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from assessment.importing import ImportFileError, plan_columns, read_responses
from assessment.importing.tables import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PROBLEMS,
    MAX_ROWS,
    PROBLEMS_PER_KIND,
)
from questionnaires import DEFAULT_BANK_DIR, load_bank


@pytest.fixture(scope="module")
def bank():
    return load_bank(DEFAULT_BANK_DIR)


def refused(data: bytes, bank, filename: str = "hostile.csv") -> ImportFileError:
    with pytest.raises(ImportFileError) as raised:
        read_responses(data, filename=filename, bank=bank)
    return raised.value


def test_a_header_wider_than_any_spreadsheet_is_refused_with_a_message_not_a_traceback(bank):
    data = (",".join(f"c{n}" for n in range(18_300)) + "\n" + "1," * 10 + "\n").encode()
    error = refused(data, bank)
    assert f"at most {MAX_COLUMNS:,} columns" in str(error)
    with pytest.raises(ImportFileError):
        plan_columns(data, filename="hostile.csv", bank=bank)


def test_a_file_of_bad_rows_lists_at_most_fifty_of_each_kind_and_counts_the_rest(bank):
    rows = "".join(f"P{n},nope.q{n % 7},banana\n" for n in range(20_000))
    error = refused(("respondent,question,answer\n" + rows).encode(), bank)
    per_column: dict[str | None, int] = {}
    for problem in error.problems:
        per_column[problem.column] = per_column.get(problem.column, 0) + 1
    assert max(per_column.values()) <= PROBLEMS_PER_KIND + 1  # + the "stopped reading" line
    assert len(error.problems) <= 4 * PROBLEMS_PER_KIND
    assert error.total >= MAX_PROBLEMS
    assert "stopped reading" in str(error)
    assert len(str(error)) < 40_000


def test_reading_stops_at_the_first_rows_of_a_hopeless_file(bank):
    rows = "".join(f"P{n},nope,banana\n" for n in range(100_000))
    error = refused(("respondent,question,answer\n" + rows).encode(), bank)
    last_row = max(problem.row or 0 for problem in error.problems)
    assert last_row < 5_000


def test_a_file_with_more_rows_than_the_limit_is_refused_naming_the_limit(bank):
    rows = "".join(f"P{n},culture.leadership-mandate,3\n" for n in range(MAX_ROWS + 10))
    error = refused(("respondent,question,answer\n" + rows).encode(), bank)
    assert f"more than {MAX_ROWS:,} rows" in str(error)
    assert len(error.problems) == 1


def test_a_file_with_more_cells_than_the_limit_is_refused(bank):
    padding = "," * (MAX_COLUMNS - 3)  # empty header cells are allowed, and so are empty cells
    rows = "".join(
        f"P{n},culture.leadership-mandate,3{padding}\n" for n in range(MAX_CELLS // MAX_COLUMNS + 2)
    )
    error = refused((f"respondent,question,answer{padding}\n" + rows).encode(), bank)
    assert f"more than {MAX_CELLS:,} cells" in str(error)


def test_a_junk_file_is_refused_by_its_columns_before_its_rows_are_read(bank):
    rows = "".join(f"{n},lorem,ipsum,dolor\n" for n in range(MAX_ROWS * 2))
    error = refused(("alpha,beta,gamma,delta\n" + rows).encode(), bank)
    assert error.total == 4
    assert all(problem.row == 1 for problem in error.problems)


def xlsx_of_rows(count: int, row: list[object]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["respondent", "question", "answer"])
    for _ in range(count):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_small_xlsx_that_expands_to_many_bad_rows_stops_early(bank):
    data = xlsx_of_rows(300_000, ["Ada", "nope", "banana"])
    assert len(data) < 4 * 1024 * 1024
    error = refused(data, bank, "hostile.xlsx")
    assert error.total >= MAX_PROBLEMS
    assert len(error.problems) <= 4 * PROBLEMS_PER_KIND


def test_an_xlsx_whose_dimension_claims_a_million_rows_reads_only_its_rows(bank):
    data = xlsx_of_rows(1, ["Ada", "culture.leadership-mandate", "3"])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
            target.writestr(item, content)
    parsed = read_responses(out.getvalue(), filename="claims.xlsx", bank=bank)
    assert len(parsed.answers) == 1


def test_an_xlsx_whose_shared_strings_expand_beyond_the_limit_is_refused(bank):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>x</t></si>" * 5_000_000 + "</sst>")
    error = refused(out.getvalue(), bank, "bomb.xlsx")
    assert "expands to" in str(error)
