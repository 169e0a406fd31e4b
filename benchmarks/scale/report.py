"""The figures ``bench_scale.py`` prints, and whether they meet the issue's criteria."""

from __future__ import annotations

import argparse
import os
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assessment.settings import get_settings
from benchmarks import deployment
from benchmarks.scale.browsers import REFRESH_SECONDS, BrowserResult
from benchmarks.scale.measurements import PHASES, compare, gc_pauses, percentile, save_phases, script_runs
from benchmarks.scale.simulated import SimResult
from ui.answering import PROGRESS_REFRESH_SECONDS


@dataclass
class Load:
    """What happened while the thousand answered."""

    sims: list[SimResult]
    browsers: BrowserResult
    seconds: float
    began_at: float  # epoch seconds, for the probe
    samples: list[tuple[float, int, int, int]]  # seconds in, database answers, view A, view B
    restarts: list[float]
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds by role during the load
    idle: dict[str, float] = field(default_factory=dict)  # the room open, nobody answering


@dataclass
class Run:
    """Everything the report needs."""

    args: argparse.Namespace
    solo: BrowserResult
    load: Load
    stored: dict[tuple[int, str], str]
    rows: int
    participants: int
    shown: list[tuple[int, int]]
    agreed_after: float | None
    view_cost: dict[str, dict[str, float]]  # "few" and "many" answers
    answers_at_few: int
    memory: list[tuple[int, int]]
    peaks: Counter[str]
    samples: int
    split: Counter[str]
    problems: list[str]
    replicas: list[deployment.Replica]
    probe: Path
    passed: bool = False


def latency_line(label: str, values: Sequence[float]) -> str:
    return (
        f"browser save latency, {label}: p50 {percentile(values, 0.5):.0f} ms, "
        f"p95 {percentile(values, 0.95):.0f} ms, p99 {percentile(values, 0.99):.0f} ms ({len(values)} saves)"
    )


def print_answers(result: Run) -> dict[str, int]:
    """What was sent against what is stored; returns the comparison."""
    args, load_ = result.args, result.load
    sim_sent = [entry for sim in load_.sims for entry in sim.sent]
    outcome = compare(sim_sent + result.solo.sent + load_.browsers.sent, result.stored)
    outcome["duplicated"] = result.rows - len(result.stored)
    print(
        f"\nbrowsers (Chromium, Playwright) at nice {args.client_nice}; replicas, nginx, PostgreSQL and "
        f"the simulated participants at 0"
    )
    print(f"workshop: {result.participants} participants, {result.rows} answer rows in the database")
    browser_saves = len(result.solo.sent) + len(load_.browsers.sent)
    print(
        f"sent: {outcome['sent']} saves ({len(sim_sent)} simulated in {load_.seconds:.0f} s = "
        f"{len(sim_sent) / load_.seconds:.0f}/s, {browser_saves} in Chromium) "
        f"= {outcome['distinct']} distinct answers"
    )
    print(
        f"answers: saved {outcome['distinct'] - outcome['lost']}, lost {outcome['lost']}, "
        f"duplicated {outcome['duplicated']}, wrong {outcome['wrong']}; rows nobody sent "
        f"{result.rows - outcome['distinct'] + outcome['lost']}"
    )
    return outcome


def print_latency(result: Run) -> float:
    """Browser latencies alone and under load, and where the time goes; returns p95 under load
    over p95 alone."""
    args, single, loaded = result.args, result.solo.latencies_ms, result.load.browsers.latencies_ms
    ratio = percentile(loaded, 0.95) / percentile(single, 0.95)
    print(latency_line("1 participant", single))
    print(latency_line(f"{args.browsers} browsers + {args.participants} simulated", loaded))
    print(f"p95 under load = {ratio:.2f}× p95 alone (target ≤ 2)")
    for label, browser in (("1 participant", result.solo), ("under load", result.load.browsers)):
        phases = save_phases(result.probe, browser.timeline)
        print(
            f"  where the time goes, {label} (p50 / p95 ms, {len(phases[PHASES[0]])} saves matched): "
            + ", ".join(
                f"{name} {percentile(values, 0.5):.0f} / {percentile(values, 0.95):.0f}"
                for name, values in phases.items()
            )
        )
    sims = [x * 1000 for sim in result.load.sims for x in sim.latencies]
    print(
        f"simulated save (service call): p50 {percentile(sims, 0.5):.0f} ms, "
        f"p95 {percentile(sims, 0.95):.0f} ms, p99 {percentile(sims, 0.99):.0f} ms"
    )
    return ratio


def print_errors(result: Run) -> list[str]:
    errors = (
        [e for sim in result.load.sims for e in sim.errors] + result.solo.errors + result.load.browsers.errors
    )
    print(f"errors: {len(errors)}" + "".join(f"\n  {error}" for error in errors[:10]))
    print(
        f"log lines with a traceback or nginx [error]: {len(result.problems)}"
        + "".join(f"\n  {line[:240]}" for line in result.problems[:10])
    )
    return errors


def print_servers(result: Run) -> list[str]:
    """Connections and memory per replica; returns the replicas over their connection budget."""
    settings = get_settings()
    budget = settings.db_pool_size + settings.db_max_overflow
    over = []
    for replica, (rss, peak_rss) in zip(result.replicas, result.memory, strict=True):
        peak = result.peaks[replica.application_name]
        if peak > budget:
            over.append(replica.application_name)
        print(
            f"replica {replica.port}: at most {peak} database connections (budget {budget} = "
            f"pool {settings.db_pool_size} + overflow {settings.db_max_overflow}); memory "
            f"{rss / 1024:.0f} MiB resident, peak {peak_rss / 1024:.0f} MiB; "
            f"{result.split.get(f'127.0.0.1:{replica.port}', 0)} browser sessions through nginx"
        )
    others = {
        name: peak
        for name, peak in result.peaks.items()
        if name.startswith(("wayfinder-sim", "wayfinder-bench"))
    }
    print(
        f"other connections (at most): {dict(sorted(others.items()))}; "
        f"{result.samples} samples of pg_stat_activity"
    )
    spent = dict(result.load.cpu)
    machine = spent.pop("the whole machine", 0.0)
    print(
        f"CPU during the load ({result.load.seconds:.0f} s): the machine's {os.cpu_count()} cores busy "
        f"{machine / result.load.seconds / (os.cpu_count() or 1):.0%}; in cores: "
        + ", ".join(
            f"{role} {seconds / result.load.seconds:.2f}"
            for role, seconds in sorted(spent.items(), key=lambda item: -item[1])
        )
        + ", processes that ended meanwhile and the kernel "
        + f"{(machine - sum(spent.values())) / result.load.seconds:.2f}"
    )
    pauses = gc_pauses(result.probe, result.load.began_at)
    for replica in result.replicas:
        mine = pauses.get(replica.process.pid, [])
        print(
            f"replica {replica.port}: {len(mine)} garbage collections of 10 ms or more during the load, "
            f"{sum(mine):.1f} s in all, the longest {max(mine, default=0) * 1000:.0f} ms"
        )
    for (page, kind), runs in sorted(script_runs(result.probe, result.load.began_at).items()):
        seconds = [run["seconds"] * 1000 for run in runs]
        print(
            f"server script runs under load, {page or 'app'} {kind}: {len(runs)}, "
            f"p50 {percentile(seconds, 0.5):.0f} ms, p95 {percentile(seconds, 0.95):.0f} ms, "
            f"max {max(seconds):.0f} ms"
        )
    return over


def print_views(result: Run) -> None:
    ports = ", ".join(str(replica.port) for replica in result.replicas)
    verdict = (
        f"both agree, {result.agreed_after:.1f} s after the load"
        if result.agreed_after is not None
        else "they DISAGREE"
    )
    print(
        f"facilitator views (replicas {ports}) at the end: {result.shown}; database "
        f"({result.participants}, {result.rows}): {verdict}"
    )
    lags = [max(abs(a - database), abs(b - database)) for _, database, a, b in result.load.samples]
    print(
        f"live views during the load: {len(lags)} readings, behind the database by a median "
        f"{statistics.median(lags) if lags else 0:.0f} answers, at most {max(lags, default=0)} "
        f"(they refresh every {REFRESH_SECONDS} s)"
    )
    for label, answers in (("few", result.answers_at_few), ("many", result.rows)):
        cost = result.view_cost[label]
        print(
            f"live view refresh with {answers} answers: {cost['statements_median']:.0f} SQL statements "
            f"(at most {cost['statements_max']:.0f}), {cost['seconds_median'] * 1000:.0f} ms server time "
            f"(median of {cost['refreshes']} refreshes)"
        )
    few, idle, pages = result.view_cost["few"], result.load.idle, max(result.args.browsers, 1)
    print(
        f"an open questionnaire doing nothing (its progress bar reruns every {PROGRESS_REFRESH_SECONDS} s): "
        f"{(idle['replicas_cores'] - few['replicas_cores']) / pages * 1000:.1f} ms of replica CPU and "
        f"{(idle['chromium_cores'] - few['chromium_cores']) / pages * 1000:.0f} ms of Chromium CPU a second "
        f"({pages} questionnaires open against the live views alone: replicas {idle['replicas_cores']:.3f} "
        f"against {few['replicas_cores']:.3f} cores, Chromium {idle['chromium_cores']:.2f} against "
        f"{few['chromium_cores']:.2f})"
    )
    if result.args.rolling_restart:
        unconfirmed = result.load.browsers.unconfirmed
        print(
            "rolling restart during the load: "
            + ", ".join(
                f"replica {replica.port} healthy again {seconds:.1f} s after its SIGTERM"
                for replica, seconds in zip(result.replicas, result.load.restarts, strict=False)
            )
            + f"; {len(unconfirmed)} browser saves never showed 'Saved ✓' "
            f"({sum(1 for key in unconfirmed if key in result.stored)} of them stored)"
        )


def print_report(result: Run) -> bool:
    """Print every figure; True when the issue's criteria are met (with ``--rolling-restart``,
    latency and browser errors are reported, not judged)."""
    outcome = print_answers(result)
    ratio = print_latency(result)
    errors = print_errors(result)
    over_budget = print_servers(result)
    print_views(result)
    rolling = result.args.rolling_restart
    passed = (
        outcome["lost"] == outcome["duplicated"] == outcome["wrong"] == 0
        and (rolling or (not errors and ratio <= 2))
        and not over_budget
        and result.agreed_after is not None
    )
    print("\nRESULT: " + ("all criteria met" if passed else "criteria NOT met"))
    result.passed = passed
    return passed
