"""Local mode (no ``[auth]``) in a real browser: who is at the machine, who is on the network.

The app listens on every address; the same browser reaches it once through 127.0.0.1 (the
person at the machine: the operator, who sees everything) and once through the machine's
network address (anyone else: a visitor who may only join workshops and answer). Skips when
the machine has no network address besides loopback. Screenshots: ``out/screenshots/local-*.png``.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from assessment import demo
from assessment.db import create_db_engine, session_scope, upgrade
from questionnaires import load_bank
from tests.e2e.conftest import (
    DESKTOP,
    PAGE_TIMEOUT_MS,
    PHONE,
    SCREENSHOTS,
    Wire,
    close_menu,
    drawn,
    menu_entries,
    open_menu,
    running_app,
    save_screenshot,
    screen_text,
)
from tests.factories import OPERATOR

pytestmark = pytest.mark.e2e

# Names only someone who may read the demo organisation should ever be sent.
DEMO_NAMES = (demo.DEMO_ORGANISATION, demo.WORKSHOP_UNIT, demo.IN_PROGRESS_UNIT)
VISITOR_MENU = ["Join a workshop", "Questionnaire", "Help", "Privacy"]


def _network_address() -> str | None:
    """An IPv4 address of this machine other than loopback (``hostname -I``, else the route out)."""
    try:
        listed = subprocess.run(["hostname", "-I"], capture_output=True, text=True, timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    for address in listed:
        if "." in address and not address.startswith("127."):
            return address
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1; connecting a UDP socket sends nothing
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith(("127.", "0.")) else address


@pytest.fixture(scope="module")
def local_app(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[tuple[str, str]]:
    """``(loopback_url, network_url)`` of one app in local mode with the demo organisation."""
    address = _network_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback to reach the app from")
    directory = tmp_path_factory.mktemp("e2e-local")
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    engine = create_db_engine(database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        demo.create_demo(actor=OPERATOR, session=session, bank=load_bank())
    engine.dispose()
    with running_app(database_url, directory, address="0.0.0.0") as loopback_url:
        yield loopback_url, f"http://{address}:{urlsplit(loopback_url).port}"


def _new_page(browser: object, viewport: dict[str, int]) -> tuple[object, object]:
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    return context, page


@pytest.mark.parametrize("viewport_name", ["desktop", "phone"])
def test_someone_on_the_network_may_only_join_and_answer(local_app, browser, viewport_name):
    from playwright.sync_api import expect

    _, network_url = local_app
    viewport = DESKTOP if viewport_name == "desktop" else PHONE
    context, page = _new_page(browser, viewport)
    wire = Wire(page)

    page.goto(network_url)
    drawn(page)
    expect(page.get_by_test_id("stMain").get_by_role("heading", level=1)).to_contain_text("Join")
    save_screenshot(page, viewport, SCREENSHOTS / f"local-visitor-{viewport_name}.png")
    open_menu(page)
    assert menu_entries(page) == VISITOR_MENU
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Local mode")
    save_screenshot(page, viewport, SCREENSHOTS / f"local-visitor-menu-{viewport_name}.png")
    close_menu(page)

    # Typing the address of a page the visitor is not offered gets them no further.
    page.goto(f"{network_url}/results")
    drawn(page)
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
    assert not [name for name in DEMO_NAMES if name in screen_text(page)]
    assert not wire.names_of(DEMO_NAMES), "a visitor's browser is sent no organisation's names"
    context.close()


def test_the_person_at_the_machine_is_the_operator_and_sees_the_demo(local_app, browser):
    from playwright.sync_api import expect

    loopback_url, _ = local_app
    context, page = _new_page(browser, DESKTOP)
    wire = Wire(page)

    page.goto(loopback_url)
    drawn(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("combobox", name="Organisation")).to_have_value(demo.DEMO_ORGANISATION)
    menu = menu_entries(page)
    assert menu[0] == "Home" and {"Workshop", "Results", "Import", "Members"} <= set(menu)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("you are the owner of everything")
    save_screenshot(page, DESKTOP, SCREENSHOTS / "local-operator-desktop.png")
    # The same check that finds nothing for a visitor finds every name here (the table included).
    assert wire.names_of(DEMO_NAMES) == list(DEMO_NAMES)
    context.close()
