"""The bytes of the export files: JSON documents, CSV tables and XLSX workbooks.

CSV and XLSX hold tables for people and spreadsheets, so every text cell that a spreadsheet
would run as a formula — starting with ``=``, ``+``, ``-``, ``@``, tab, CR or NUL — gets a
leading ``'`` (OWASP "CSV injection"); the importer removes that quote again. Missing values
(``None``, NaN) are written as empty cells, or as ``null`` in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
FORMULA_PREFIX = "'"


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would treat as a formula, made inert by a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return FORMULA_PREFIX + value
    return value


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON objects, missing values as ``None``."""
    return [
        {k: (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict(orient="records")
    ]


def json_bytes(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_iso).encode("utf-8")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM (so Excel reads accents), comma-separated, every text cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([_cell(column) for column in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow(["" if cell is None else cell for cell in map(_cell, row)])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(first: tuple[str, pd.DataFrame], tables: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per table, ``first`` in front; text cells neutralised, control characters dropped."""
    workbook = Workbook(write_only=True)
    for title, frame in [first, *((name.capitalize(), frame) for name, frame in tables.items())]:
        sheet = workbook.create_sheet(title)
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(column) for column in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_cell(value: Any) -> Any:
    """A cell as every XLSX export writes it: neutralised, without the control characters XLSX refuses."""
    value = _cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _cell(value: Any) -> Any:
    if _missing(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return neutralise(value)
