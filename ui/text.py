"""Showing user text safely inside Streamlit markdown."""

from __future__ import annotations

import re

# Everything markdown (CommonMark + GitHub extensions) or Streamlit's own directives could
# read as syntax: emphasis, links, images, code, headings, lists, tables, HTML, math, colours.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=$:&\"'@])")
# GitHub's autolink extension turns bare URLs, www. addresses and e-mail addresses into links
# even when every punctuation mark is escaped, because it looks at the text after escaping.
# An invisible WORD JOINER (U+2060) inside the trigger stops it and changes nothing on screen.
_AUTOLINK_TRIGGER = re.compile(r"(?i)(:)(//)|(w)(ww)|(\\@)")
_WORD_JOINER = "\u2060"


def _break_autolink(match: re.Match[str]) -> str:
    if match.group(5):
        return match.group(5) + _WORD_JOINER
    first, rest = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return first + _WORD_JOINER + rest


def escape_markdown(text: str) -> str:
    """``text`` escaped so that ``st.markdown`` shows it literally, never as formatting, HTML or a link.

    Line breaks become spaces: user text such as a name must not start a new block.
    """
    flattened = " ".join(text.split())
    return _AUTOLINK_TRIGGER.sub(_break_autolink, _MARKDOWN_SPECIAL.sub(r"\\\1", flattened))
