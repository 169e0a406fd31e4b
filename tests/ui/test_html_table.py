"""The one table to read (``ui.html_table``): text escaped, numbers aligned, formats of the language."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from questionnaires.i18n import language
from tests.ui.helpers_insight import read_tables
from ui.html_table import cell_text, table_html


def read(markup: str) -> pd.DataFrame:
    [frame] = read_tables(markup)
    return frame


def test_user_text_is_shown_as_typed_and_never_becomes_markup() -> None:
    typed = '<img src=x onerror="alert(1)"> **R&D** [x](javascript:y)'
    markup = table_html(pd.DataFrame({"Unit": [typed]}), label='Units "A" & <B>')
    assert "<img" not in markup and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    assert 'aria-label="Units &quot;A&quot; &amp; &lt;B&gt;"' in markup
    assert list(read(markup)["Unit"]) == [typed]


def test_number_columns_are_right_aligned_and_text_columns_are_not() -> None:
    frame = pd.DataFrame(
        {
            "Unit": ["North", "South"],
            "Score": ["2.35", "–"],
            "Change": ["−0.05", "+1.20"],
            "Coverage": ["40 %", "100%"],
            "Spread": ["1–4", "3"],
            "People": np.array([3, 12]),
            "Level": ["2 · Developing", "–"],
        }
    )
    markup = table_html(frame, label="Units")
    numeric = {
        cell.split('data-label="')[1].split('"')[0] for cell in markup.split("<td")[1:] if "wf-num" in cell
    }
    assert numeric == {"Score", "Change", "Coverage", "Spread", "People"}
    assert markup.count('scope="col" class="wf-num"') == 5, "their headers too"


def test_dates_counts_and_blanks_are_written_as_the_language_writes_them() -> None:
    frame = pd.DataFrame(
        {"Date": [date(2026, 11, 26), None], "Answers": [123782, 4], "Weight": [1.5, np.nan]}
    )
    with language("en"):
        assert read(table_html(frame, label="x")).to_dict("records") == [
            {"Date": "26 Nov 2026", "Answers": "123,782", "Weight": "1.5"},
            {"Date": "", "Answers": "4", "Weight": ""},
        ]
    with language("de"):
        assert read(table_html(frame, label="x")).loc[0].to_dict() == {
            "Date": "26.11.2026",
            "Answers": "123.782",
            "Weight": "1,5",
        }
    assert cell_text(True) == "True" and cell_text(pd.NaT) == ""


def test_a_share_column_is_a_bar_with_its_percentage_clamped_to_the_bar() -> None:
    markup = table_html(
        pd.DataFrame({"Who": ["A", "B", "C"], "Share": [0.5, 1.4, None]}), label="x", bars=["Share"]
    )
    assert list(read(markup)["Share"]) == ["50%", "100%", "0%"]
    assert 'style="width: 50%"' in markup and 'style="width: 100%"' in markup
    assert markup.count('class="wf-bar" aria-hidden="true"') == 3, "the percentage is read, not the bar"


def test_only_tables_of_more_than_three_columns_stack_on_a_phone_and_each_cell_names_its_column() -> None:
    narrow = table_html(pd.DataFrame({"a": [1], "b": [2], "c": [3]}), label="x")
    wide = table_html(pd.DataFrame({"a": [1], "b": [2], "c": [3], "d": ["four"]}), label="x")
    assert 'class="wf-table"' in narrow and 'class="wf-table wf-stack"' in wide
    assert '<td role="cell" data-label="d">four</td>' in wide
    assert 'role="region" tabindex="0"' in wide, "a table that scrolls can be scrolled from the keyboard"
