"""Browser tests: the real app under ``streamlit run``, driven by Playwright in Debian's Chromium.

One server per test session, on a free port, with its own SQLite database seeded with the
demo organisation and a few known records (``Seed``). The tests skip, saying why, when
Chromium is not installed (``scripts/system-deps.sh`` installs it when run as root).
Waiting follows Streamlit's own e2e suite (``e2e_playwright/``): health endpoint, then the app's
connection and script state, then no skeleton left.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from assessment import demo, services
from assessment.db import create_db_engine, session_scope, upgrade
from questionnaires import load_bank
from tests.factories import OPERATOR, make_assessment, make_respondent, make_unit

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_DIR / "out" / "screenshots"
STARTUP_TIMEOUT_S = 60
PAGE_TIMEOUT_MS = 30_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# A respondent label full of markdown and HTML: the pages must show it literally.
MARKDOWN_LABEL = "Dana **bold** [link](http://example.org) <b>tag</b> :red[red] www.example.org d@example.org"

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Seed:
    """Records the tests open by id or token, next to the demo organisation."""

    leader_token: str
    self_assessment_id: int
    workshop_id: int
    join_code: str
    participant_token: str
    demo_assessment_id: int
    demo_workshop_id: int
    organisation_id: int
    database_url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed_database(database_url: str) -> Seed:
    engine = create_db_engine(database_url)
    upgrade(engine)
    bank = load_bank()
    with session_scope(engine) as session:
        organisation = demo.create_demo(actor=OPERATOR, session=session, bank=bank)
        assessments = services.list_assessments(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
        demo_assessment = max(
            assessments,
            key=lambda a: (a.mode == "self" and a.status == "closed", a.assessed_on, a.id),
        )
        demo_workshop = next(a for a in assessments if a.mode == "workshop")
        unit = make_unit(session, organisation.id, name="Browser test unit")
        own = make_assessment(session, unit.id, title="Browser self-assessment", assessed_on=date.today())
        leader = make_respondent(session, own.id, MARKDOWN_LABEL)
        workshop = make_assessment(
            session, unit.id, title="Browser workshop", mode="workshop", assessed_on=date.today()
        )
        participants = [
            services.join_workshop(
                client="test-client", session=session, join_code=workshop.join_code, label=label
            )
            for label in ("Ada", "Bo")
        ]
        first_question = bank.questions[0].id
        for participant, level in zip(participants, (1, 4), strict=True):
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=participant.id,
                question_id=first_question,
                answer=level,
            )
    engine.dispose()
    return Seed(
        leader_token=leader.token,
        self_assessment_id=own.id,
        workshop_id=workshop.id,
        join_code=workshop.join_code,
        participant_token=participants[0].token,
        demo_assessment_id=demo_assessment.id,
        demo_workshop_id=demo_workshop.id,
        organisation_id=organisation.id,
        database_url=database_url,
    )


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium (scripts/system-deps.sh does, as root)"
        )
    return CHROMIUM


@contextmanager
def running_app(
    database_url: str,
    directory: Path,
    env: Mapping[str, str] = {},
    *,
    secrets: Path | None = None,
    address: str = "127.0.0.1",
    script_dir: Path = PROJECT_DIR,
    port: int | None = None,
) -> Iterator[str]:
    """``streamlit run app.py`` on a free port and ``database_url``; yields its base URL once healthy.

    ``secrets`` is the app's only secrets file (``secrets.files``): a developer's own
    ``.streamlit/secrets.toml`` never leaks in, and without ``secrets`` the app is in local
    mode. ``address`` is where the server listens (``0.0.0.0`` to be reached off loopback);
    the URL yielded is always the loopback one. ``script_dir`` holds the ``app.py`` to serve
    (the benchmarks serve a one-line page beside the app's). ``port``: a given one (to restart a
    server where its browsers are), else a free one.
    """
    port = port or free_port()
    environment = {**os.environ, "WAYFINDER_DATABASE_URL": database_url, **env}
    if "WAYFINDER_BANK_DIR" not in env:
        environment.pop("WAYFINDER_BANK_DIR", None)
    log_path = directory / "streamlit.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                address,
                "--secrets.files",
                str(secrets or directory / "no-secrets.toml"),
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=script_dir,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_for_health(base_url, server, log_path)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[tuple[str, Seed]]:
    """``(base_url, seed)`` of a running app on a seeded temporary database."""
    directory = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    seed = seed_database(database_url)
    with running_app(database_url, directory) as base_url:
        yield base_url, seed


def _wait_for_health(base_url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy in {STARTUP_TIMEOUT_S} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def save_screenshot(page: object, viewport: Mapping[str, int], path: Path) -> None:
    """The whole page: Streamlit scrolls inside ``stMain``, so grow the window to its height first."""
    height = page.evaluate(
        "() => Math.max(...['stMain', 'stAppViewContainer'].map("
        "id => document.querySelector(`[data-testid=${id}]`)?.scrollHeight || 0))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    page.wait_for_timeout(500)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(dict(viewport))


def wait_for_app(page: object) -> None:
    """Until the script has finished and every element is drawn (Streamlit's own e2e waits)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=PAGE_TIMEOUT_MS
    )
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=PAGE_TIMEOUT_MS
    )
    page.wait_for_selector("[data-testid='stSkeleton']", state="detached", timeout=PAGE_TIMEOUT_MS)


def questions(page: object) -> object:
    """The questionnaire's questions as radio groups, in the order shown (not the step picker,
    which is a radio group too)."""
    return page.get_by_test_id("stRadio").get_by_role("radiogroup")


def drawn(page: object) -> None:
    """The page has finished drawing, without an error."""
    from playwright.sync_api import expect

    wait_for_app(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def screen_text(page: object) -> str:
    """What is drawn as text, and what the inputs (select boxes among them) show."""
    values = page.evaluate("() => [...document.querySelectorAll('input, textarea')].map(e => e.value)")
    # Escaped user text carries invisible word joiners (ui/text.py) that stop autolinks.
    return "\n".join([page.locator("body").inner_text(), *values]).replace("\u2060", "")


class Wire:
    """Everything the app sends this page over its websocket, so a name that never reaches the
    browser (not even in a closed drop-down or a canvas-drawn table) is known never to be shown."""

    def __init__(self, page: object) -> None:
        self.frames: list[bytes] = []
        page.on("websocket", lambda socket: socket.on("framereceived", self._received))

    def _received(self, payload: str | bytes) -> None:
        self.frames.append(payload.encode() if isinstance(payload, str) else payload)

    def names_of(self, names: tuple[str, ...]) -> list[str]:
        received = b"".join(self.frames)
        return [name for name in names if name.encode() in received]


def open_menu(page: object) -> None:
    """Open the sidebar where it starts closed (a phone); a no-op where it is open."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.is_visible():
        expand.click()
        page.get_by_test_id("stSidebarContent").wait_for()


def close_menu(page: object) -> None:
    """Shut the sidebar a phone opened over the page, so a screenshot shows the page."""
    if page.viewport_size["width"] < 640 and not page.get_by_test_id("stExpandSidebarButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        page.get_by_test_id("stExpandSidebarButton").wait_for()


def menu_entries(page: object) -> list[str]:
    """The page titles in the sidebar menu, in order (each link's last line: the icon comes first)."""
    return [
        text.strip().splitlines()[-1].strip()
        for text in page.get_by_test_id("stSidebarNavLink").all_inner_texts()
    ]
