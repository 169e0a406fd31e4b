"""escape_markdown: user text shown literally inside Streamlit markdown."""

from __future__ import annotations

import pytest

from ui.text import escape_markdown

WORD_JOINER = "\u2060"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
        ("[link](x) ![img](y)", r"\[link\]\(x\) \!\[img\]\(y\)"),
        ("<b>tag</b> &amp;", r"\<b\>tag\</b\> \&amp;"),
        (":red[colour] $x$", r"\:red\[colour\] \$x\$"),
        ("# title\n- item", r"\# title \- item"),
        ("R&D 5.1", r"R\&D 5\.1"),
    ],
)
def test_markdown_syntax_is_escaped(text, escaped):
    assert escape_markdown(text) == escaped


def test_bare_addresses_are_broken_invisibly_so_they_do_not_become_links():
    escaped = escape_markdown("see http://x.org, www.x.org or a@x.org")

    assert f"http\\:{WORD_JOINER}//" in escaped
    assert f"w{WORD_JOINER}ww" in escaped
    assert f"a\\@{WORD_JOINER}x" in escaped


def test_what_remains_after_unescaping_is_the_original_text():
    text = "Dana **bold** [link](http://example.org) <b>tag</b> www.example.org d@example.org"

    shown = escape_markdown(text).replace(WORD_JOINER, "").replace("\\", "")

    assert shown == text


def test_line_breaks_become_spaces():
    assert escape_markdown("first\n\nsecond\tthird") == "first second third"
