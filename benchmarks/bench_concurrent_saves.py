"""Benchmark: 50 workshop participants saving 60 answers each, one by one, all at once (issue 4).

Each participant is a thread with its own sessions, joins the workshop by its code, then
saves its 60 answers one transaction at a time, as the app does. Afterwards the rows are
counted and compared with what every thread saved: the figure is zero lost, zero
duplicated, zero wrong answers, and the throughput in answers per second (target on
SQLite: ≥ 300/s). Runs on SQLite and, when reachable, on PostgreSQL.
Run: ``.venv/bin/python benchmarks/bench_concurrent_saves.py [--participants 50 --answers 60]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

from persistence_support import backends, bank_with, fresh_database
from sqlalchemy import Engine, func
from sqlmodel import col, select

from assessment import services
from assessment.access import Actor
from assessment.db import session_scope
from assessment.models import AnswerRow, Respondent
from questionnaires import Bank

OPERATOR = Actor.operator()


def run(engine: Engine, bank: Bank, participants: int, answers: int) -> dict[str, float]:
    with session_scope(engine) as session:
        organisation = services.create_organisation(
            actor=OPERATOR, session=session, name="Benchmark ministry"
        )
        unit = services.create_unit(
            actor=OPERATOR, session=session, organisation_id=organisation.id, name="Workshop unit"
        )
        workshop = services.create_assessment(actor=OPERATOR,
            session=session, unit_id=unit.id, title="Live workshop", mode="workshop",
            assessed_on=date(2025, 3, 1), bank=bank,
        )  # fmt: skip
    questions = [question.id for question in bank.questions][:answers]
    expected: dict[tuple[int, str], int] = {}
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start_together = threading.Barrier(participants)

    def participant(index: int) -> None:
        try:
            with session_scope(engine) as session:
                me = services.join_workshop(
                    session=session, join_code=workshop.join_code, client=f"10.0.0.{index}", label=f"P{index}"
                )
            start_together.wait()
            mine = []
            for position, question_id in enumerate(questions):
                level = 1 + (index * 7 + position) % 5
                began = time.perf_counter()
                with session_scope(engine) as session:
                    services.save_answer(
                        actor=OPERATOR,
                        session=session,
                        respondent_id=me.id,
                        question_id=question_id,
                        answer=level,
                        bank=bank,
                    )
                mine.append(time.perf_counter() - began)
                expected[(me.id, question_id)] = level
            with lock:
                latencies.extend(mine)
        except BaseException as error:
            with lock:
                errors.append(error)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=participants) as pool:
        list(pool.map(participant, range(participants)))
    elapsed = time.perf_counter() - began

    with session_scope(engine, write=False) as session:
        rows = session.exec(
            select(AnswerRow.respondent_id, AnswerRow.question_id, AnswerRow.value)
            .join(Respondent, col(Respondent.id) == AnswerRow.respondent_id)
            .where(col(Respondent.assessment_id) == workshop.id)
        ).all()
        distinct = session.exec(
            select(func.count()).select_from(
                select(AnswerRow.respondent_id, AnswerRow.question_id).distinct().subquery()
            )
        ).one()
    stored = {(respondent, question): int(value) for respondent, question, value in rows}
    latencies.sort()
    return {
        "saves": len(latencies),
        "seconds": elapsed,
        "rows": len(rows),
        "lost": sum(1 for key in expected if key not in stored),
        "duplicated": len(rows) - distinct,
        "wrong": sum(1 for key, level in expected.items() if stored.get(key, level) != level),
        "errors": len(errors),
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000 if latencies else float("nan"),
        "first_error": repr(errors[0]) if errors else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--answers", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        bank = bank_with(args.answers, Path(directory) / "bank")
        print(
            f"concurrent saves: {args.participants} participants (threads) × {args.answers} answers, "
            "one transaction per answer"
        )
        for backend in backends():
            with fresh_database(backend) as engine:
                figures = run(engine, bank, args.participants, args.answers)
            print(
                f"{backend:<11} {figures['saves']:.0f} saves in {figures['seconds']:.2f} s = "
                f"{figures['saves'] / figures['seconds']:.0f} answers/s "
                f"(latency p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms); "
                f"rows {figures['rows']:.0f}, lost {figures['lost']:.0f}, "
                f"duplicated {figures['duplicated']:.0f}, "
                f"wrong {figures['wrong']:.0f}, errors {figures['errors']:.0f} {figures['first_error']}"
            )


if __name__ == "__main__":
    main()
