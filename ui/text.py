"""Showing user text safely inside Streamlit markdown."""

from __future__ import annotations

import re

# Everything markdown (CommonMark + GitHub extensions) or Streamlit's own directives could
# read as syntax: emphasis, links, images, code, headings, lists, tables, HTML, math, colours.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=$:&\"'])")


def escape_markdown(text: str) -> str:
    """``text`` escaped so that ``st.markdown`` shows it literally, never as formatting or HTML.

    Line breaks become spaces: user text such as a name must not start a new block.
    """
    flattened = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flattened)
