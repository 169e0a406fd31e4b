"""Benchmark: one workshop, a thousand participants, two app servers on PostgreSQL behind nginx (issue 18).

Everything runs on this machine and is stopped at the end, even on error: a throwaway
PostgreSQL database (created and dropped through the ``postgres`` database), two replicas
started from ``deploy/systemd/wayfinder@.service`` and nginx from ``deploy/nginx/wayfinder.conf``
(``benchmarks/deployment.py`` renders them with loopback ports). One organisation with an
open workshop is seeded through the services. Then:

1. A facilitator's Chromium opens the workshop's live view on each replica, directly on
   loopback (local mode: the person at the machine; through the proxy everyone is a visitor).
2. Baseline: one participant at a time answers in Chromium through the proxy (``?r=<token>``).
3. Load: ``--participants`` simulated participants join and save ``--answers`` answers each
   (the last one changes their first answer again) through ``services.save_answer`` in
   ``session_scope``, the app's own save path, from ``--processes`` processes with a
   replica's pool and ``--concurrency`` participants at a time each; meanwhile ``--browsers``
   Chromium participants answer through the proxy.

A save's latency in the browser is measured in the page: from the click on an answer to the
question's "Saved ✓" appearing. Reported: answers sent, saved, lost, duplicated and wrong
(what was sent compared with the database), latency p50/p95/p99 alone and under load,
errors, database connections per replica (pg_stat_activity, sampled) against the pool
budget, memory per replica (/proc), whether both facilitator views show what the database
holds, and what one refresh of the live view costs in SQL statements (a probe loaded into
the replicas, ``benchmarks/scale_probe/``) with few and with many answers.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--participants 1000 --browsers 15]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from sqlalchemy import Engine, make_url  # noqa: E402

from assessment import rules, services  # noqa: E402
from assessment.access import Actor  # noqa: E402
from assessment.db import create_db_engine, session_scope, upgrade  # noqa: E402
from assessment.records import RespondentInfo  # noqa: E402
from assessment.settings import get_settings  # noqa: E402
from benchmarks import deployment  # noqa: E402
from benchmarks.scale.browsers import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    REFRESH_SECONDS,
    BrowserResult,
    agreement,
    answer,
    open_all,
    open_questionnaire,
    open_views,
    view_figures,
)
from benchmarks.scale.measurements import (  # noqa: E402
    ConnectionSampler,
    cpu_by_role,
    cpu_seconds,
    live_view_cost,
    log_problems,
    machine_busy_seconds,
    stored_answers,
    upstream_split,
)
from benchmarks.scale.report import Load, Run, print_report  # noqa: E402
from benchmarks.scale.simulated import server_priority, simulate  # noqa: E402
from questionnaires import Bank, load_bank  # noqa: E402

OPERATOR = Actor.operator()

PROBE_DIR = Path(__file__).resolve().parent / "scale_probe"


@dataclass
class Seeded:
    """The workshop and the Chromium participants, joined through the services."""

    workshop_id: int
    join_code: str
    soloists: list[RespondentInfo]
    room: list[RespondentInfo]
    plans: Callable[[int], list[tuple[str, int, str]]]


def seed(engine: Engine, bank: Bank, args: argparse.Namespace) -> Seeded:
    """One organisation, one open workshop; the browsers' participants joined by its code.

    Each Chromium participant answers the first questions of the first area (the area a
    questionnaire opens on), each with its own level, by clicking the option's text.
    """
    upgrade(engine)
    with session_scope(engine) as session:
        organisation = services.create_organisation(actor=OPERATOR, session=session, name="Ministry of Scale")
        unit = services.create_unit(
            actor=OPERATOR, session=session, organisation_id=organisation.id, name="All staff"
        )
        workshop = services.create_assessment(
            actor=OPERATOR, session=session, unit_id=unit.id, title="All-staff survey", mode="workshop",
            assessed_on=date.today(), bank=bank,
        )  # fmt: skip
        labels = [f"Solo {n}" for n in range(args.baseline_participants)]
        labels += [f"Browser {n}" for n in range(args.browsers)]
        people = [
            services.join_workshop(session=session, join_code=workshop.join_code, client="bench", label=label)
            for label in labels
        ]
    first_area = bank.questions_in(bank.areas[0].id)[: args.browser_answers]

    def plan(index: int) -> list[tuple[str, int, str]]:
        levels = [1 + (index + position) % 5 for position in range(len(first_area))]
        return [
            (question.id, level, f"{level} · {bank.framework.level_name(level)}")
            for question, level in zip(first_area, levels, strict=True)
        ]

    split = args.baseline_participants
    return Seeded(workshop.id, workshop.join_code, people[:split], people[split:], plan)


async def quiet_view_cost(probe: Path, replicas: Sequence[deployment.Replica]) -> dict[str, float]:
    """What the live views' refreshes cost while nothing else happens: three refreshes' time,
    and the CPU the replicas and Chromium spent meanwhile (cores)."""
    since, before = time.time(), cpu_seconds()
    await asyncio.sleep(3 * REFRESH_SECONDS)
    cost = live_view_cost(probe, since, time.time())
    spent = cpu_by_role(before, cpu_seconds(), {replica.process.pid: "replicas" for replica in replicas})
    cost["replicas_cores"] = spent.get("replicas", 0.0) / (time.time() - since)
    cost["chromium_cores"] = spent.get("Chromium", 0.0) / (time.time() - since)
    return cost


async def baseline(
    browser: object, proxy_url: str, seeded: Seeded, args: argparse.Namespace
) -> BrowserResult:
    """One participant at a time through the proxy, with nothing else going on."""
    solo = BrowserResult()
    for index, person in enumerate(seeded.soloists):
        participant = await open_questionnaire(
            browser, proxy_url, person.id, person.token, seeded.plans(index)
        )
        await answer(participant, args.think, solo, random.Random(index))
        await participant.page.context.close()
    return solo


async def load(
    browser: object, cluster: deployment.Deployment, views: list, engine: Engine, bank: Bank,
    seeded: Seeded, args: argparse.Namespace, probe: Path,
) -> Load:  # fmt: skip
    """The room opens its links; then the simulated participants start in other processes and,
    ``--browser-delay`` seconds later, the browsers answer through the proxy. With
    ``--rolling-restart`` the replicas are restarted one after the other meanwhile."""
    room = await open_all(
        browser,
        cluster.proxy.url,
        [
            (person.id, person.token, seeded.plans(args.baseline_participants + index))
            for index, person in enumerate(seeded.room)
        ],
        at_once=3,
    )
    # The room's questionnaires open and nobody answering yet: what an idle open page costs.
    idle = await quiet_view_cost(probe, cluster.replicas)
    questions = [question.id for question in bank.questions]
    chunks = [list(range(args.participants))[n :: args.processes] for n in range(args.processes)]
    result = Load([], BrowserResult(), 0.0, time.time(), [], [], idle=idle)
    began, cpu_before, busy_before = time.monotonic(), cpu_seconds(), machine_busy_seconds()

    async def room_answers() -> None:
        await asyncio.sleep(args.browser_delay)
        await asyncio.gather(
            *(
                answer(participant, args.think, result.browsers, random.Random(1000 + index))
                for index, participant in enumerate(room)
            )
        )

    async def rolling_restart() -> None:
        # An upgrade as docs/operations.md describes it: one replica after the other, each
        # back and healthy before the next goes.
        await asyncio.sleep(args.browser_delay + 5)
        for replica in cluster.replicas:
            result.restarts.append(await asyncio.to_thread(replica.restart))
            await asyncio.sleep(10)

    # The simulated participants stand for work the replicas would do (each save is a service
    # call in a replica): they run at the servers' priority, not the clients'.
    with ProcessPoolExecutor(
        max_workers=args.processes,
        mp_context=get_context("spawn"),
        initializer=server_priority,
        initargs=(os.getpriority(os.PRIO_PROCESS, 0) - args.client_nice,),
    ) as pool:
        futures = [
            pool.submit(
                simulate,
                cluster.environment["WAYFINDER_DATABASE_URL"],
                f"wayfinder-sim-{n + 1}",
                seeded.join_code,
                chunk,
                args.answers,
                args.concurrency,
                args.sim_think,
                questions,
            )
            for n, chunk in enumerate(chunks)
        ]
        sims = asyncio.gather(*(asyncio.wrap_future(future) for future in futures))
        others = [room_answers()] + ([rolling_restart()] if args.rolling_restart else [])
        browsers = asyncio.gather(*others)
        while not (sims.done() and browsers.done()):
            database = stored_answers(engine, seeded.workshop_id)[1]
            shown = [(await view_figures(view))[1] for view in views]
            result.samples.append((time.monotonic() - began, database, *shown))
            await asyncio.wait({sims, browsers}, timeout=REFRESH_SECONDS)
        result.sims = await sims
        await browsers
        roles = {replica.process.pid: "replicas" for replica in cluster.replicas}
        roles.update({pid: "simulated participants" for pid in pool._processes})
        roles[os.getpid()] = "this benchmark"
        result.cpu = cpu_by_role(cpu_before, cpu_seconds(), roles)
        result.cpu["the whole machine"] = machine_busy_seconds() - busy_before
    for participant in room:  # after the count: their tabs' processes end with them
        await participant.page.context.close()
    result.seconds = time.monotonic() - began
    return result


async def run(args: argparse.Namespace, directory: Path, database_url: str) -> Run:
    from playwright.async_api import async_playwright

    bank = load_bank()
    engine = create_db_engine(
        make_url(database_url).update_query_dict({"application_name": "wayfinder-bench"})
    )
    seeded = seed(engine, bank, args)
    probe = directory / "probe.jsonl"
    settings = get_settings()
    sampler = ConnectionSampler(database_url)
    began = time.monotonic()
    with deployment.deployment(
        directory,
        database_url=database_url,
        replicas=2,
        settings={
            "WAYFINDER_DB_POOL_SIZE": str(settings.db_pool_size),
            "WAYFINDER_DB_MAX_OVERFLOW": str(settings.db_max_overflow),
            "WAYFINDER_DB_POOL_TIMEOUT": str(settings.db_pool_timeout),
        },
        extra_environment={
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROBE_DIR), os.environ.get("PYTHONPATH")])),
            "WAYFINDER_BENCH_PROBE": str(probe),
        },
        app_dir=args.app_dir,
    ) as cluster:
        sampler.start()
        # What plays the participants' and facilitators' devices from here on (this process,
        # Playwright's Chromium) runs at a lower priority than the servers started above: on a
        # machine of two cores it would otherwise take the CPU the servers would have on their
        # own hardware. The simulated participants go back to the servers' priority.
        os.nice(args.client_nice)
        print(
            f"started in {time.monotonic() - began:.1f} s: replicas "
            + " and ".join(replica.url for replica in cluster.replicas)
            + f", nginx {cluster.proxy.url}, database {make_url(database_url).database}"
        )
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                views = await open_views(browser, cluster.replicas, seeded.workshop_id)
                few = await quiet_view_cost(probe, cluster.replicas)
                answers_at_few = stored_answers(engine, seeded.workshop_id)[1]
                solo = await baseline(browser, cluster.proxy.url, seeded, args)
                loaded = await load(browser, cluster, views, engine, bank, seeded, args, probe)
                stored, rows, participants = stored_answers(engine, seeded.workshop_id)
                shown, agreed_after = await agreement(views, (participants, rows))
                # Until the last save has settled the live views read in full (rules.settled);
                # from then on a quiet refresh reads the pulse alone, whatever the answers.
                await asyncio.sleep(settings.db_pool_timeout + rules.SETTLE_MARGIN.total_seconds())
                many = await quiet_view_cost(probe, cluster.replicas)
                memory = [replica.memory_kib() for replica in cluster.replicas]
                for view in views:
                    if await view.get_by_test_id("stException").count():
                        loaded.browsers.errors.append("a facilitator view shows an exception")
            finally:
                await browser.close()
        sampler.stop()
        logs = [replica.log for replica in cluster.replicas] + [
            cluster.proxy.directory / "wayfinder.error.log"
        ]
        result = Run(
            args, solo, loaded, stored, rows, participants, shown, agreed_after,
            {"few": few, "many": many}, answers_at_few, memory, sampler.peak, sampler.samples,
            upstream_split(cluster.proxy.access_log), log_problems(logs), cluster.replicas, probe,
        )  # fmt: skip
        print_report(result)  # before the probe's folder goes
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000, help="simulated participants")
    parser.add_argument("--answers", type=int, default=5, help="saves per simulated participant")
    parser.add_argument("--processes", type=int, default=2, help="processes of simulated participants")
    parser.add_argument("--concurrency", type=int, default=16, help="participants at a time per process")
    parser.add_argument("--sim-think", type=float, default=0.5, help="mean seconds between simulated saves")
    parser.add_argument("--browsers", type=int, default=10, help="Chromium participants under load")
    parser.add_argument("--browser-answers", type=int, default=10, help="answers per Chromium participant")
    parser.add_argument("--baseline-participants", type=int, default=2, help="one after the other, alone")
    parser.add_argument("--think", type=float, default=4.0, help="mean seconds between a browser's answers")
    parser.add_argument(
        "--browser-delay", type=float, default=10.0, help="seconds into the load before the browsers answer"
    )
    parser.add_argument(
        "--client-nice",
        type=int,
        default=10,
        help="niceness of the browsers (0: same priority as the servers)",
    )
    parser.add_argument(
        "--app-dir",
        type=Path,
        default=PROJECT_DIR,
        help="the release the replicas run (default: this checkout)",
    )
    parser.add_argument(
        "--rolling-restart",
        action="store_true",
        help="restart the replicas one after the other during the load (an upgrade); latency not judged",
    )
    args = parser.parse_args()
    for reason in (deployment.nginx_reason(), deployment.postgres_reason()):
        if reason:
            sys.exit(f"bench_scale: {reason}")
    if not CHROMIUM.exists():
        sys.exit(f"bench_scale: {CHROMIUM} is missing (scripts/system-deps.sh installs it as root)")
    print("command: " + " ".join([Path(sys.executable).name, *sys.argv]))
    with (
        tempfile.TemporaryDirectory(prefix="wayfinder-scale-") as directory,
        deployment.throwaway_database() as database_url,
    ):
        result = asyncio.run(run(args, Path(directory), database_url))
    sys.exit(0 if result.passed else 1)


if __name__ == "__main__":
    main()
