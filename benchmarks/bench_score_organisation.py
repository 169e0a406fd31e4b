"""Benchmark: score every assessment of a 200-unit organisation from the database (issue 4; ≤ 2 s).

The organisation: 200 units, each assessed twice a year apart by 3 respondents answering
all 50 questions of a synthetic bank — 400 assessments, 60,000 answers. Timed:
``services.score_organisation`` (load the answers, score every assessment, compare each
unit's latest with its previous one) and ``services.overall_scores`` (what ``list`` and the
home page use), each in a fresh read-only session, median of ``--repeat`` runs.
Runs on SQLite and, when reachable, on PostgreSQL.
Run: ``.venv/bin/python benchmarks/bench_score_organisation.py [--units 200 --repeat 5]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from persistence_support import backends, bank_with, fresh_database
from sqlalchemy import Engine

from assessment import services
from assessment.access import Actor
from assessment.db import session_scope
from questionnaires import Bank

OPERATOR = Actor.operator()

QUESTIONS = 50
RESPONDENTS = 3
ROUNDS = (date(2024, 3, 1), date(2025, 3, 1))


def build(engine: Engine, bank: Bank, units: int) -> int:
    rng = random.Random(4)
    questions = [question.id for question in bank.questions]
    with session_scope(engine) as session:
        organisation = services.create_organisation(
            actor=OPERATOR, session=session, name="Government of Benchmarkia"
        )
        for number in range(units):
            unit = services.create_unit(
                actor=OPERATOR,
                session=session,
                organisation_id=organisation.id,
                name=f"Department {number:03d}",
            )
            for year, assessed_on in enumerate(ROUNDS):
                assessment = services.create_assessment(actor=OPERATOR,
                    session=session, unit_id=unit.id, title=f"Round {year + 1}", mode="workshop",
                    assessed_on=assessed_on, bank=bank,
                )  # fmt: skip
                for person in range(RESPONDENTS):
                    respondent = services.add_respondent(
                        actor=OPERATOR, session=session, assessment_id=assessment.id, label=f"Person {person}"
                    )
                    answers = {q: min(5, rng.randint(1, 4) + year) for q in questions}
                    services.save_answers(
                        actor=OPERATOR,
                        session=session,
                        respondent_id=respondent.id,
                        answers=answers,
                        bank=bank,
                    )
    return organisation.id


def timed(engine: Engine, work: Callable[..., Any], repeat: int) -> tuple[float, list[float], Any]:
    """Median wall time of ``work(session=…)``, each run in a fresh read-only session."""
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        with session_scope(engine, write=False) as session:
            result = work(session=session)
        times.append(time.perf_counter() - began)
    return statistics.median(times), times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        bank = bank_with(QUESTIONS, Path(directory) / "bank")
        answers = args.units * len(ROUNDS) * RESPONDENTS * QUESTIONS
        print(
            f"score an organisation: {args.units} units × {len(ROUNDS)} assessments × {RESPONDENTS} "
            f"respondents × {QUESTIONS} questions = {answers:,} answers; median of {args.repeat}"
        )
        for backend in backends():
            with fresh_database(backend) as engine:
                organisation_id = build(engine, bank, args.units)
                compare = partial(
                    services.score_organisation, actor=OPERATOR, organisation_id=organisation_id, bank=bank
                )
                overall = partial(
                    services.overall_scores, actor=OPERATOR, organisation_id=organisation_id, bank=bank
                )
                median, times, comparison = timed(engine, compare, args.repeat)
                overall_median, overall_times, scores = timed(engine, overall, args.repeat)
            runs = ", ".join(f"{t:.3f}" for t in times)
            print(
                f"{backend:<11} score_organisation median {median:.3f} s (runs: {runs}); "
                f"{len(comparison.entries)} units ranked, {len(comparison.changes)} changes"
            )
            print(
                f"{backend:<11} overall_scores     median {overall_median:.3f} s "
                f"(runs: {', '.join(f'{t:.3f}' for t in overall_times)}); {len(scores)} assessments scored"
            )


if __name__ == "__main__":
    main()
