"""The select boxes that choose an organisation, a unit or an assessment: the same on every page.

Each remembers its choice for the other pages (``ui/state.py``). A box shows the remembered
choice whenever that changed somewhere else (on another page, or because the page just
created or imported a record) and otherwise keeps what the person picked in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from assessment import services
from assessment.access import Action, may
from assessment.records import AssessmentInfo, OrganisationInfo, UnitInfo
from questionnaires.i18n import _, lazy_gettext
from scoring.formatting import date_text
from ui import resources, state

# Where each kind of choice is remembered for the other pages: how to read it, how to change it.
Memory = tuple[Callable[[], int | None], Callable[[int], None]]
ORGANISATION: Memory = (state.selected_organisation_id, state.select_organisation)
UNIT: Memory = (state.selected_unit_id, state.select_unit)
ASSESSMENT: Memory = (state.selected_assessment_id, state.select_assessment)

NEW = -1  # the option for "a new one", named in a text box the page shows under the picker
NO_ORGANISATIONS = lazy_gettext(
    "There are no organisations yet. Create one on the home page, or import responses."
)
NOT_A_MEMBER = lazy_gettext(
    "You are not a member of an organisation here yet: ask one of its owners to add you, "
    "with the address you signed in with."
)
ADMIN_NOT_A_MEMBER = lazy_gettext(
    "You are not a member of an organisation here yet. As an instance admin you create "
    "organisations and name their members on the Members page; to see an organisation's "
    "assessments, become a member of it."
)


def assessment_label(info: AssessmentInfo) -> str:
    """How a picker names an assessment: "12.03.2025 · Finance / Payroll · Workshop March"."""
    return f"{date_text(info.assessed_on)} · {info.unit} · {info.title}"


def organisation_picker(
    *, key: str, new_option: str | None = None, needs: Action = Action.READ
) -> OrganisationInfo | None:
    """The organisations this session's person may do ``needs`` to, by name.

    An instance admin is listed every organisation's name but reads one's data only as a member
    of it, so the list keeps only those the page can use (the services check again). None when
    there is none (the page says what to do then, :func:`no_organisations`) or when the person
    picks ``new_option``, the choice offered last for creating one.
    """
    actor = state.actor()
    with resources.session(write=False) as session:
        organisations = {
            o.id: o
            for o in services.list_organisations(actor=actor, session=session)
            if may(actor, needs, o.id)
        }
    names = {o.id: o.name for o in organisations.values()}
    chosen = _pick(_("Organisation"), names, ORGANISATION, key=key, new_option=new_option)
    return None if chosen is None else organisations[chosen]


def creates_organisations() -> bool:
    """Whether this session's person may create organisations (an instance admin, or local mode)."""
    actor = state.actor()
    return actor.is_operator or actor.is_admin


def no_organisations() -> str:
    """What a page says when the person has no organisation to pick."""
    actor = state.actor()
    if actor.is_operator:
        return str(NO_ORGANISATIONS)
    return str(ADMIN_NOT_A_MEMBER if actor.is_admin else NOT_A_MEMBER)


def unit_picker(
    units: Sequence[UnitInfo], *, key: str, label: str | None = None, new_option: str | None = None
) -> UnitInfo | None:
    """One of ``units``, by path ("Finance / Payroll"); None as for :func:`organisation_picker`."""
    by_id = {unit.id: unit for unit in units}
    chosen = _pick(
        label or _("Unit"), {unit.id: unit.path for unit in units}, UNIT, key=key, new_option=new_option
    )
    return None if chosen is None else by_id[chosen]


def assessment_picker(
    assessments: Sequence[AssessmentInfo], *, key: str, label: str | None = None
) -> AssessmentInfo | None:
    """One of ``assessments``, newest first (and chosen when none is remembered); None when there are none."""
    newest = sorted(assessments, key=lambda info: (info.assessed_on, info.id), reverse=True)
    by_id = {info.id: info for info in newest}
    chosen = _pick(
        label or _("Assessment"), {info.id: assessment_label(info) for info in newest}, ASSESSMENT, key=key
    )
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
