"""Parts of a page: sections drawn only while a person has them open, and rows of metrics.

A closed ``st.expander`` still holds its content: the script builds it, the server sends it and
the browser lays it out on every load, for something most visits never open (a form to change
targets, the table behind a chart). Here the expander reruns the page when it is opened or
closed (from cached data: a few tens of milliseconds), and its content is drawn only while it
is open. Its state is kept under ``key``, so it stays open across the reruns its content causes.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def opened(label: str, *, key: str, icon: str | None = None, open_now: bool = False) -> DeltaGenerator | None:
    """An expander labelled ``label``: the container to draw into while it is open, else None.

    ``open_now``: open it in this run (when the page has nothing to show but it, e.g. a form to
    create the first unit); it then stays open until closed."""
    if open_now:
        st.session_state[key] = True
    section = st.expander(label, icon=icon, key=key, on_change="rerun")
    return section if section.open else None


def metrics_row() -> DeltaGenerator:
    """A row for ``st.metric`` figures that wraps on a narrow screen: on a phone two or three
    short figures share a line, where ``st.columns`` would stack them one per line."""
    return st.container(horizontal=True, gap="medium")
