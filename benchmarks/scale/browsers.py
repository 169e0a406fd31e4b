"""The Chromium participants and facilitators of ``bench_scale.py``, driven by Playwright:
opening pages, answering, timing each save in the page, reading the live view's figures."""

from __future__ import annotations

import asyncio
import base64
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import deployment

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
    """Answer the plan one question after the other, in the order the page shows them, opening
    the area's next step (untimed) when the question is not in the one shown."""
    page = participant.page
    try:
        for position, (question_id, level, option) in enumerate(participant.plan):
            name = f"Your answer to question {position + 1}"
            question = page.get_by_role("radiogroup", name=name, exact=True)
            if not await question.count():
                await page.locator(".st-key-wf_next_step button").click()
                await question.wait_for(timeout=PAGE_TIMEOUT_MS)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think_seconds)
            await page.evaluate("window.__wf.armed = true")
            await question.get_by_text(option, exact=False).click()
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
