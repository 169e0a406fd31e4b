"""The one way a page runs an action and tells the person when the data does not allow it.

A page hands :func:`run_action` a small function that calls a service (and then does what
follows success: remember the new record, flash a message, rerun or switch page). A domain
error (:class:`~assessment.errors.WayfinderError`) stops that function and its message is
shown instead; any other exception is a bug and still surfaces as one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

import streamlit as st

from assessment.errors import WayfinderError
from ui.text import escape_markdown

T = TypeVar("T")


def _error_message(
    error: WayfinderError, *, prefix: str = "", messages: Mapping[type[WayfinderError], str] | None = None
) -> str:
    """What to show for ``error``: a page's own words for its kind, or its (escaped) text after ``prefix``.

    The error's text is escaped because it often quotes what a person typed (a name, a code).
    """
    for kind, message in (messages or {}).items():
        if isinstance(error, kind):
            return message
    return prefix + escape_markdown(str(error))


def run_action(
    action: Callable[..., T],
    *args: object,
    prefix: str = "",
    messages: Mapping[type[WayfinderError], str] | None = None,
    show: Callable[[str], object] = st.error,
) -> T | None:
    """``action(*args)``; on a domain error, its message shown and None returned.

    ``prefix`` comes before the error's text ("Nothing was imported: "); ``messages`` puts the
    page's own words in place of the text for particular kinds of error; ``show`` receives the
    message: ``st.error`` unless the page keeps it to show elsewhere (what a widget callback
    draws lands at the top of the page).
    """
    try:
        return action(*args)
    except WayfinderError as error:
        show(_error_message(error, prefix=prefix, messages=messages))
        return None
