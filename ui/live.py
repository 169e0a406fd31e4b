"""What the facilitator's live view shows, read in full only when the workshop moved.

The live view reruns by itself every few seconds on every facilitator's screen. Each rerun
reads the workshop's pulse (``services.workshop_pulse``: one statement, whatever the number of
people and answers, with the reader's role as it is now) and draws from the data this session
already holds while the pulse is unchanged. The full reads (who joined, how far each got, the
scored answers) run when the pulse moved, while the latest save may still be followed by a
slower one committing (``rules.settled``), and at least every ``FULL_READ_SECONDS`` for what
the pulse does not carry (a participant's new name).
"""

from __future__ import annotations

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
from scoring.results import AssessmentResult
from ui import resources, scores, state

HELD = "wf_live_view"
FULL_READ_SECONDS = 30


@dataclass(frozen=True)
class LiveData:
    pulse: WorkshopPulse
    read_at: float  # time.monotonic() of the full read
    progress: WorkshopProgress
    result: AssessmentResult


def live_data(assessment_id: int, bank: Bank) -> LiveData:
    """The live view's data: what this session holds when still current, else read afresh."""
    with resources.session(write=False) as session:
        pulse = services.workshop_pulse(session=session, actor=state.actor(), assessment_id=assessment_id)
    held = st.session_state.get(HELD)
    if isinstance(held, LiveData) and _current(held, pulse):
        return held
    with resources.session(write=False) as session:
        progress = services.workshop_progress(
            actor=state.actor(), session=session, assessment_id=assessment_id, bank=bank
        )
    scored = scores.assessment_result(assessment_id)
    if scored is None:
        raise NotFoundError(f"there is no assessment with id {assessment_id}")
    fresh = LiveData(pulse, time.monotonic(), progress, scored[1])
    st.session_state[HELD] = fresh
    return fresh


def _current(held: LiveData, pulse: WorkshopPulse) -> bool:
    return (
        held.pulse == pulse
        and time.monotonic() - held.read_at < FULL_READ_SECONDS
        and rules.settled(
            pulse.latest_answer, datetime.now(UTC), pool_timeout_s=get_settings().db_pool_timeout
        )
    )
