"""Moving through an area's steps on the questionnaire: the picker above a step's questions,
the previous / next buttons under them, and the scroll up to the area's heading afterwards.

Which questions a step holds, where to resume and where the buttons lead are plain functions
in ``ui.answering``.
"""

from __future__ import annotations

import streamlit as st

from questionnaires import Bank
from questionnaires.i18n import _
from ui import answering, browser

AREA_ANCHOR = "wf-area"  # the open area's heading
SCROLL_TO_AREA = "wf_scroll_to_area"  # a step was chosen: this run scrolls up to the area's heading


def show_picker(steps: list[range], *, key: str) -> None:
    """ "Questions 1–5 · 6–9 · 10–13", the chosen step under ``key``; none for a one-step area."""
    if len(steps) > 1:
        st.segmented_control(
            _("Questions"),
            range(len(steps)),
            format_func=lambda step: answering.step_label(steps[step]),
            key=key,
            required=True,
            on_change=scroll_to_area,
        )


def show_buttons(bank: Bank, respondent_id: int, area_id: str, step: int) -> None:
    """At the end of a step: the previous step (or area) on the left, the next on the right."""
    previous, following = answering.neighbour_steps(bank, area_id, step)
    alignment = "distribute" if previous and following else "right" if following else "left"
    with st.container(horizontal=True, horizontal_alignment=alignment):
        for link, direction, label, kind in (
            (previous, "previous", previous and f"← {previous.label}", "secondary"),
            (following, "next", following and f"{following.label} →", "primary"),
        ):
            if link:
                st.button(
                    label,
                    on_click=go_to,
                    args=(respondent_id, link),
                    key=f"wf_{direction}_{link.kind}",
                    type=kind,
                )


def scroll_if_chosen() -> None:
    """After a step was chosen: bring the area's heading to the top of the window (a step chosen
    with the button under the last one would otherwise open scrolled to its end)."""
    if st.session_state.pop(SCROLL_TO_AREA, False):
        browser.scroll_to(AREA_ANCHOR)


def scroll_to_area() -> None:
    st.session_state[SCROLL_TO_AREA] = True


def go_to(respondent_id: int, link: answering.StepLink) -> None:
    """Button callback: open ``link``'s area at its step."""
    st.session_state[answering.area_key(respondent_id)] = link.area_name
    st.session_state[answering.step_key(respondent_id, link.area_id)] = link.step
    scroll_to_area()
