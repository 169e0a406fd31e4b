"""Benchmark: score every assessment of a 200-unit organisation from the database (issue 4; ≤ 2 s).

The organisation: 200 units, each assessed twice a year apart by 3 respondents answering
all 50 questions of a synthetic bank — 400 assessments, 60,000 answers. Timed:
``services.score_organisation`` (load the answers, score every assessment, compare each
unit's latest with its previous one) and ``services.overall_scores`` (what ``list`` and the
home page use), each in a fresh read-only session, median of ``--repeat`` runs; since issue 14
also ``services.score_assessment`` (one assessment) and the first rebuild of a stored bank.
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
from sqlmodel import Session

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
                # Each assessment is scored with its own stored bank (issue 14).
                of_organisation = {"actor": OPERATOR, "organisation_id": organisation_id}
                compare = partial(services.score_organisation, **of_organisation)
                overall = partial(services.overall_scores, **of_organisation)
                median, times, comparison = timed(engine, compare, args.repeat)
                overall_median, overall_times, scores = timed(engine, overall, args.repeat)
                one = partial(services.score_assessment, actor=OPERATOR, assessment_id=min(scores))
                one_median, _, _ = timed(engine, one, args.repeat * 4)
                cold = cold_bank_load(engine, bank.version, args.repeat)
                alternated = before_and_after(engine, organisation_id, min(scores), bank, args.repeat * 3)
            runs = ", ".join(f"{t:.3f}" for t in times)
            print(
                f"{backend:<11} score_organisation median {median:.3f} s (runs: {runs}); "
                f"{len(comparison.entries)} units ranked, {len(comparison.changes)} changes"
            )
            print(
                f"{backend:<11} overall_scores     median {overall_median:.3f} s "
                f"(runs: {', '.join(f'{t:.3f}' for t in overall_times)}); {len(scores)} assessments scored"
            )
            print(f"{backend:<11} score_assessment   median {one_median * 1000:.1f} ms (one assessment)")
            print(
                f"{backend:<11} stored bank rebuilt from the database (once per process and version): "
                f"median {cold * 1000:.1f} ms"
            )
            for name, (before_ms, after_ms) in alternated.items():
                print(
                    f"{backend:<11} {name}, alternated in one process: one bank in hand (before issue 14) "
                    f"median {before_ms:.1f} ms; own stored bank {after_ms:.1f} ms "
                    f"({(after_ms / before_ms - 1) * 100:+.0f} %)"
                )


def before_and_after(
    engine: Engine, organisation_id: int, assessment_id: int, bank: Bank, rounds: int
) -> dict[str, tuple[float, float]]:
    """Median ms of ``overall_scores`` and ``score_assessment`` as they were before issue 14
    (scored with the one bank in hand) and as they are (each assessment with its own stored
    bank), run alternately in this one process so a busy machine slows both alike."""
    from sqlmodel import col

    from assessment.models import Respondent
    from assessment.rules import scorable
    from assessment.services.answers import answers_frame, organisation_answers
    from scoring.engine import assessment_result, score_tables
    from scoring.scale import score_of

    def tables(session: Session, condition: Any) -> Any:
        return score_tables(scorable(answers_frame(session, condition, as_answers=False), bank), bank)

    def overall_before(session: Session) -> Any:
        overall = tables(session, organisation_answers(session, OPERATOR, organisation_id)).overall
        return {int(k): score_of(float(r.score), float(r.coverage), bank) for k, r in overall.iterrows()}

    def one_before(session: Session) -> Any:
        info = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=assessment_id)
        scored = tables(session, col(Respondent.assessment_id) == assessment_id)
        return assessment_result(scored, str(assessment_id), bank, info.scoring_options())

    pairs = {
        "overall_scores": (
            overall_before,
            lambda session: services.overall_scores(
                session=session, actor=OPERATOR, organisation_id=organisation_id
            ),
        ),
        "score_assessment": (
            one_before,
            lambda session: services.score_assessment(
                session=session, actor=OPERATOR, assessment_id=assessment_id
            ),
        ),
    }
    medians = {}
    for name, (before, after) in pairs.items():
        times: dict[str, list[float]] = {"before": [], "after": []}
        for _ in range(rounds):
            for when, work in (("before", before), ("after", after)):
                with session_scope(engine, write=False) as session:
                    began = time.perf_counter()
                    work(session)
                    times[when].append(time.perf_counter() - began)
        medians[name] = (statistics.median(times["before"]) * 1000, statistics.median(times["after"]) * 1000)
    return medians


def cold_bank_load(engine: Engine, version: str, repeat: int) -> float:
    """Median time to rebuild a stored bank with an empty process cache (the first use of a version)."""
    from assessment.services import banks

    times = []
    for _ in range(repeat):
        banks._cache.clear()
        began = time.perf_counter()
        with session_scope(engine, write=False) as session:
            banks.bank_by_version(session, version)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


if __name__ == "__main__":
    main()
