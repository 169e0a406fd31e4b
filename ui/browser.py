"""What the questionnaire adds to the respondent's browser: notes sent as they are typed, the
workshop participant this browser joined as, and the scroll to the top of a newly chosen step.

Streamlit's text area sends its text only when the box loses focus or on Ctrl+Enter, so a note
typed into a tab that was then closed was lost. The script here sends a note a moment after
typing stops (the Ctrl+Enter the widget itself listens to: the focus and a phone's keyboard
stay), at once when the page is hidden (another app, a closed tab), and asks before leaving
while a note is still unsent.

Only fixed scripts go into ``st.html``: the one value put in (a token, into a cookie) is checked
against the tokens' alphabet first.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping

import streamlit as st

NOTE_SEND_DELAY_MS = 700  # after the last keystroke
PARTICIPANT_COOKIE = "wf_participant_"  # + the workshop's id: that browser's participant token
PARTICIPANT_COOKIE_DAYS = 30
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_ANCHOR = re.compile(r"[a-z][a-z0-9-]*")

_SEND_NOTES = """<script>
(() => {
  if (window.wayfinderNotes) return;
  window.wayfinderNotes = true;
  const pending = new Map();  // note box -> the timer of its send
  const isNote = (box) =>
    box instanceof HTMLTextAreaElement && box.closest("[class*='st-key-wf_note']") !== null;
  const send = (box) => {
    clearTimeout(pending.get(box));
    pending.delete(box);
    box.dispatchEvent(new KeyboardEvent("keydown", {
      key: "Enter", code: "Enter", keyCode: 13, ctrlKey: true, bubbles: true, cancelable: true,
    }));
  };
  const sendAll = () => [...pending.keys()].forEach(send);
  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!isNote(box)) return;
    clearTimeout(pending.get(box));
    pending.set(box, setTimeout(() => send(box), DELAY));
  }, true);
  document.addEventListener("focusout", (event) => {
    if (pending.has(event.target)) send(event.target);
  }, true);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") sendAll();
  });
  window.addEventListener("pagehide", sendAll);
  window.addEventListener("beforeunload", (event) => {
    if (!pending.size) return;
    sendAll();
    event.preventDefault();
    event.returnValue = "";
  });
})();
</script>""".replace("DELAY", str(NOTE_SEND_DELAY_MS))


def send_notes_while_typing() -> None:
    """Install the note-sending script in this page (once per page; reruns keep it)."""
    st.html(_SEND_NOTES, unsafe_allow_javascript=True, width="content")


def scroll_to(anchor: str) -> None:
    """Bring the element with id ``anchor`` (a fixed one, e.g. a heading's) to the top of the
    window. Each call is a new script (Streamlit runs an HTML block's scripts when its text
    changes), so choosing two steps in a row scrolls both times."""
    if not _ANCHOR.fullmatch(anchor):
        raise ValueError(f"not an anchor: {anchor!r}")
    target = json.dumps(anchor)
    st.html(
        f"<script>/* {time.monotonic_ns()} */ document.getElementById({target})"
        "?.scrollIntoView({block: 'start'});</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def remember_participant(assessment_id: int, token: str) -> None:
    """Keep the workshop participant's token in a cookie of this browser, so opening the join
    link again (a new tab, the QR code once more) resumes them instead of adding them twice."""
    if not _TOKEN.fullmatch(token):
        return
    cookie = json.dumps(
        f"{PARTICIPANT_COOKIE}{int(assessment_id)}={token}; path=/; "
        f"max-age={PARTICIPANT_COOKIE_DAYS * 86400}; samesite=strict"
    )
    st.html(
        f"<script>document.cookie = {cookie} + (location.protocol === 'https:' ? '; secure' : '');</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def remembered_tokens(cookies: Mapping[str, str] | None = None) -> list[str]:
    """The participant tokens this browser kept (read when it connected: ``st.context.cookies``)."""
    found = st.context.cookies if cookies is None else cookies
    return [
        value
        for name, value in found.items()
        if name.startswith(PARTICIPANT_COOKIE) and isinstance(value, str) and _TOKEN.fullmatch(value)
    ]
