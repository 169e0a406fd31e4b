"""Pages, seeding and lookups for the results, compare, bank and import page tests.

The database itself comes from ``conftest.py`` (a fresh SQLite file per test, empty
Streamlit caches): tests take its ``engine`` fixture and seed it with ``seed_assessment``
(the builders of ``tests/factories.py``, committed) or ``seed_demo``.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assessment import db, demo
from tests.factories import OPERATOR, AnsweredAssessment, make_answered_assessment

PROJECT_DIR = Path(__file__).resolve().parents[2]
PAGES = PROJECT_DIR / "ui" / "pages"
TIMEOUT = 30


def page(name: str, *, query: Mapping[str, str] | None = None) -> AppTest:
    """The app (``app.py``, with its navigation) switched to one page; not yet run on it.

    The app runs once first: before that, AppTest finds a page by its file name, which
    misses pages registered under another url path (``import_responses.py`` is ``/import``).
    """
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=TIMEOUT).run()
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.switch_page(str(PAGES / f"{name}.py"))
    return app


def seed_assessment(
    engine: Engine, answers: Mapping[str, Mapping[str, object]] | None = None, **overrides: Any
) -> AnsweredAssessment:
    """:func:`tests.factories.make_answered_assessment`, committed before the page reads it."""
    with db.session_scope(engine) as session:
        return make_answered_assessment(session, answers, **overrides)


class _TableReader(HTMLParser):
    """The header and cell texts of the tables ``ui.html_table`` drew, as a person reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[pd.DataFrame] = []
        self._header: list[str] = []
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("th", "td"):
            self._cell = []
        elif tag == "tr" and self._header:
            self._rows.append([])

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            (self._rows[-1] if tag == "td" else self._header).append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self.tables.append(pd.DataFrame(self._rows, columns=self._header))
            self._header, self._rows = [], []


def shown_tables(node: Any) -> list[pd.DataFrame]:
    """The tables drawn under ``node`` (an AppTest, or a tab or expander of it), in page order:
    every cell as the text shown (a percentage bar as its percentage)."""
    return read_tables("".join(element.proto.body for element in node.get("html")))


def read_tables(markup: str) -> list[pd.DataFrame]:
    """The tables in ``markup``, every cell as the text it shows."""
    reader = _TableReader()
    reader.feed(markup)
    return reader.tables


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first table or dataframe on the page with all ``columns`` (AppTest does not expose their keys)."""
    for frame in [*shown_tables(app), *(element.value for element in app.dataframe)]:
        if all(column in frame.columns for column in columns):
            return frame
    raise AssertionError(f"no table with columns {columns} on the page")


def seed_demo(engine: Engine) -> int:
    """The demo organisation (several units, two rounds, a workshop); returns its id."""
    with db.session_scope(engine) as session:
        return demo.create_demo(actor=OPERATOR, session=session).id


def svg_charts(app: AppTest) -> dict[str, str]:
    """The charts the page drew as SVG images (``ui.svg_chart``): their markup by key, in page order."""
    charts = {}
    for element in app.get("html"):
        body = element.proto.body
        if 'class="wf-chart"' in body:
            charts[body.split('data-chart="', 1)[1].split('"', 1)[0]] = body
    return charts


def svg_document(chart: str, *, variant: str = "wide") -> str:
    """The SVG of ``chart``'s ``wide`` or ``narrow`` drawing (its image's ``data:`` URL decoded)."""
    image = chart.split(f'class="wf-{variant}"', 1)[1]
    return base64.b64decode(image.split("data:image/svg+xml;base64,", 1)[1].split('"', 1)[0]).decode()


def svg_texts(chart: str, *, variant: str = "wide") -> list[str]:
    """The text of each label of ``chart``'s ``wide`` or ``narrow`` drawing, in drawing order."""
    svg = svg_document(chart, variant=variant)
    return [html.unescape(text) for text in re.findall(r"<text [^>]*>([^<]*)</text>", svg)]
