"""What ``bench_scale.py`` measures besides the browsers: database connections, CPU by role,
the replicas' probe lines, what was stored against what was sent, the proxy's logs."""

from __future__ import annotations

import itertools
import json
import os
import re
import statistics
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import func, make_url
from sqlmodel import col, select

from assessment.db import session_scope
from assessment.models import AnswerRow, Respondent
from benchmarks import deployment
from benchmarks.scale.browsers import Wire


class ConnectionSampler(threading.Thread):
    """pg_stat_activity every ``interval`` seconds: the most connections per application_name."""

    def __init__(self, database_url: str, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.database_url, self.interval = database_url, interval
        self.peak: Counter[str] = Counter()
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        database = make_url(self.database_url).database
        with deployment.admin_connection() as connection:
            while not self._halt.is_set():
                rows = connection.execute(
                    "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = %s GROUP BY 1",
                    (database,),
                ).fetchall()
                for name, count in rows:
                    self.peak[name] = max(self.peak[name], count)
                self.samples += 1
                self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def live_view_cost(probe: Path, since: float, until: float) -> dict[str, float]:
    """The workshop page's automatic fragment runs (the live view's refreshes) between two times."""
    runs = []
    if probe.exists():
        for line in probe.read_text().splitlines():
            record = json.loads(line)
            if record.get("page") == "workshop" and record["auto"] and since <= record["at"] <= until:
                runs.append(record)
    statements = [run["statements"] for run in runs]
    return {
        "refreshes": len(runs),
        "statements_median": statistics.median(statements) if statements else float("nan"),
        "statements_max": max(statements, default=float("nan")),
        "seconds_median": statistics.median(run["seconds"] for run in runs) if runs else float("nan"),
    }


def script_runs(probe: Path, since: float) -> dict[tuple[str, str], list[dict]]:
    """Script runs since ``since`` by page and kind (full, fragment, automatic fragment)."""
    runs: dict[tuple[str, str], list[dict]] = {}
    if probe.exists():
        for line in probe.read_text().splitlines():
            record = json.loads(line)
            if "page" in record and record["at"] >= since:
                kind = "auto" if record["auto"] else "fragment" if record["fragment"] else "full"
                runs.setdefault((record["page"], kind), []).append(record)
    return runs


PHASES = (
    "in the browser until sent",
    "to the replica",
    "on the replica",
    "back to the browser",
    "in the browser until drawn",
)


def save_phases(probe: Path, timeline: Sequence[tuple[str, float, float, Wire]]) -> dict[str, list[float]]:
    """Each browser save cut in five (ms), from the click to "Saved ✓" drawn: until Chromium's
    network stack sends the websocket frame; until the replica starts the run (nginx, the
    replica's event loop and its queue); the run (the save and the question redrawn); until
    the frame with "Saved ✓" reaches Chromium's network stack; until the page has drawn it."""
    runs: dict[str, list[tuple[float, float]]] = {}
    if probe.exists():
        for line in probe.read_text().splitlines():
            record = json.loads(line)
            if record.get("page") == "questionnaire" and record["fragment"] and not record["auto"]:
                runs.setdefault(record["query"], []).append((record["at"] - record["seconds"], record["at"]))
    phases: dict[str, list[float]] = {name: [] for name in PHASES}
    for token, click, drawn, wire in timeline:
        run = min(
            (r for r in runs.get(f"r={token}", []) if click - 0.05 <= r[0] and r[1] <= drawn), default=None
        )
        sent = min((t for t in wire.sent if click - 0.005 <= t), default=None)
        back = min((t for t in wire.saved if run and run[1] - 0.005 <= t <= drawn + 0.005), default=None)
        if run is None or sent is None or back is None:
            continue
        moments = (click, sent, run[0], run[1], back, drawn)
        for name, (first, then) in zip(PHASES, itertools.pairwise(moments), strict=True):
            phases[name].append((then - first) * 1000)
    return phases


def cpu_seconds() -> dict[int, tuple[str, float]]:
    """Every process's command line and CPU seconds so far (user + system), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            processes[int(entry.name)] = (command, (int(fields[11]) + int(fields[12])) / ticks)
    return processes


def machine_busy_seconds() -> float:
    """CPU seconds all cores have worked since boot (/proc/stat: user, nice, system, interrupts;
    not idle, I/O wait, or time the hypervisor gave to other machines)."""
    user, nice, system, _idle, _iowait, irq, softirq = map(int, Path("/proc/stat").read_text().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def cpu_by_role(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]], roles: dict[int, str]
) -> dict[str, float]:
    """CPU seconds spent between two snapshots, by role: ``roles`` names known processes, the
    rest is told apart by its command line (processes that started or ended between the two
    snapshots count from when they were seen)."""
    spent: dict[str, float] = {}
    for pid, (command, seconds) in after.items():
        role = roles.get(pid) or (
            "Chromium" if "chromium" in command
            else "PostgreSQL (all databases)" if command.startswith("postgres")
            else "nginx" if command.startswith("nginx")
            else "Playwright driver" if "playwright" in command
            else "everything else on the machine"
        )  # fmt: skip
        spent[role] = spent.get(role, 0.0) + seconds - before.get(pid, (command, 0.0))[1]
    return spent


def gc_pauses(probe: Path, since: float) -> dict[int, list[float]]:
    """Garbage collections of 10 ms or more since ``since``, per replica process (seconds)."""
    pauses: dict[int, list[float]] = {}
    if probe.exists():
        for line in probe.read_text().splitlines():
            record = json.loads(line)
            if "gc" in record and record["at"] >= since:
                pauses.setdefault(record["pid"], []).append(record["seconds"])
    return pauses


def stored_answers(engine: object, assessment_id: int) -> tuple[dict[tuple[int, str], str], int, int]:
    """(answer per respondent and question, rows, distinct respondent × question) of the workshop."""
    with session_scope(engine, write=False) as session:
        rows = session.exec(
            select(AnswerRow.respondent_id, AnswerRow.question_id, AnswerRow.value)
            .join(Respondent, col(Respondent.id) == AnswerRow.respondent_id)
            .where(col(Respondent.assessment_id) == assessment_id)
        ).all()
        participants = session.exec(
            select(func.count()).where(col(Respondent.assessment_id) == assessment_id)
        ).one()
    stored = {(respondent, question): value for respondent, question, value in rows}
    return stored, len(rows), participants


def compare(sent: Sequence[tuple[int, str, str]], stored: dict[tuple[int, str], str]) -> dict[str, int]:
    """Lost: a sent answer with no row; wrong: a row that differs from the last answer sent."""
    last: dict[tuple[int, str], str] = {}
    for respondent, question, value in sent:
        last[(respondent, question)] = value
    return {
        "sent": len(sent),
        "distinct": len(last),
        "lost": sum(1 for key in last if key not in stored),
        "wrong": sum(1 for key, value in last.items() if key in stored and stored[key] != value),
    }


def upstream_split(access_log: Path) -> Counter[str]:
    """Websocket sessions per replica, from the proxy's access log."""
    split: Counter[str] = Counter()
    if access_log.exists():
        for line in access_log.read_text().splitlines():
            if "GET /_stcore/stream" in line and (match := re.search(r"upstream=(.*?) urt=", line)):
                split[match.group(1).split(", ")[-1]] += 1
    return split


def log_problems(paths: Sequence[Path]) -> list[str]:
    problems = []
    for path in paths:
        if path.exists():
            text = path.read_text(errors="replace")
            problems += [f"{path.name}: {line}" for line in text.splitlines() if "Traceback" in line]
            problems += [f"{path.name}: {line}" for line in text.splitlines() if "[error]" in line]
    return problems
