"""AppTest fixtures: every app test runs on its own temporary SQLite database.

``WAYFINDER_DATABASE_URL`` points at a fresh file for each test and Streamlit's caches are
cleared around it, so the cached engine, bank and scores never leak from one test into the
next. ``small_bank`` switches the app to a three-questions-per-area bank written to a
temporary directory (stable content, quick pages); without it the shipped bank is used.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
import yaml
from sqlalchemy import Engine
from sqlmodel import Session
from streamlit import config
from streamlit.testing.v1 import AppTest

from assessment.db import create_db_engine, session_scope, upgrade
from questionnaires import DEFAULT_BANK_DIR, Bank, load_bank

PROJECT_DIR = Path(__file__).resolve().parents[2]
APP = str(PROJECT_DIR / "app.py")
AREAS = ("culture", "devops", "architecture", "procurement", "skills")
APP_TIMEOUT_S = 30

SessionFactory = Callable[[], AbstractContextManager[Session]]


def bank_question(question_id: str, number: int) -> dict[str, Any]:
    """One valid question for a test bank; its texts name the question, so tests can find them."""
    return {
        "id": question_id,
        "text": f"Question {number} of {question_id.split('.')[0]}: how far along is it?",
        "help": f"Help for {question_id}.",
        "levels": {level: f"Descriptor {level} of {question_id}." for level in range(1, 6)},
        "steps": {"devops-cloud": 1, "product-backlog": 0.5},
        "pillars": {"security": 0.5},
        "actions": {
            level: {"title": f"Lift {question_id} to {level}", "description": "Do it.", "effort": "M"}
            for level in range(2, 6)
        },
    }


def write_bank(directory: Path, questions_per_area: Mapping[str, int]) -> Path:
    """A bank with the shipped framework and ``questions_per_area[area]`` questions in each area."""
    (directory / "areas").mkdir(parents=True)
    shutil.copy(DEFAULT_BANK_DIR / "framework.yaml", directory / "framework.yaml")
    for area in AREAS:
        questions = [bank_question(f"{area}.q{n}", n) for n in range(1, questions_per_area.get(area, 1) + 1)]
        (directory / "areas" / f"{area}.yaml").write_text(
            yaml.safe_dump({"area": area, "questions": questions}), "utf-8"
        )
    return directory


@pytest.fixture(scope="session")
def small_bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), dict.fromkeys(AREAS, 3))


@pytest.fixture
def small_bank(monkeypatch: pytest.MonkeyPatch, small_bank_dir: Path) -> Bank:
    """The app and the services use the three-questions-per-area bank."""
    monkeypatch.setenv("WAYFINDER_BANK_DIR", str(small_bank_dir))
    return load_bank(small_bank_dir)


@pytest.fixture(autouse=True)
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file for this test; Streamlit's caches are empty before and after."""
    url = f"sqlite:///{tmp_path / 'wayfinder.db'}"
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> SessionFactory:
    """``with db() as session:`` — a committed session on the test database, to seed and to check."""

    @contextmanager
    def open_session() -> Iterator[Session]:
        with session_scope(engine) as session:
            yield session

    return open_session


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    """The app shows only an error's type (config.toml); tests want the message to assert on."""
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", before)


# Enough of an ``[auth]`` section for sign-in mode: nothing contacts the provider unless a test
# clicks "Sign in" (st.login), and none does.
AUTH_SECRETS: Mapping[str, str] = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-that-is-long-enough",
    "client_id": "wayfinder-tests",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}
SIGNED_OUT: Mapping[str, Any] = {"is_logged_in": False}


def signed_in(email: str) -> dict[str, Any]:
    """What ``st.user`` holds for someone signed in with ``email``."""
    return {"is_logged_in": True, "email": email}


def page_file(page: str) -> str:
    return str(PROJECT_DIR / "ui" / "pages" / f"{page}.py")


@pytest.fixture
def open_page(tmp_path: Path) -> Callable[..., AppTest]:
    """Run ``app.py`` on one page: ``open_page("questionnaire", query_params={"r": token})``.

    ``user`` becomes ``st.user`` and ``secrets`` the app's secrets (``{"auth": AUTH_SECRETS}``
    for sign-in mode); without them the app is in local mode, where AppTest (no client
    address) is the person at the machine. The page is asked for the way a browser does:

    * by default by its file name, before the first run (what the existing tests do; for every
      page but the import page, whose address is ``/import``, that is its address);
    * ``url="import"``: as a browser opening ``/import``. AppTest asks for the page named like
      a file's name, so a stand-in file named after the address asks for exactly that address;
      a page that is not in this person's menu then gives the menu's default page instead;
    * ``from_menu=True``: the app runs once (on the person's default page), then the page is
      chosen from the menu that run built: ``ValueError`` when the person is not offered it.
    """

    def run(
        page: str | None = None,
        *,
        query_params: Mapping[str, str] | None = None,
        session_state: Mapping[str, Any] = {},
        user: Mapping[str, Any] | None = None,
        secrets: Mapping[str, Any] | None = None,
        url: str | None = None,
        from_menu: bool = False,
    ) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=APP_TIMEOUT_S)
        if user is not None:
            app.user = dict(user)
        for key, value in (secrets or {}).items():
            app.secrets[key] = value
        for key, value in (query_params or {}).items():
            app.query_params[key] = value
        for key, value in session_state.items():
            app.session_state[key] = value
        if url is not None:
            stand_in = tmp_path / "addresses" / f"{url}.py"
            stand_in.parent.mkdir(exist_ok=True)
            stand_in.touch()
            app.switch_page(str(stand_in))
            return app.run()
        if page is None:
            return app.run()
        if from_menu:
            app.run()
        app.switch_page(page_file(page))
        return app.run()

    return run


def by_label(elements: Any, label: str) -> Any:
    """The one widget in ``elements`` (e.g. ``app.text_input``) whose label is ``label``."""
    found = [element for element in elements if element.label == label]
    assert len(found) == 1, f"expected one widget labelled {label!r}, found {[e.label for e in elements]}"
    return found[0]


def open_sections(app: AppTest, *prefixes: str) -> AppTest:
    """Open the sections of the page drawn only when opened (``ui.sections``) whose keys start
    with one of ``prefixes`` (e.g. ``"wf_targets_open"``), as a person clicking them does, and rerun."""
    keys = [element.proto.id.split("-", 2)[-1] for element in app.expander]
    chosen = [key for key in keys if key.startswith(prefixes)]
    assert chosen, f"no section starting with {prefixes} among {keys}"
    for key in chosen:
        app.session_state[key] = True
    return app.run()
