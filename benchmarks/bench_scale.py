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
import base64
import itertools
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from sqlalchemy import Engine, func, make_url  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from assessment import services  # noqa: E402
from assessment.access import Actor  # noqa: E402
from assessment.db import create_db_engine, session_scope, upgrade  # noqa: E402
from assessment.models import AnswerRow, Respondent  # noqa: E402
from assessment.records import RespondentInfo  # noqa: E402
from assessment.settings import get_settings  # noqa: E402
from benchmarks import deployment  # noqa: E402
from questionnaires import Bank, load_bank  # noqa: E402

OPERATOR = Actor.operator()
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
PAGE_TIMEOUT_MS = 60_000
REFRESH_SECONDS = 5  # ui/workshop_view.REFRESH_SECONDS (not imported: it would load streamlit here)
PROBE_DIR = Path(__file__).resolve().parent / "scale_probe"

# In the page: the time from the click on an answer to one more "Saved ✓" caption.
_SAVE_TIMER = """() => {
  const wf = window.__wf = {armed: false, waiting: false, t0: 0, latencies: [], clicks: [], drawn: []};
  const saved = () => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
      .filter(e => e.textContent.includes('Saved ✓')).length;
  let last = saved();
  document.addEventListener('click', () => {
    if (wf.armed) {
      wf.t0 = performance.now(); wf.armed = false; wf.waiting = true;
      wf.clicks.push(performance.timeOrigin + wf.t0);
    }
  }, true);
  new MutationObserver(() => {
    const now = saved();
    if (now > last && wf.waiting) {
      wf.latencies.push(performance.now() - wf.t0); wf.waiting = false;
      wf.drawn.push(performance.timeOrigin + performance.now());
    }
    last = now;
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


# ---------------------------------------------------------------- simulated participants


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


# ---------------------------------------------------------------- browsers


async def wait_for_app(page: object) -> None:
    """Streamlit's own e2e waits: connected, script finished, no skeleton left."""
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=PAGE_TIMEOUT_MS
    )
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=PAGE_TIMEOUT_MS
    )
    await page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=PAGE_TIMEOUT_MS)


@dataclass
class BrowserResult:
    sent: list[tuple[int, str, str]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    # token, click, drawn (epoch s), and the page's websocket frames
    timeline: list[tuple[str, float, float, Wire]] = field(default_factory=list)
    unconfirmed: list[tuple[int, str]] = field(default_factory=list)  # saves without "Saved ✓"
    errors: list[str] = field(default_factory=list)


@dataclass
class Participant:
    """A Chromium participant: their page on the questionnaire and what they will answer."""

    respondent_id: int
    token: str
    page: object
    plan: Sequence[tuple[str, int, str]]  # question, level, the option's text
    wire: Wire


class Wire:
    """When the page's websocket frames passed Chromium's network stack (epoch seconds), from
    the DevTools protocol: every frame sent, and every frame received that carries "Saved ✓"."""

    SAVED = "Saved ✓".encode()

    def __init__(self) -> None:
        self.offset: float | None = None  # wall clock minus the protocol's monotonic clock
        self.sent: list[float] = []
        self.saved: list[float] = []

    async def listen(self, page: object) -> None:
        session = await page.context.new_cdp_session(page)
        session.on("Network.webSocketWillSendHandshakeRequest", self._handshake)
        session.on("Network.webSocketFrameSent", lambda event: self._frame(event, self.sent))
        session.on("Network.webSocketFrameReceived", self._received)
        await session.send("Network.enable")

    def _handshake(self, event: dict) -> None:
        if self.offset is None:
            self.offset = event["wallTime"] - event["timestamp"]

    def _frame(self, event: dict, into: list[float]) -> None:
        if self.offset is not None:
            into.append(event["timestamp"] + self.offset)

    def _received(self, event: dict) -> None:
        payload = event["response"]["payloadData"]
        data = base64.b64decode(payload) if event["response"]["opcode"] == 2 else payload.encode()
        if self.SAVED in data:
            self._frame(event, self.saved)


async def open_questionnaire(
    browser: object, base_url: str, respondent_id: int, token: str, plan: Sequence[tuple[str, int, str]]
) -> Participant:
    """A new browser (its own cookies) on the personal link, drawn, with the save timer in place."""
    context = await browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    wire = Wire()
    await wire.listen(page)
    await page.goto(f"{base_url}/questionnaire?r={token}")
    await wait_for_app(page)
    await page.evaluate(_SAVE_TIMER)
    return Participant(respondent_id, token, page, plan, wire)


async def answer(
    participant: Participant, think_seconds: float, result: BrowserResult, rng: random.Random
) -> None:
    """Answer the plan one question after the other, in the order the page shows them."""
    page = participant.page
    groups = page.get_by_role("radiogroup")
    try:
        for position, (question_id, level, option) in enumerate(participant.plan):
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think_seconds)
            await page.evaluate("window.__wf.armed = true")
            await groups.nth(position).get_by_text(option, exact=False).click()
            result.sent.append((participant.respondent_id, question_id, str(level)))
            try:
                # Checked every 100 ms, not every frame: the latency is timed in the page itself,
                # and polling on every animation frame would keep ten browsers drawing.
                await page.wait_for_function(
                    "n => window.__wf.latencies.length > n",
                    arg=position,
                    polling=100,
                    timeout=PAGE_TIMEOUT_MS,
                )
            except Exception as error:
                result.errors.append(
                    f"respondent {participant.respondent_id}, {question_id}: no 'Saved ✓' ({error!r})"
                )
                result.unconfirmed.append((participant.respondent_id, question_id))
                await page.evaluate("window.__wf.latencies.push(NaN); window.__wf.waiting = false")
        timer = await page.evaluate("window.__wf")
        result.latencies_ms.extend(x for x in timer["latencies"] if x == x)
        result.timeline.extend(
            (participant.token, click / 1000, drawn / 1000, participant.wire)
            for click, drawn in zip(timer["clicks"], timer["drawn"], strict=False)
        )
        if await page.get_by_test_id("stException").count():
            result.errors.append(f"respondent {participant.respondent_id}: the page shows an exception")
    except Exception as error:
        result.errors.append(f"respondent {participant.respondent_id}: {error!r}")


async def open_all(
    browser: object, base_url: str, people: Sequence[tuple[int, str, Sequence]], at_once: int
) -> list[Participant]:
    """Everyone's questionnaire, ``at_once`` loading at a time (a room does not click the link
    in the same millisecond, and this machine has two cores)."""
    gate = asyncio.Semaphore(at_once)

    async def one(respondent_id: int, token: str, plan: Sequence) -> Participant:
        async with gate:
            return await open_questionnaire(browser, base_url, respondent_id, token, plan)

    return list(await asyncio.gather(*(one(*person) for person in people)))


async def view_figures(page: object) -> tuple[int, int]:
    """(participants, answers saved) as the facilitator's live view shows them."""
    metrics = page.get_by_test_id("stMetric")

    async def metric(label: str) -> int:
        text = await metrics.filter(has_text=label).get_by_test_id("stMetricValue").inner_text()
        return int(re.sub(r"\D", "", text))

    return await metric("Participants"), await metric("Answers saved")


# ---------------------------------------------------------------- measurements


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


# ---------------------------------------------------------------- the run


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


async def open_views(browser: object, replicas: Sequence[deployment.Replica], workshop_id: int) -> list:
    """The facilitator's live view on each replica, straight to it on loopback (the operator)."""
    views = []
    for replica in replicas:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        await page.goto(f"{replica.url}/workshop?assessment={workshop_id}")
        await wait_for_app(page)
        views.append(page)
    return views


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


async def agreement(views: list, expected: tuple[int, int]) -> tuple[list[tuple[int, int]], float | None]:
    """Both live views' (participants, answers) and the seconds until both show ``expected``
    (None when they do not within six refreshes)."""
    began = time.monotonic()
    shown: list[tuple[int, int]] = []
    while time.monotonic() - began < 6 * REFRESH_SECONDS:
        shown = [await view_figures(view) for view in views]
        if all(figures == expected for figures in shown):
            return shown, time.monotonic() - began
        await asyncio.sleep(0.5)
    return shown, None


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


# ---------------------------------------------------------------- the report


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
        f"an open questionnaire doing nothing (its progress bar reruns every 2 s): "
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
