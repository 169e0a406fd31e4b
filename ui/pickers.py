"""The select boxes that choose an organisation, a unit or an assessment: the same on every page.

Each remembers its choice for the other pages (``ui/state.py``). A box shows the remembered
choice whenever that changed somewhere else (on another page, or because the page just
created or imported a record) and otherwise keeps what the person picked in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from assessment import services
from assessment.records import AssessmentInfo, OrganisationInfo, UnitInfo
from ui import resources, state

# Where each kind of choice is remembered for the other pages: how to read it, how to change it.
Memory = tuple[Callable[[], int | None], Callable[[int], None]]
ORGANISATION: Memory = (state.selected_organisation_id, state.select_organisation)
UNIT: Memory = (state.selected_unit_id, state.select_unit)
ASSESSMENT: Memory = (state.selected_assessment_id, state.select_assessment)

NEW = -1  # the option for "a new one", named in a text box the page shows under the picker
NO_ORGANISATIONS = "There are no organisations yet. Create one on the home page, or import responses."


def assessment_label(info: AssessmentInfo) -> str:
    """How a picker names an assessment: "12.03.2025 · Finance / Payroll · Workshop March"."""
    return f"{info.assessed_on:%d.%m.%Y} · {info.unit} · {info.title}"


def organisation_picker(*, key: str, new_option: str | None = None) -> OrganisationInfo | None:
    """Every organisation, by name.

    None when there is none yet (the page says what to do then) or when the person picks
    ``new_option``, the choice offered last for creating one.
    """
    with resources.session(write=False) as session:
        organisations = {o.id: o for o in services.list_organisations(actor=state.actor(), session=session)}
    names = {o.id: o.name for o in organisations.values()}
    chosen = _pick("Organisation", names, ORGANISATION, key=key, new_option=new_option)
    return None if chosen is None else organisations[chosen]


def unit_picker(
    units: Sequence[UnitInfo], *, key: str, label: str = "Unit", new_option: str | None = None
) -> UnitInfo | None:
    """One of ``units``, by path ("Finance / Payroll"); None as for :func:`organisation_picker`."""
    by_id = {unit.id: unit for unit in units}
    chosen = _pick(label, {unit.id: unit.path for unit in units}, UNIT, key=key, new_option=new_option)
    return None if chosen is None else by_id[chosen]


def assessment_picker(
    assessments: Sequence[AssessmentInfo], *, key: str, label: str = "Assessment"
) -> AssessmentInfo | None:
    """One of ``assessments``, newest first (and chosen when none is remembered); None when there are none."""
    newest = sorted(assessments, key=lambda info: (info.assessed_on, info.id), reverse=True)
    by_id = {info.id: info for info in newest}
    chosen = _pick(label, {info.id: assessment_label(info) for info in newest}, ASSESSMENT, key=key)
    return None if chosen is None else by_id[chosen]


def _pick(
    label: str,
    names: Mapping[int, str],
    memory: Memory,
    *,
    key: str,
    new_option: str | None = None,
) -> int | None:
    """A select box over ``names`` (id → label) that follows the choice ``memory`` keeps.

    Streamlit keeps a keyed box's value across reruns, so the box is pointed at the
    remembered choice only when that moved since the box last showed (``{key}_shown``), or
    when its own value is no longer among the options.
    """
    if not names and new_option is None:
        return None
    recall, remember = memory
    remembered = recall()
    options = {**names, NEW: new_option} if new_option is not None else dict(names)
    shown_key = f"{key}_shown"
    current = st.session_state.get(key)
    if remembered in names and (current not in options or remembered != st.session_state.get(shown_key)):
        st.session_state[key] = remembered
    elif current not in options:
        st.session_state.pop(key, None)
    chosen = st.selectbox(label, list(options), format_func=options.__getitem__, key=key)
    if chosen == NEW:
        st.session_state[shown_key] = remembered
        return None
    remember(chosen)
    st.session_state[shown_key] = chosen
    return chosen
