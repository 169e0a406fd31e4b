"""Benchmark: turning stored answers into scores, as stored text vs as parsed Python answers.

The services hand the scoring engine the answers' stored text ("3", "na"), which it reads
straight from the bytes of a pyarrow string column; before, every read mapped the text to
Python ints and strings first, which sends the engine down its general path. Measured: CPU
time of building the answers frame and ``score_tables`` on 400 assessments × 3 respondents ×
the shipped bank's questions (60,000 answers), median of 7 runs.
Run: ``.venv/bin/python benchmarks/bench_answer_reading.py``.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from questionnaires import load_bank
from questionnaires.answers import from_stored
from scoring.engine import score_tables

ASSESSMENTS, RESPONDENTS, REPEAT = 400, 3, 7
STORED = ("1", "2", "3", "4", "5", "na", "dont_know")


def main() -> None:
    bank = load_bank()
    rng = random.Random(7)
    rows = [
        (str(assessment), f"R{respondent}", question.id, rng.choice(STORED))
        for assessment in range(ASSESSMENTS)
        for respondent in range(RESPONDENTS)
        for question in bank.questions
    ]
    columns = dict(
        zip(("assessment", "respondent", "question", "answer"), zip(*rows, strict=True), strict=True)
    )

    def frame(parsed: bool) -> pd.DataFrame:
        answers = pd.DataFrame({**columns, "note": [None] * len(rows)})
        answers["answer"] = answers["answer"].map(from_stored).astype(object) if parsed else answers["answer"]
        return answers

    print(f"{len(rows):,} stored answers to scores, CPU time, median of {REPEAT}")
    for label, parsed in (("parsed into Python answers", True), ("stored text, byte fast path", False)):
        times = []
        for _ in range(REPEAT):
            began = time.process_time()
            score_tables(frame(parsed), bank)
            times.append(time.process_time() - began)
        print(f"  {label:<28} {statistics.median(times) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
