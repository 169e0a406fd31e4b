"""The thousand simulated participants: each joins with the code and saves through the services,
the app's own save path, from processes of their own (``bench_scale.py``)."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from sqlalchemy import make_url

from assessment import services
from assessment.access import Actor
from assessment.db import create_db_engine, session_scope


@dataclass
class SimResult:
    sent: list[tuple[int, str, str]] = field(default_factory=list)  # respondent, question, answer
    saves: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def simulate(
    database_url: str,
    application_name: str,
    join_code: str,
    indices: Sequence[int],
    answers: int,
    concurrency: int,
    think_seconds: float,
    questions: Sequence[str],
) -> SimResult:
    """One process of simulated participants (run in a child process, like a replica).

    Each joins with the code (its own client address), then saves ``answers`` answers one
    transaction at a time, the last one changing its first answer again.
    """
    from concurrent.futures import ThreadPoolExecutor

    url = make_url(database_url).update_query_dict({"application_name": application_name})
    engine = create_db_engine(url)
    result = SimResult()
    lock = threading.Lock()

    def participant(index: int) -> None:
        rng = random.Random(index)
        sent, latencies = [], []
        try:
            time.sleep(rng.uniform(0, think_seconds))
            with session_scope(engine) as session:
                me = services.join_workshop(
                    session=session, join_code=join_code, client=f"10.1.{index // 250}.{index % 250}",
                    label=f"Simulated {index}",
                )  # fmt: skip
            chosen = rng.sample(list(questions), answers - 1)
            plan = [(q, rng.randint(1, 5)) for q in chosen]
            plan.append((chosen[0], 1 + plan[0][1] % 5))  # a changed mind: the same row, updated
            for question_id, level in plan:
                time.sleep(rng.uniform(0, 2 * think_seconds))
                began = time.perf_counter()
                with session_scope(engine) as session:
                    services.save_answer(
                        session=session, actor=Actor.participant(me.id), respondent_id=me.id,
                        question_id=question_id, answer=level,
                    )  # fmt: skip
                latencies.append(time.perf_counter() - began)
                sent.append((me.id, question_id, str(level)))
        except Exception as error:
            with lock:
                result.errors.append(f"participant {index}: {error!r}")
        with lock:
            result.sent.extend(sent)
            result.saves += len(sent)
            result.latencies.extend(latencies)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(participant, indices))
    result.seconds = time.perf_counter() - began
    # No engine.dispose(): the connections' server processes stay until this process ends,
    # after the benchmark has read how much CPU they used.
    return result


def server_priority(niceness: int) -> None:
    """Back to the servers' priority (raising a priority needs root; without it, stay)."""
    with suppress(PermissionError):
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
