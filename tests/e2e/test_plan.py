"""In a real browser: a unit's plan on the Plan page, one owner typed into the data editor and
saved with the explicit "Save changes" button; the change is stored with who and when.

The app runs on a database of its own (a unit whose first assessment's backlog is adopted);
screenshots at desktop and phone size land in ``out/screenshots/``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from assessment import services
from assessment.db import create_db_engine, session_scope, upgrade
from assessment.records import ItemEdit
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
from tests.factories import OPERATOR, make_answered_assessment

pytestmark = pytest.mark.e2e
# Streamlit's data editor in CSS pixels: header and row height; the Owner column comes right
# after the Action column ("medium", 200 px wide) and is narrow enough to be whole on a phone
# (a cell partly out of view scrolls the grid under the double click).
HEADER_HEIGHT, ROW_HEIGHT, OWNER_X = 35, 35, 240


def seed(database_url: str) -> int:
    """A unit with an adopted plan: one item overdue and in progress, one due soon; its id."""
    engine = create_db_engine(database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        bank = services.current_bank()
        answers = {question.id: 2 for question in bank.questions[:3]}
        made = make_answered_assessment(
            session, {"Lead": answers}, organisation="Plan office", unit="Digital"
        )
        plan = services.adopt_backlog(session=session, actor=OPERATOR, assessment_id=made.assessment.id)
        first, second = plan.items[0], plan.items[1]
        services.save_plan_items(
            session=session,
            actor=OPERATOR,
            unit_id=made.unit_id,
            edits=[
                ItemEdit(
                    first.id,
                    first.version,
                    "Ana",
                    "in progress",
                    date.today() - timedelta(days=5),
                    first.acceptance,
                    "",
                ),
                ItemEdit(
                    second.id,
                    second.version,
                    "Ben",
                    "planned",
                    date.today() + timedelta(days=30),
                    second.acceptance,
                    "",
                ),
            ],
        )
    engine.dispose()
    return made.unit_id


@pytest.fixture(scope="module")
def plan_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: Path
) -> Iterator[tuple[str, str, int]]:
    directory = tmp_path_factory.mktemp("e2e-plan")
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    unit_id = seed(database_url)
    with running_app(database_url, directory) as base_url:
        yield base_url, database_url, unit_id


def stored_plan(database_url: str, unit_id: int):
    engine = create_db_engine(database_url)
    with session_scope(engine, write=False) as session:
        plan = services.get_plan(session=session, actor=OPERATOR, unit_id=unit_id)
        history = services.plan_history(session=session, actor=OPERATOR, unit_id=unit_id)
    engine.dispose()
    return plan, history


def edit_cell(page, *, row: int, text: str) -> None:
    """Type ``text`` into the Owner cell of ``row`` the way a person does: the grid is drawn on a
    canvas, so double-click where the cell is drawn, type, press Enter."""
    canvas = page.get_by_test_id("stDataFrame").first.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # let the page settle after scrolling, so the box is where it is drawn
    box = canvas.bounding_box()
    page.mouse.dblclick(box["x"] + OWNER_X, box["y"] + HEADER_HEIGHT + ROW_HEIGHT * (row + 0.5))
    editor = page.locator("#portal textarea")  # the cell's editor, drawn over the canvas
    editor.fill(text)
    editor.press("Enter")


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_an_owner_typed_into_the_plan_is_stored_only_on_save(plan_server, browser, name, viewport):
    from playwright.sync_api import expect

    base_url, database_url, unit_id = plan_server
    context = browser.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=name == "phone")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/plan")
    wait_for_app(page)
    save_screenshot(page, viewport, SCREENSHOTS / f"plan-{name}.png")
    if AXE.exists():
        ours = [violation for violation in _violations(page) if not _is_streamlit_own(violation)]
        assert not ours, json.dumps(ours, indent=2)
    expect(page.get_by_text("1 overdue")).to_be_visible()
    expect(page.locator("[data-testid='stMarkdownContainer'] span").filter(has_text="Overdue")).to_have_count(
        1
    )

    owner = f"Owner from {name}"
    row = 2 if name == "desktop" else 3
    edit_cell(page, row=row, text=owner)
    wait_for_app(page)
    expect(page.get_by_text("1 item(s) changed, not saved yet.")).to_be_visible()
    before, _ = stored_plan(database_url, unit_id)
    assert owner not in {item.owner for item in before.items}  # nothing stored before the save

    page.get_by_role("button", name="Save changes").click()
    wait_for_app(page)
    expect(page.get_by_text("Saved: 1 item(s).")).to_be_visible()
    plan, history = stored_plan(database_url, unit_id)
    assert [item.owner for item in plan.items].count(owner) == 1
    change = next(c for c in history if c.field == "owner" and c.new == owner)
    assert change.actor == "local operator"
    save_screenshot(page, viewport, SCREENSHOTS / f"plan-saved-{name}.png")
    context.close()
