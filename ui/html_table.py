"""Tables that are read, not edited: a DataFrame drawn as an HTML table.

The one way the app draws a table to read. ``st.table`` and ``st.dataframe`` send the frame
as Arrow, and the first of them on a page makes the browser load Streamlit's Arrow code
(arrowFormatUtils, serialization and recordbatch: 0.9 MB of JavaScript), ``st.dataframe``
also its grid; an HTML table of the same rows is a few kB and drawn at once. A long table
is searched and paged by the page (the audit trail); ``st.dataframe`` stays only where people
scroll through an upload's rows as read (an import's preview) and ``st.data_editor`` where
they edit (the plan).

Every cell is text escaped here (unit names, notes and titles are user text: never markup).
Columns whose cells are all numbers ("2.35", "40 %", "–") are right-aligned so the digits line
up. On a narrow container (a phone), a table of more than :data:`STACK_ABOVE_COLUMNS` columns
is drawn as one block per row, each cell beside its column's name, instead of a table that
scrolls sideways; the ARIA roles keep it a table for screen readers, which lose a table's
semantics once CSS changes its display.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from datetime import date, datetime
from html import escape

import pandas as pd
import streamlit as st

from scoring.formatting import count_text, date_text, moment_text, number_text, percent_text
from ui.svg_chart import NARROW_BELOW_PX

STACK_ABOVE_COLUMNS = 3
_NUMBER = re.compile(r"[−+-]?[\d.,\s\u202f\u00a0']*\d[\d.,\s\u202f\u00a0']*\s?%?|\d+–\d+|–|")
STYLE = f"""<style>
.wf-table {{ container-type: inline-size; overflow-x: auto; margin: 0 0 0.5rem; }}
.wf-table table {{ border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.4; }}
.wf-table th, .wf-table td {{ padding: 0.35rem 0.6rem; text-align: start; vertical-align: top; }}
.wf-table th {{ font-weight: 600; color: rgba(11, 15, 20, 0.65); vertical-align: bottom;
  border-bottom: 1px solid rgba(11, 15, 20, 0.25); }}
.wf-table td {{ border-bottom: 1px solid rgba(11, 15, 20, 0.1); overflow-wrap: break-word; }}
.wf-table .wf-num {{ text-align: end; font-variant-numeric: tabular-nums; }}
.wf-table td.wf-num, .wf-table td.wf-date {{ white-space: nowrap; }}
.wf-table .wf-bar {{ display: inline-block; width: 5rem; height: 0.5rem; margin-inline-end: 0.4rem;
  background: #e3e8f0; border-radius: 0.25rem; overflow: hidden; vertical-align: middle; }}
.wf-table .wf-bar span {{ display: block; height: 100%; background: #1a4d8f; }}
@container (max-width: {NARROW_BELOW_PX - 1}px) {{
  .wf-stack table, .wf-stack tbody, .wf-stack tr, .wf-stack td {{ display: block; }}
  .wf-stack thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }}
  .wf-stack tr {{ border-bottom: 1px solid rgba(11, 15, 20, 0.25); padding: 0.3rem 0; }}
  .wf-table.wf-stack td {{ display: grid; grid-template-columns: minmax(5.5rem, 38%) 1fr; gap: 0.6rem;
    border: none; padding: 0.15rem 0; text-align: start; white-space: normal; }}
  .wf-table.wf-stack td:empty {{ display: none; }}
  .wf-table.wf-stack td::before {{ content: attr(data-label); font-weight: 600;
    color: rgba(11, 15, 20, 0.65); }}
}}
</style>"""


def cell_text(value: object) -> str:
    """A cell as the page writes it: dates and numbers in the language's format, blanks empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, datetime):
        return moment_text(value)
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return count_text(int(value))
    if isinstance(value, numbers.Real):
        return number_text(float(value))
    return str(value)


def _is_number(value: object) -> bool:
    """A number, or text that writes one ("2.35", "−0.05", "40 %", a spread "1–4", "–" for not scored)."""
    if isinstance(value, str):
        return bool(_NUMBER.fullmatch(value))
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _bar_cell(share: object) -> str:
    width = 0.0 if share is None or pd.isna(share) else max(0.0, min(1.0, float(share)))
    bar = f'<span class="wf-bar" aria-hidden="true"><span style="width: {width:.0%}"></span></span>'
    return f"<span>{bar}{escape(percent_text(width))}</span>"  # one grid item when stacked


def _column(values: list[object], *, bar: bool) -> tuple[str, list[str]]:
    """A column's class (' class="wf-num"' for numbers, right-aligned; ' class="wf-date"' for
    dates, kept on one line) and the markup of its cells, each value written once."""
    if bar:
        return "", [_bar_cell(value) for value in values]
    texts = [cell_text(value) for value in values]
    present = [value for value, text in zip(values, texts, strict=True) if text]
    css = ""
    if present and all(_is_number(value) for value in present):
        css = ' class="wf-num"'
    elif present and all(isinstance(value, date) for value in present):
        css = ' class="wf-date"'
    return css, [escape(text) for text in texts]


def table_html(frame: pd.DataFrame, *, label: str, bars: Iterable[str] = ()) -> str:
    """``frame`` as an HTML table named ``label`` (its index left out); ``bars``: columns of
    shares from 0 to 1, drawn as a bar with the percentage."""
    bars = set(bars)
    names = [str(column) for column in frame.columns]
    columns = [_column(frame[column].tolist(), bar=column in bars) for column in frame.columns]
    classes = [css for css, _cells in columns]
    head = "".join(
        f'<th role="columnheader" scope="col"{css}>{escape(name)}</th>'
        for name, css in zip(names, classes, strict=True)
    )
    starts = [
        f'<td role="cell" data-label="{escape(name)}"{css}>' for name, css in zip(names, classes, strict=True)
    ]
    rows = "".join(
        '<tr role="row">'
        + "".join(f"{start}{cell}</td>" for start, cell in zip(starts, row, strict=True))
        + "</tr>"
        for row in zip(*(cells for _css, cells in columns), strict=True)
    )
    stack = " wf-stack" if len(names) > STACK_ABOVE_COLUMNS else ""
    return (
        f'{STYLE}<div class="wf-table{stack}" role="region" tabindex="0" aria-label="{escape(label)}">'
        f'<table role="table"><thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{rows}</tbody></table></div>'
    )


def show_table(frame: pd.DataFrame, *, label: str, bars: Iterable[str] = ()) -> None:
    """Draw ``frame`` (see :func:`table_html`)."""
    st.html(table_html(frame, label=label, bars=bars))
