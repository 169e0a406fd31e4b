"""In a real browser: a survey tool's export on the Import page, its mapping step decided and imported.

The app runs on a database of its own (empty: the organisations made here stay out of the
other browser tests). The mapping step is checked with axe-core like every page
(``test_pages.py``); screenshots at desktop and phone size land in ``out/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment import services
from assessment.db import create_db_engine, session_scope
from questionnaires import load_bank
from tests.e2e.conftest import (
    DESKTOP,
    PAGE_TIMEOUT_MS,
    PHONE,
    SCREENSHOTS,
    running_app,
    save_screenshot,
    wait_for_app,
)
from tests.e2e.test_pages import AXE, _is_streamlit_own, _violations
from tests.factories import OPERATOR

pytestmark = pytest.mark.e2e


def google_forms_export() -> tuple[bytes, list[str], str]:
    """A Google Forms CSV: one question as in the bank, one reworded, one beyond recognition, one extra."""
    first, second, third = load_bank().questions[:3]
    reworded = second.text.replace("How much of your", "How much of the").rstrip("?")
    header = ["Timestamp", "Email Address", first.text, reworded, "Citizens first?", "Department"]
    rows = [
        header,
        ["2025/03/01 10:00:11 AM GMT+1", "ada@example.org", "3 - Defined", "Managed", "2", "Finance"],
        ["2025/03/01 10:05:40 AM GMT+1", "bob@example.org", "N/A", "1", "Don't know", "IT"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(), header, third.id


@pytest.fixture(scope="module")
def import_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[tuple[str, str]]:
    """``(base_url, database_url)`` of the app on an empty database of its own."""
    directory = tmp_path_factory.mktemp("e2e-import")
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    with running_app(database_url, directory) as base_url:
        yield base_url, database_url


def pick(page, label_start: str, option: str) -> None:
    """Open the select box whose label starts with ``label_start`` and choose ``option``."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label_start)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=False).first.click()
    wait_for_app(page)


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_google_forms_export_is_mapped_and_imported(import_server, browser, name, viewport):
    from playwright.sync_api import expect

    base_url, database_url = import_server
    data, headers, third = google_forms_export()
    context = browser.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=name == "phone")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/import")
    wait_for_app(page)
    pick(page, "Organisation", "New organisation…")
    for field, value in (("organisation", f"Browser imports ({name})"), ("unit", "Survey team")):
        page.get_by_label(f"Name of the new {field}").fill(value)
        page.get_by_label(f"Name of the new {field}").press("Enter")
        wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        files=[{"name": "Maturity survey (Responses).csv", "mimeType": "text/csv", "buffer": data}]
    )
    wait_for_app(page)

    expect(page.get_by_text("Read as a Google Forms export", exact=False)).to_be_visible()
    expect(page.get_by_text("2 column(s) match no question on their own", exact=False)).to_be_visible()
    expect(page.get_by_text("Matched by question text (100%)", exact=False)).to_be_visible()
    expect(page.get_by_text("Matched by close text (", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=False)).to_have_count(0)
    save_screenshot(page, viewport, SCREENSHOTS / f"import-mapping-{name}.png")
    if AXE.exists():
        ours = [violation for violation in _violations(page) if not _is_streamlit_own(violation)]
        assert not ours, json.dumps(ours, indent=2)

    pick(page, "Column E", third)
    pick(page, "Column F", "Skip this column")
    expect(page.get_by_text("match no question on their own", exact=False)).to_have_count(0)
    import_button = page.get_by_role("button", name="Import 6 answers")
    expect(import_button).to_be_enabled()
    save_screenshot(page, viewport, SCREENSHOTS / f"import-mapping-decided-{name}.png")
    import_button.click()
    expect(page.get_by_text("Imported 6 answers from 2 respondent(s)", exact=False)).to_be_visible()
    context.close()

    engine = create_db_engine(database_url)
    with session_scope(engine, write=False) as session:
        organisation = services.find_organisation(
            actor=OPERATOR, session=session, name=f"Browser imports ({name})"
        )
        [assessment] = services.list_assessments(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=assessment.id)
        remembered = services.find_import_mapping(
            actor=OPERATOR, session=session, organisation_id=organisation.id, headers=headers
        )
    engine.dispose()
    assert sorted(set(answers["respondent"])) == ["ada@example.org", "bob@example.org"]
    assert remembered == {"Citizens first?": third, "Department": "skip"}
