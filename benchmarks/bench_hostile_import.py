"""Benchmark: a server's peak memory importing hostile files, next to normal ones (issue 13).

Each import runs in a fresh subprocess that first loads what an app server holds (Streamlit,
pandas, the services, the bank, a migrated SQLite database), reads its resident memory, then
imports one file with ``import_file`` and reports its peak resident memory (``ru_maxrss``),
the seconds taken, and how it ended: imported, or refused with how many problems and how long
the message is. The files, all under the 20 MB upload limit:

* normal: a 100,000-row long CSV (2,000 respondents × 50 questions, as ``bench_import.py``),
  and the same answers as an XLSX;
* hostile: an XLSX of a few hundred KB that expands to 1,000,000 bad rows; a 19.8 MB CSV of
  junk; a CSV whose header has 18,300 cells (wider than any spreadsheet, an 18 KB file).

Run: ``.venv/bin/python benchmarks/bench_hostile_import.py [--project DIR]``; ``--project``
runs the imports with another checkout's code (e.g. ``git archive`` of an older commit), for
the figures before a change.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

# The subprocess: a server's imports first, then one import, measured.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import pandas, streamlit  # what an app server has loaded
from assessment import services
from assessment.access import Actor
from assessment.db import create_db_engine, session_scope, upgrade
from assessment.importing import ImportFileError, import_file

path, database = Path(sys.argv[1]), sys.argv[2]
engine = create_db_engine(database)
upgrade(engine)
bank = services.current_bank()

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")

before = rss_mb()
began = time.perf_counter()
try:
    with session_scope(engine) as session:
        result = import_file(session=session, actor=Actor.operator(), path=path,
                             organisation="Bench", unit=path.stem, bank=bank)
    outcome = f"imported {result.answers:,} answers"
except ImportFileError as error:
    total = getattr(error, "total", len(error.problems))  # older code counted only what it listed
    outcome = (f"refused: {total:,} problem(s), {len(error.problems)} listed, "
               f"message {len(str(error)):,} chars")
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"before_mb": before, "peak_mb": peak, "seconds": seconds, "outcome": outcome}))
"""

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
ANSWERS = ("1", "2", "3", "4", "5", "Managed", "Defined", "N/A", "don't know")


def normal_rows(questions: list[str], rows: int = 100_000) -> list[tuple[str, str, str]]:
    rng = random.Random(13)
    return [
        (f"Respondent {index // len(questions):05d}", questions[index % len(questions)], rng.choice(ANSWERS))
        for index in range(rows)
    ]


def write_normal_csv(path: Path, rows: list[tuple[str, str, str]]) -> None:
    lines = ["respondent,question,answer", *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def write_xlsx(path: Path, header: list[str], rows: object, count: int) -> None:
    """A minimal workbook written as XML straight into the zip (inline strings), streamed."""
    relationship = f'<Relationship Id="rId1" Type="{DOCUMENT}/{{kind}}" Target="{{target}}"/>'
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{PACKAGE}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPES}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPES}.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE}/relationships">'
        + relationship.format(kind="officeDocument", target="xl/workbook.xml")
        + "</Relationships>",
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE}/relationships">'
        + relationship.format(kind="worksheet", target="worksheets/sheet1.xml")
        + "</Relationships>",
    }

    def row_xml(number: int, cells: tuple[str, ...] | list[str]) -> str:
        inner = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in cells)
        return f'<row r="{number}">{inner}</row>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            sheet.write(row_xml(1, header).encode())
            chunk: list[str] = []
            for number in range(2, count + 2):
                chunk.append(row_xml(number, rows(number)))  # type: ignore[operator]
                if len(chunk) == 10_000:
                    sheet.write("".join(chunk).encode())
                    chunk.clear()
            sheet.write("".join(chunk).encode() + b"</sheetData></worksheet>")


def write_junk_csv(path: Path, size: int = int(19.8 * 1024 * 1024)) -> None:
    rng = random.Random(7)
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6)) for _ in range(500)]
    line_count = size // 40
    lines = [",".join(rng.choice(words) for _ in range(5)) for _ in range(line_count)]
    path.write_text("\n".join(lines)[:size], "utf-8")


def measure(path: Path, database: str, project: Path) -> dict[str, object]:
    finished = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), database],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if finished.returncode != 0:
        last_line = (finished.stderr.strip().splitlines() or ["?"])[-1][:120]
        nothing = float("nan")
        outcome = f"crashed: {last_line}"
        return {"before_mb": nothing, "peak_mb": nothing, "seconds": nothing, "outcome": outcome}
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=PROJECT_DIR, help="the checkout whose code imports")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    from questionnaires import DEFAULT_BANK_DIR, load_bank

    questions = [question.id for question in load_bank(DEFAULT_BANK_DIR).questions]
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        rows = normal_rows(questions)
        files = {
            "normal: 100,000-row CSV": folder / "normal.csv",
            "normal: 100,000-row XLSX": folder / "normal.xlsx",
            "hostile: XLSX of 1,000,000 bad rows": folder / "million.xlsx",
            "hostile: 19.8 MB junk CSV": folder / "junk.csv",
            "hostile: CSV header of 18,300 cells": folder / "wide.csv",
        }
        write_normal_csv(files["normal: 100,000-row CSV"], rows)
        write_xlsx(files["normal: 100,000-row XLSX"], ["respondent", "question", "answer"],
                   lambda number: rows[number - 2], len(rows))  # fmt: skip
        write_xlsx(files["hostile: XLSX of 1,000,000 bad rows"], ["respondent", "question", "answer"],
                   lambda number: (f"P{number}", "no-such-question", "banana"), 1_000_000)  # fmt: skip
        write_junk_csv(files["hostile: 19.8 MB junk CSV"])
        files["hostile: CSV header of 18,300 cells"].write_text(
            ",".join(f"c{n}" for n in range(18_300)) + "\n1,2,3\n", "utf-8"
        )
        print(f"{'file':38} {'size':>9} {'RSS before':>11} {'peak RSS':>9} {'seconds':>8}  outcome")
        for label, path in files.items():
            figures = measure(path, f"sqlite:///{folder / (path.stem + '.db')}", args.project)
            size = path.stat().st_size
            size_text = f"{size / 1024 / 1024:.1f} MB" if size > 1024 * 1024 else f"{size / 1024:.0f} KB"
            print(
                f"{label:38} {size_text:>9} {figures['before_mb']:>8.0f} MB {figures['peak_mb']:>6.0f} MB "
                f"{figures['seconds']:>8.1f}  {figures['outcome']}"
            )


if __name__ == "__main__":
    main()
