"""Reading a CSV or XLSX file into numbered rows of cells, and the problems an import reports.

CSV must be UTF-8 (a BOM is fine) or UTF-16 with its BOM (Excel's "Unicode Text"), delimited
by commas, semicolons or tabs (whichever the first line has most of), with any line ends;
XLSX is read from its first sheet, streamed row by row. Files above the import limit are
refused before they are read. Cell text loses the quote our own exports put before formula
characters (see :mod:`assessment.file_formats`).

The bytes are not the only bound: a 150 KB XLSX can expand to a million rows. Reading stops
at ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns or ``MAX_CELLS`` cells, an XLSX whose parts
expand beyond ``XLSX_EXPANDED_LIMIT`` is refused before it is opened, and a file with
``MAX_PROBLEMS`` problems is hopeless: reading stops there. Of the problems found, the first
``PROBLEMS_PER_KIND`` of each column are listed, and all are counted.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from assessment.errors import WayfinderError
from assessment.file_formats import FORMULA_PREFIX, FORMULA_TRIGGERS
from assessment.settings import get_settings
from questionnaires.i18n import _, ngettext
from questionnaires.problem_text import located
from scoring.formatting import count_text, score_text

DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text" and some survey exports

Row = tuple[int, list[Any]]  # the row's number as the file shows it (the header being 1), its cells

# What one import may cost, whatever the file says. A workshop of 2,000 people answering 100
# questions is 200,000 rows in the long layout; the cells bound keeps memory near 150 MB.
MAX_ROWS = 200_000
MAX_COLUMNS = 2_000  # far more than a bank and a survey tool's own columns (and than 'ZZZ')
MAX_CELLS = 1_000_000
XLSX_EXPANDED_LIMIT = 400 * 1024 * 1024  # the workbook's parts, uncompressed
XLSX_SHARED_STRINGS_LIMIT = 40 * 1024 * 1024  # read whole by openpyxl, so bounded on its own
MAX_PROBLEMS = 1_000  # a file with this many problems is hopeless: reading stops
PROBLEMS_PER_KIND = 50  # listed per column (and for problems of whole rows)


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file; ``row`` and ``column`` as the user sees them."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = _("row {row}").format(row=self.row) if self.row else None
        where = [part for part in (row, self.column) if part]
        return located(", ".join(where), self.message)


class ImportFileError(WayfinderError):
    """A file that cannot be imported; ``problems`` lists the reasons. Nothing was saved.

    ``total`` counts every problem found, of which ``problems`` lists the first
    ``PROBLEMS_PER_KIND`` of each column, then, when reading stopped early (``stopped_at``),
    a line saying where. ``plan`` is the wide file's
    :class:`~assessment.importing.parsed.ColumnPlan` when its columns were read, so a caller
    can show which ones need a mapping.
    """

    def __init__(
        self,
        filename: str,
        problems: Iterable[ImportProblem],
        *,
        plan: Any = None,
        total: int | None = None,
        stopped_at: int | None = None,
    ) -> None:
        listed = tuple(problems)
        self.filename = filename
        self.total = max(total or 0, len(listed))
        self.plan = plan
        hidden = self.total - len(listed)
        if stopped_at is not None:
            stop = _(
                "stopped reading at row {row} after {count} problems: fix these (is it the right file?) "
                "and import again"
            ).format(row=count_text(stopped_at), count=count_text(self.total))
            listed += (ImportProblem(None, None, stop),)
        self.problems = listed
        lines = [
            # English keeps "problem(s)" in both forms, as scripts reading the command's output expect.
            ngettext(
                "{filename} cannot be imported ({count} problem(s); nothing was saved):",
                "{filename} cannot be imported ({count} problem(s); nothing was saved):",
                self.total,
            ).format(filename=filename, count=count_text(self.total)),
            *(f"  - {problem}" for problem in self.problems),
        ]
        if hidden > 0:
            more = ngettext(
                "and {count} more of the same kinds", "and {count} more of the same kinds", hidden
            ).format(count=count_text(hidden))
            lines.append(f"  … {more}")
        super().__init__("\n".join(lines))


class HopelessFileError(Exception):
    """Raised by :class:`Problems` at ``MAX_PROBLEMS``: the reader stops and reports what it has."""

    def __init__(self, row: int | None) -> None:
        super().__init__(row)
        self.row = row


class Problems:
    """The problems of one file: every one counted, the first ``PROBLEMS_PER_KIND`` of each
    column kept, and :class:`HopelessFileError` at ``MAX_PROBLEMS`` so reading stops there.

    Used like the list it replaces: ``append``, ``len`` (all found), iteration (those kept).
    """

    def __init__(self, problems: Iterable[ImportProblem] = ()) -> None:
        self.kept: list[ImportProblem] = []
        self.total = 0
        self._per_column: Counter[str | None] = Counter()
        for problem in problems:
            self.append(problem)

    def append(self, problem: ImportProblem) -> None:
        self.total += 1
        self._per_column[problem.column] += 1
        if self._per_column[problem.column] <= PROBLEMS_PER_KIND:
            self.kept.append(problem)
        if self.total >= MAX_PROBLEMS:
            raise HopelessFileError(problem.row)

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[ImportProblem]:
        return iter(self.kept)

    def error(self, filename: str, *, plan: Any = None, stopped_at: int | None = None) -> ImportFileError:
        """The :class:`ImportFileError` listing these problems (and where reading stopped)."""
        return ImportFileError(filename, self.kept, plan=plan, total=self.total, stopped_at=stopped_at)


def described_column(letter: str, header: str) -> str:
    """ "column C 'Header'" (or "column C" without a header), as problems name a column."""
    if header:
        return _("column {letter} '{header}'").format(letter=letter, header=header)
    return _("column {letter}").format(letter=letter)


def file_error(filename: str, message: str) -> ImportFileError:
    """The error for a problem of the whole file, with no row or column."""
    return ImportFileError(filename, [ImportProblem(None, None, message)])


def read_limited(path: Path, limit_bytes: int | None = None) -> bytes:
    """The file's bytes, refusing files above the import limit before reading them."""
    try:
        check_size(path.name, path.stat().st_size, limit_bytes)
        return path.read_bytes()
    except OSError as error:
        raise file_error(
            path.name, _("cannot be read: {reason}").format(reason=error.strerror or error)
        ) from None


def check_size(filename: str, size: int, limit_bytes: int | None = None) -> None:
    """Refuse a file of ``size`` bytes above ``limit_bytes`` (default: the configured import limit)."""
    limit = get_settings().import_limit_bytes if limit_bytes is None else limit_bytes
    if size > limit:
        raise file_error(
            filename,
            _(
                "the file is {size} MB; the import limit is {limit} MB "
                "(split the file, or raise WAYFINDER_IMPORT_LIMIT_MB)"
            ).format(size=score_text(size / 1024 / 1024, 1), limit=count_text(round(limit / 1024 / 1024))),
        )


def table_rows(data: bytes, filename: str) -> Iterator[Row]:
    """The rows of a CSV or XLSX file's bytes; XLSX is told by its content, not its name.

    Rows come one at a time, and reading stops with an :class:`ImportFileError` at the first
    row beyond ``MAX_ROWS``, ``MAX_COLUMNS`` or ``MAX_CELLS``.
    """
    return _bounded(_rows(data, filename), filename)


def _bounded(rows: Iterator[Row], filename: str) -> Iterator[Row]:
    cells = 0
    for count, (number, row) in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise file_error(
                filename,
                _("has more than {count} rows: split it into several files").format(
                    count=count_text(MAX_ROWS)
                ),
            )
        if len(row) > MAX_COLUMNS:
            raise file_error(
                filename,
                _(
                    "row {row} has {count} columns; at most {limit} columns are read (is it a response file?)"
                ).format(row=number, count=count_text(len(row)), limit=count_text(MAX_COLUMNS)),
            )
        cells += len(row)
        if cells > MAX_CELLS:
            raise file_error(
                filename,
                _("has more than {count} cells (reached at row {row}): split it into several files").format(
                    count=count_text(MAX_CELLS), row=count_text(number)
                ),
            )
        yield number, row


def _rows(data: bytes, filename: str) -> Iterator[Row]:
    if data.startswith(XLSX_MAGIC):
        return _xlsx_rows(data, filename)
    if data.startswith(OLE_MAGIC):
        raise file_error(
            filename, _("old Excel .xls files are not supported: save it as .xlsx or as CSV UTF-8")
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise file_error(
            filename, _("is not a valid XLSX file (it is not a zip archive); save it again from Excel")
        )
    return _csv_rows(data, filename)


def _csv_rows(data: bytes, filename: str) -> Iterator[Row]:
    try:
        text = data.decode("utf-16") if data.startswith(UTF16_BOMS) else data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(
            filename,
            _(
                "is not UTF-8 text (undecodable byte at position {position}); "
                "if it is a CSV, save it as 'CSV UTF-8'; else import a .csv or .xlsx file"
            ).format(position=error.start),
        ) from None
    if "\x00" in text:
        raise file_error(filename, _("contains binary data (NUL bytes): import a .csv or .xlsx file"))
    lines = _lines(text)
    first = next((line for line in _lines(text) if line.strip()), "")
    reader = csv.reader(lines, delimiter=max(DELIMITERS, key=first.count), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise file_error(
            filename, _("row {row}: the CSV cannot be read ({reason})").format(row=start, reason=error)
        ) from None


def _lines(text: str) -> Iterator[str]:
    """``text``'s lines with their ends, one at a time: no copy of a 20 MB text (a ``StringIO``
    holds four bytes a character, ``splitlines`` a list of every line). Line ends are ``\n``
    or ``\r\n``, or ``\r`` alone in a file that has no ``\n``; the CSV reader keeps line
    breaks inside quoted cells."""
    end_of_line = "\n" if "\n" in text or "\r" not in text else "\r"
    start = 0
    while start < len(text):
        end = text.find(end_of_line, start)
        if end == -1:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _xlsx_rows(data: bytes, filename: str) -> Iterator[Row]:
    """The first worksheet's rows, streamed as its XML is parsed.

    openpyxl's read-only workbook would first scan the whole sheet for its size when the file
    states none (57 s for a 150 KB file of a million rows) and pad rows to a size the file
    claims; its sheet parser alone streams, so it is used directly.
    """
    try:
        _check_expansion(data, filename)
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)  # which numbers are dates
        target = next(
            rel.target
            for _sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        )
        source = reader.archive.open(target)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, StopIteration) as error:
        message = (
            _("is not a readable XLSX workbook ({reason})").format(reason=error)
            if str(error)
            else _("is not a readable XLSX workbook")
        )
        raise file_error(filename, message) from None
    parser = WorkSheetParser(
        source,
        reader.shared_strings,
        data_only=True,
        epoch=reader.wb.epoch,
        date_formats=reader.wb._date_formats,
        timedelta_formats=reader.wb._timedelta_formats,
    )
    try:
        for number, cells in parser.parse():
            width = max((cell["column"] for cell in cells), default=0)
            if width > MAX_COLUMNS:
                message = _("row {row} reaches column {column}; at most {limit} columns are read").format(
                    row=number, column=count_text(width), limit=count_text(MAX_COLUMNS)
                )
                raise file_error(filename, message)
            values: list[Any] = [None] * width
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield number, values
    except (ValueError, KeyError, SyntaxError) as error:  # broken XML, a cell reference beyond 'XFD'
        raise file_error(
            filename, _("is not a readable XLSX workbook ({reason})").format(reason=error)
        ) from None
    finally:
        source.close()
        reader.archive.close()


def _check_expansion(data: bytes, filename: str) -> None:
    """Refuse a workbook whose parts expand beyond the limits, before openpyxl unpacks any.

    The sizes are the archive's own claims; :mod:`zipfile` never returns more than claimed.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    expanded = sum(part.file_size for part in parts)
    shared = sum(part.file_size for part in parts if part.filename.lower().endswith("sharedstrings.xml"))
    if expanded > XLSX_EXPANDED_LIMIT or shared > XLSX_SHARED_STRINGS_LIMIT:
        raise file_error(
            filename,
            _(
                "expands to {size} MB when unpacked (its text alone to {text} MB); at most {limit} MB "
                "({text_limit} MB of text) are read: split the file"
            ).format(
                size=count_text(round(expanded / 1024 / 1024)),
                text=count_text(round(shared / 1024 / 1024)),
                limit=XLSX_EXPANDED_LIMIT // 1024 // 1024,
                text_limit=XLSX_SHARED_STRINGS_LIMIT // 1024 // 1024,
            ),
        )


def cell_text(value: Any) -> str:
    """A cell as trimmed text: empty for None, ``3`` for the 3.0 spreadsheets store."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def neutral_text(value: Any) -> str:
    """Cell text without the quote our own exports put before = + - @ (see file_formats)."""
    text = cell_text(value)
    if text.startswith(FORMULA_PREFIX) and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text
