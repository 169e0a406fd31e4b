"""What the facilitator's live view shows: counters every refresh, tables only when worth reading.

The live view reruns by itself every few seconds on every facilitator's screen, on whichever
app server the browser reaches. Each rerun reads the workshop's pulse (``services.workshop_pulse``:
one statement, whatever the number of people and answers, with the reader's role as it is now);
the counters (participants, answers saved) come from it. The tables (who got how far, the
answers per question, the discussion points) need the full reads and the scoring, which hold an
app server for a moment that grows with the answers, so they are read again only:

- when the page itself ran (the facilitator did something), and
- when the pulse moved or the latest save may still be followed by a slower one committing
  (``rules.settled``), but not before the last full read is ``1 / READ_SHARE`` times its own
  duration old: a facilitator's tables take at most that share of an app server's time, so a
  small workshop's tables follow every refresh and a thousand people's every few seconds, and
- at least every ``FULL_READ_SECONDS``, for what the pulse does not carry (a new name).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st

from assessment import rules, services
from assessment.errors import NotFoundError
from assessment.records import WorkshopProgress
from assessment.services import WorkshopPulse
from assessment.settings import get_settings
from questionnaires import Bank
from questionnaires.i18n import _
from scoring.results import AssessmentResult
from ui import resources, scores, state

HELD = "wf_live_view"
PAGE_RAN = "wf_live_view_page_ran"
READ_SHARE = 0.01
FULL_READ_SECONDS = 30


@dataclass(frozen=True)
class LiveData:
    pulse: WorkshopPulse  # read at this refresh: the counters
    read: WorkshopPulse  # read with the tables below
    read_at: float  # time.monotonic() when the full read ended
    read_seconds: float  # how long it took
    progress: WorkshopProgress
    result: AssessmentResult


def page_ran() -> None:
    """The page ran in full (not only its live part): read the tables again at once."""
    st.session_state[PAGE_RAN] = True


def live_data(assessment_id: int, bank: Bank) -> LiveData:
    """The live view's counters, read now, and its tables: held ones while still good enough."""
    with resources.session(write=False) as session:
        pulse = services.workshop_pulse(session=session, actor=state.actor(), assessment_id=assessment_id)
    held = st.session_state.get(HELD)
    page_ran_now = st.session_state.pop(PAGE_RAN, False)
    if isinstance(held, LiveData) and held.read.assessment_id == assessment_id and not page_ran_now:
        age = time.monotonic() - held.read_at
        if age < min(held.read_seconds / READ_SHARE, FULL_READ_SECONDS) or _current(held.read, pulse, age):
            return dataclasses.replace(held, pulse=pulse)
    began = time.monotonic()
    with resources.session(write=False) as session:
        progress = services.workshop_progress(
            actor=state.actor(), session=session, assessment_id=assessment_id, bank=bank
        )
    scored = scores.assessment_result(assessment_id)
    if scored is None:
        raise NotFoundError(
            _("there is no assessment with id {assessment_id}").format(assessment_id=assessment_id)
        )
    ended = time.monotonic()
    fresh = LiveData(pulse, pulse, ended, ended - began, progress, scored[1])
    st.session_state[HELD] = fresh
    return fresh


def _current(read: WorkshopPulse, pulse: WorkshopPulse, age: float) -> bool:
    return (
        read == pulse
        and age < FULL_READ_SECONDS
        and rules.settled(
            pulse.latest_answer, datetime.now(UTC), pool_timeout_s=get_settings().db_pool_timeout
        )
    )
