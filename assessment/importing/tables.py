"""Reading a CSV or XLSX file into numbered rows of cells, and the problems an import reports.

CSV must be UTF-8 (a BOM is fine) or UTF-16 with its BOM (Excel's "Unicode Text"), delimited
by commas, semicolons or tabs (whichever the first line has most of), with any line ends;
XLSX is read from its first sheet. Files above the import limit are refused before they are
read. Cell text loses the quote our own exports put before formula characters (see
:mod:`assessment.exporting`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from assessment.errors import WayfinderError
from assessment.exporting import FORMULA_PREFIX, FORMULA_TRIGGERS
from assessment.settings import get_settings

DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text" and some survey exports

Row = tuple[int, list[Any]]  # the row's number as the file shows it (the header being 1), its cells


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file; ``row`` and ``column`` as the user sees them."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [part for part in (f"row {self.row}" if self.row else None, self.column) if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ImportFileError(WayfinderError):
    """A file that cannot be imported; ``problems`` lists every reason. Nothing was saved.

    ``plan`` is the wide file's :class:`~assessment.importing.parsed.ColumnPlan` when its
    columns were read, so a caller can show which ones need a mapping.
    """

    def __init__(self, filename: str, problems: Sequence[ImportProblem], *, plan: Any = None) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        self.plan = plan
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(
            f"{filename} cannot be imported ({len(self.problems)} problem(s); nothing was saved):\n{listing}"
        )


def file_error(filename: str, message: str) -> ImportFileError:
    """The error for a problem of the whole file, with no row or column."""
    return ImportFileError(filename, [ImportProblem(None, None, message)])


def read_limited(path: Path, limit_bytes: int | None = None) -> bytes:
    """The file's bytes, refusing files above the import limit before reading them."""
    try:
        check_size(path.name, path.stat().st_size, limit_bytes)
        return path.read_bytes()
    except OSError as error:
        raise file_error(path.name, f"cannot be read: {error.strerror or error}") from None


def check_size(filename: str, size: int, limit_bytes: int | None = None) -> None:
    """Refuse a file of ``size`` bytes above ``limit_bytes`` (default: the configured import limit)."""
    limit = get_settings().import_limit_bytes if limit_bytes is None else limit_bytes
    if size > limit:
        raise file_error(
            filename,
            f"the file is {size / 1024 / 1024:.1f} MB; the import limit is {limit / 1024 / 1024:.0f} MB "
            "(split the file, or raise WAYFINDER_IMPORT_LIMIT_MB)",
        )


def table_rows(data: bytes, filename: str) -> Iterator[Row]:
    """The rows of a CSV or XLSX file's bytes; XLSX is told by its content, not its name."""
    if data.startswith(XLSX_MAGIC):
        return _xlsx_rows(data, filename)
    if data.startswith(OLE_MAGIC):
        raise file_error(filename, "old Excel .xls files are not supported: save it as .xlsx or as CSV UTF-8")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise file_error(
            filename, "is not a valid XLSX file (it is not a zip archive); save it again from Excel"
        )
    return _csv_rows(data, filename)


def _csv_rows(data: bytes, filename: str) -> Iterator[Row]:
    try:
        text = data.decode("utf-16") if data.startswith(UTF16_BOMS) else data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(
            filename,
            f"is not UTF-8 text (undecodable byte at position {error.start}); "
            "if it is a CSV, save it as 'CSV UTF-8'; else import a .csv or .xlsx file",
        ) from None
    if "\x00" in text:
        raise file_error(filename, "contains binary data (NUL bytes): import a .csv or .xlsx file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise file_error(filename, f"row {start}: the CSV cannot be read ({error})") from None


def _delimiter(text: str) -> str:
    """The delimiter of the first non-empty line: whichever of , ; tab it has most of."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=first.count)


def _xlsx_rows(data: bytes, filename: str) -> Iterator[Row]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise file_error(filename, f"is not a readable XLSX workbook ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A cell as trimmed text: empty for None, ``3`` for the 3.0 spreadsheets store."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def neutral_text(value: Any) -> str:
    """Cell text without the quote our own exports put before = + - @ (see exporting)."""
    text = cell_text(value)
    if text.startswith(FORMULA_PREFIX) and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text
