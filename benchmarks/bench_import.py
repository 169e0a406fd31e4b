"""Benchmark: import a 100,000-row long CSV into a new assessment (issue 4; target ≤ 5 s).

The file: 2,000 respondents × 50 questions of a synthetic 50-question bank, UTF-8 with a
BOM, semicolons, Windows line ends, level names, "N/A" and "don't know" mixed in, a note on
one answer in twenty — what a survey tool hands over. The time covers reading, checking
every row, and writing and committing everything (``import_file`` in one transaction).
Runs on SQLite and, when reachable, on PostgreSQL; median of ``--repeat`` runs.
Run: ``.venv/bin/python benchmarks/bench_import.py [--rows 100000 --repeat 3]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from persistence_support import backends, bank_with, fresh_database

from assessment import services
from assessment.access import Actor
from assessment.db import session_scope
from assessment.importing import import_file
from questionnaires import Bank

OPERATOR = Actor.operator()

QUESTIONS = 50
ANSWER_WORDS = ("1", "2", "3", "4", "5", "Managed", "Defined", "N/A", "don't know")


def write_csv(path: Path, bank: Bank, rows: int) -> None:
    rng = random.Random(20250313)
    questions = [question.id for question in bank.questions]
    lines = ["respondent;question;answer;note"]
    for index in range(rows):
        respondent, question = divmod(index, len(questions))
        note = f"Evidence {index}: see the intranet" if rng.random() < 0.05 else ""
        lines.append(f"Respondent {respondent:05d};{questions[question]};{rng.choice(ANSWER_WORDS)};{note}")
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        bank = bank_with(QUESTIONS, Path(directory) / "bank")
        source = Path(directory) / "responses.csv"
        write_csv(source, bank, args.rows)
        size_mb = source.stat().st_size / 1024 / 1024
        print(f"import: {args.rows:,} rows ({size_mb:.1f} MB), median of {args.repeat}")
        for backend in backends():
            with fresh_database(backend) as engine:
                times = []
                for run in range(args.repeat):
                    began = time.perf_counter()
                    with session_scope(engine) as session:
                        result = import_file(
                            actor=OPERATOR,
                            session=session,
                            path=source,
                            organisation="Bench",
                            unit=f"Unit {run}",
                            bank=bank,
                        )
                    times.append(time.perf_counter() - began)
                with session_scope(engine, write=False) as session:
                    stored = services.answers_version(
                        actor=OPERATOR, session=session, assessment_id=result.assessment.id
                    )[0]
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(
                f"{backend:<11} median {statistics.median(times):.2f} s (runs: {runs}); "
                f"{result.respondents} respondents, {result.answers:,} answers stored ({stored:,} counted)"
            )


if __name__ == "__main__":
    main()
