"""The process-wide resources every page uses: the database engine and the question bank.

Both are ``st.cache_resource`` objects, shared by all users and threads: never mutate
them. ``session()`` opens a short SQLModel session on the cached engine for one piece
of work; nothing from it may outlive the ``with`` block: an ORM object read after its
session has closed raises ``DetachedInstanceError``.
"""

from __future__ import annotations

import functools
import gc
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlmodel import Session

from assessment import db, services
from assessment.settings import get_settings
from questionnaires import Bank, load_bank

# Heavy modules some pages import only when used: imported before the freeze, frozen too.
# ``assessment.exporting`` brings openpyxl (about 0.15 s), which the results and compare pages
# import through ``ui.downloads``: otherwise the first person to open one after a restart waits.
PAGES_IMPORT_LATER = ("plotly.graph_objects", "reports.comparison", "reports.roadmap", "assessment.exporting")


@functools.cache  # once per process: st.cache_resource.clear() must not freeze again
def _frozen_after_imports() -> None:
    for module in PAGES_IMPORT_LATER:
        importlib.import_module(module)
    # Plotly reads its property schema when the first figure is made (about 50 ms), once per process.
    importlib.import_module("plotly.graph_objects").Figure()
    gc.collect()  # garbage now is not frozen with the rest
    gc.freeze()


def freeze_after_imports() -> None:
    """Once per server process: hide every object the libraries made at import from the garbage
    collector (``gc.freeze``). A full collection otherwise walks those ~190,000 objects, 150 ms
    or more with every thread of the server stopped, in the middle of someone's save; frozen,
    it walks only what the sessions made since."""
    _frozen_after_imports()


@st.cache_resource(show_spinner=False)
def _engine_for(database_url: str) -> Engine:
    engine = db.create_db_engine(database_url)
    db.upgrade(engine)
    services.apply_retention(engine)  # the automatic purge, once per server process
    return engine


def engine() -> Engine:
    """The engine for ``WAYFINDER_DATABASE_URL``, migrated to the latest schema once per URL."""
    return _engine_for(get_settings().database_url)


@st.cache_resource(show_spinner=False)
def _bank_at(path: str) -> Bank:
    return load_bank(path)


def bank() -> Bank:
    """The question bank of ``WAYFINDER_BANK_DIR`` (the shipped bank by default)."""
    return _bank_at(str(get_settings().bank_dir))


@st.cache_resource(show_spinner=False, max_entries=32)
def _stored_bank(database_url: str, version: str) -> Bank:
    with db.session_scope(engine(), write=False) as db_session:
        return services.bank_by_version(db_session, version)


def bank_for(version: str) -> Bank:
    """A bank version (an assessment's own bank): the installed bank, else the stored one (a
    version never changes meaning)."""
    installed = bank()
    return installed if installed.version == version else _stored_bank(get_settings().database_url, version)


@contextmanager
def session(*, write: bool = True) -> Iterator[Session]:
    """A session on the cached engine: committed when the block ends, rolled back on error.

    Pass ``write=False`` when the block only reads: on SQLite it then does not queue
    behind people saving answers.
    """
    with db.session_scope(engine(), write=write) as db_session:
        yield db_session
