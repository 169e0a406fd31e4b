"""In a real browser: a hostile file on the Import page. Its name, ``![i](x) :red[R] **B**.csv``,
is shown as typed (no image fetched, no colour, no bold), and a file of thousands of bad rows
ends at once with a bounded list of problems. Screenshots at desktop and phone size land in
``out/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    DESKTOP,
    PAGE_TIMEOUT_MS,
    PHONE,
    SCREENSHOTS,
    running_app,
    save_screenshot,
    wait_for_app,
)
from tests.e2e.test_import_mapping import pick

pytestmark = pytest.mark.e2e

HOSTILE_NAME = "![i](x) :red[R] **B**.csv"
BAD_ROWS = "respondent,question,answer\n" + "".join(f"P{n},no-such-question,banana\n" for n in range(50_000))


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("e2e-hostile-import")
    with running_app(f"sqlite:///{directory / 'wayfinder.db'}", directory) as base_url:
        yield base_url


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_hostile_files_name_is_shown_literally_and_its_problems_are_bounded(
    import_server, browser, name, viewport
):
    from playwright.sync_api import expect

    context = browser.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=name == "phone")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{import_server}/import")
    wait_for_app(page)
    pick(page, "Organisation", "New organisation…")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": HOSTILE_NAME, "mimeType": "text/csv", "buffer": BAD_ROWS.encode()}]
    )
    wait_for_app(page)

    alert = page.get_by_test_id("stAlertContentError").first
    expect(alert).to_contain_text(f"{HOSTILE_NAME} cannot be imported")
    expect(alert.locator("img, strong, [class*='red']")).to_have_count(0)
    expect(page.get_by_text("stopped reading at row", exact=False).first).to_be_visible()
    save_screenshot(page, viewport, SCREENSHOTS / f"import-hostile-{name}.png")
    assert not [url for url in fetched if url.rstrip("/").endswith("/x")]
    context.close()
