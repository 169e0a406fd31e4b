"""Benchmark the scoring engine (issue 3 figures).

1. 1,000,000 answers — 2,000 assessments × 5 respondents × 100 questions — scored into
   question, area, step and pillar scores for every assessment with ``score_tables``
   (target: ≤ 0.15 s median, peak memory ≤ 1 GB), against a naive per-answer Python loop
   on the same data (whose results must agree).
2. One assessment — 20 respondents × 50 questions — scored in full with
   ``score_assessment``, including backlog and roadmap (target: ≤ 50 ms).

The banks are synthesised into a temporary directory (100 and 50 questions, the real
framework); the answers are random with 3 % "not applicable" and 3 % "don't know", rows
ordered by assessment and respondent as an export or a database query gives them (one
run also shuffles them).
Run: ``.venv/bin/python benchmarks/bench_scoring.py [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from questionnaires import DEFAULT_BANK_DIR, Bank, BankError, load_bank
from scoring import answers as answers_module
from scoring.engine import score_assessment, score_tables
from scoring.fast_coding import CODING_WORKERS
from scoring.matrices import KINDS, bank_matrices

AREAS = ("culture", "devops", "architecture", "procurement", "skills")
STEPS = ("devops-cloud", "product-backlog", "layered-architecture", "supplier-collaboration", "digital-unit")
PILLARS = ("security", "interoperability", "identity", "data", "personalised-services")
SEED = 20261123


def synthetic_bank(directory: Path, questions: int, rng: np.random.Generator) -> Bank:
    """A valid bank with ``questions`` questions spread evenly over the five areas."""
    (directory / "areas").mkdir(parents=True)
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    per_area = questions // len(AREAS)
    for area in AREAS:
        records = []
        for number in range(per_area):
            steps = rng.choice(STEPS, size=int(rng.integers(1, 4)), replace=False)
            pillars = rng.choice(PILLARS, size=int(rng.integers(1, 3)), replace=False)
            prerequisites = (
                [{"question": f"{area}.q{number - 1:03d}", "level": int(rng.integers(2, 5))}]
                if number and rng.random() < 0.3
                else []
            )
            records.append(
                {
                    "id": f"{area}.q{number:03d}",
                    "text": f"Question {number} of {area}?",
                    "help": "Synthetic benchmark question.",
                    "weight": int(rng.integers(1, 4)),
                    "levels": {level: f"State {level}." for level in range(1, 6)},
                    "steps": {str(step): float(rng.choice([0.5, 1.0])) for step in steps},
                    "pillars": {str(pillar): float(rng.choice([0.5, 1.0])) for pillar in pillars},
                    "actions": {
                        level: {
                            "title": f"Reach {level}",
                            "description": "Do it.",
                            "effort": str(rng.choice(list("SML"))),
                        }
                        for level in range(2, 6)
                    },
                    "prerequisites": prerequisites,
                }
            )
        text = yaml.safe_dump({"area": area, "questions": records})
        (directory / "areas" / f"{area}.yaml").write_text(text, "utf-8")
    return load_bank(directory)


def synthetic_answers(
    bank: Bank, assessments: int, respondents: int, rng: np.random.Generator, answer_type: str
) -> pd.DataFrame:
    """Every respondent answers every question.

    ``answer_type`` "str" gives the answer column as read from a CSV ("3", "na"); "object"
    gives Python ints and strings, as built from database rows.
    """
    question_ids = np.array([question.id for question in bank.questions], dtype=object)
    count = assessments * respondents * len(question_ids)
    per_assessment = respondents * len(question_ids)
    assessment = np.repeat(
        np.array([f"dept-{i:05d}" for i in range(assessments)], dtype=object), per_assessment
    )
    respondent = np.tile(
        np.repeat(np.array([f"person-{i}" for i in range(respondents)], dtype=object), len(question_ids)),
        assessments,
    )
    question = np.tile(question_ids, assessments * respondents)
    levels = rng.integers(1, 6, size=count)
    draw = rng.random(count)
    answer = levels.astype(object) if answer_type == "object" else levels.astype(str).astype(object)
    answer[draw < 0.03] = "na"
    answer[(draw >= 0.03) & (draw < 0.06)] = "dont_know"
    frame = pd.DataFrame(
        {"assessment": assessment, "respondent": respondent, "question": question, "answer": answer}
    )
    columns = ["assessment", "respondent", "question"] + (["answer"] if answer_type == "str" else [])
    return frame.astype(dict.fromkeys(columns, "str"))


def naive_scores(answers: pd.DataFrame, bank: Bank) -> dict[str, dict[str, dict[str, float]]]:
    """The same area, step and pillar scores computed with a plain Python loop over the answers."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for assessment, question, answer in zip(
        answers["assessment"], answers["question"], answers["answer"], strict=True
    ):
        if answer in ("na", "dont_know"):
            continue
        cell = sums[(assessment, question)]
        cell[0] += int(answer)
        cell[1] += 1
    means: dict[str, dict[str, float]] = defaultdict(dict)
    for (assessment, question), (total, count) in sums.items():
        means[assessment][question] = total / count
    results: dict[str, dict[str, dict[str, float]]] = {}
    for assessment, question_means in means.items():
        numerators: dict[tuple[str, str], float] = defaultdict(float)
        denominators: dict[tuple[str, str], float] = defaultdict(float)
        for question in bank.questions:
            if question.id not in question_means:
                continue
            links = [("area", question.area, 1.0)]
            links += [("step", step, link) for step, link in question.steps.items()]
            links += [("pillar", pillar, link) for pillar, link in question.pillars.items()]
            for kind, dimension, link in links:
                numerators[(kind, dimension)] += question.weight * link * question_means[question.id]
                denominators[(kind, dimension)] += question.weight * link
        results[assessment] = {kind: {} for kind in KINDS}
        for (kind, dimension), numerator in numerators.items():
            results[assessment][kind][dimension] = numerator / denominators[(kind, dimension)]
    return results


def timed(function: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def describe(times: list[float]) -> str:
    return (
        f"median {statistics.median(times) * 1000:.1f} ms "
        f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, runs {len(times)})"
    )


def traced_peak_mb(function: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def largest_difference(tables: Any, naive: dict[str, dict[str, dict[str, float]]]) -> float:
    worst = 0.0
    for kind in KINDS:
        frame = tables.dimensions[kind].score
        for assessment, scores in naive.items():
            for dimension, value in scores[kind].items():
                worst = max(worst, abs(frame.at[assessment, dimension] - value))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per figure (median reported)")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    with tempfile.TemporaryDirectory() as temporary:
        big_bank = synthetic_bank(Path(temporary) / "bank100", 100, rng)
        workshop_bank = synthetic_bank(Path(temporary) / "bank50", 50, rng)
        bench_million(big_bank, rng, args.repeat)
        bench_workshop(workshop_bank, rng, max(args.repeat, 30))


def bench_million(bank: Bank, rng: np.random.Generator, repeat: int) -> None:
    print("== 1,000,000 answers: 2,000 assessments × 5 respondents × 100 questions ==")
    bank_matrices(bank)  # built once per bank version, as in the app
    text = synthetic_answers(bank, 2000, 5, rng, "str")
    objects = synthetic_answers(bank, 2000, 5, rng, "object")
    times, tables = timed(lambda: score_tables(text, bank), repeat)
    print(
        f"score_tables, text columns (as read from a CSV), {CODING_WORKERS} coding threads: {describe(times)}"
    )
    headline = statistics.median(times)
    with one_coding_thread():
        single, _ = timed(lambda: score_tables(text, bank), repeat)
    print(f"score_tables, text columns, 1 thread: {describe(single)}")
    shuffled = text.sample(frac=1.0, random_state=SEED).reset_index(drop=True)
    scattered, _ = timed(lambda: score_tables(shuffled, bank), repeat)
    print(f"score_tables, text columns, rows in random order: {describe(scattered)}")
    mixed, _ = timed(lambda: score_tables(objects, bank), repeat)
    print(f"score_tables, answer column of Python ints and strings (object): {describe(mixed)}")
    print(
        f"  output: overall {tables.overall.shape}, questions {tables.questions.shape}, "
        + ", ".join(f"{kind} {tables.dimensions[kind].score.shape}" for kind in KINDS)
    )
    peak = traced_peak_mb(lambda: score_tables(text, bank))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    arrow = pa.default_memory_pool()
    print(f"  memory: peak traced allocations (numpy/pandas) during one scoring: {peak:.0f} MB")
    print(
        f"  memory: pyarrow pool {arrow.bytes_allocated() / 1e6:.0f} MB in use (the input's text columns), "
        f"peak {arrow.max_memory() / 1e6:.0f} MB; process peak RSS with both input tables: {rss:.0f} MB"
    )
    naive_times, naive = timed(lambda: naive_scores(text, bank), 3)
    print(f"naive per-answer Python loop (area/step/pillar scores only): {describe(naive_times)}")
    print(f"  naive / score_tables: {statistics.median(naive_times) / headline:.1f}× slower")
    print(f"  largest difference between their scores: {largest_difference(tables, naive):.1e}")


@contextmanager
def one_coding_thread() -> Iterator[None]:
    saved = answers_module.PARALLEL_ROWS
    answers_module.PARALLEL_ROWS = sys.maxsize
    try:
        yield
    finally:
        answers_module.PARALLEL_ROWS = saved


def bench_workshop(bank: Bank, rng: np.random.Generator, repeat: int) -> None:
    print("== one assessment: 20 respondents × 50 questions, with backlog and roadmap ==")
    workshop = synthetic_answers(bank, 1, 20, rng, "object")
    score_assessment(workshop, bank)  # warm the bank matrices
    times, result = timed(lambda: score_assessment(workshop, bank), repeat)
    print(
        f"score_assessment (synthetic 50-question bank): {describe(times)}; "
        f"{len(result.backlog)} backlog items, {len(result.discussion_points)} discussion points"
    )
    try:
        shipped = load_bank()
    except BankError:
        print("shipped bank does not load yet: skipped")
        return
    ids = [question.id for question in shipped.questions]
    workshop = pd.DataFrame(
        {
            "assessment": "workshop",
            "respondent": np.repeat([f"person-{i}" for i in range(20)], len(ids)),
            "question": np.tile(ids, 20),
            "answer": rng.integers(1, 6, size=20 * len(ids)).astype(object),
        }
    )
    score_assessment(workshop, shipped)
    times, result = timed(lambda: score_assessment(workshop, shipped), repeat)
    print(
        f"score_assessment (shipped bank, {len(ids)} questions): {describe(times)}; "
        f"{len(result.backlog)} backlog items"
    )


if __name__ == "__main__":
    main()
